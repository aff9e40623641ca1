/**
 * `npm run db:seed`: creates the demo users of db/demo-accounts.ts. Development only: it refuses to
 * run in production (ASVS 6.3.2: no default accounts). Running it twice changes nothing.
 */

import { getEnv } from '../app/server/env.server.ts'
import { hashPassword } from '../app/server/passwords.server.ts'
import { createUser, emailExists } from '../app/server/users.server.ts'
import { migrateDatabase, openDatabase } from '../db/client.ts'
import { DEMO_ACCOUNTS } from '../db/demo-accounts.ts'

const env = getEnv()
if (env.NODE_ENV === 'production') {
  console.error('Refusing to seed demo accounts in production (NODE_ENV=production).')
  process.exit(1)
}

const options = { url: env.DATABASE_URL, dataDir: env.PGLITE_DIR }
const handle = await openDatabase(options)
try {
  await migrateDatabase(handle, options)
  const now = new Date()
  for (const account of DEMO_ACCOUNTS) {
    if (await emailExists(handle.db, account.email)) {
      console.log(`  exists   ${account.email}`)
      continue
    }
    const passwordHash = await hashPassword(account.password)
    await createUser(handle.db, { ...account, passwordHash, emailVerified: true }, now)
    console.log(`  created  ${account.email}  (password: ${account.password})`)
  }
  console.log(`Demo accounts ready (${handle.driver}). Sign in at /sign-in.`)
} finally {
  await handle.close()
}
