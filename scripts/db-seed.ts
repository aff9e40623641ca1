/**
 * `npm run db:seed`: creates the demo users of db/demo-accounts.ts, their plans, and the
 * organization they share. Development only: it refuses to run in production (ASVS 6.3.2: no
 * default accounts). Running it twice changes nothing.
 */

import { eq } from 'drizzle-orm'
import { newId } from '../app/server/crypto.server.ts'
import { getEnv } from '../app/server/env.server.ts'
import { hashPassword } from '../app/server/passwords.server.ts'
import { createUser, emailExists, findUserIdByIdentifier } from '../app/server/users.server.ts'
import { migrateDatabase, openDatabase } from '../db/client.ts'
import { DEMO_ACCOUNTS, DEMO_ORGANIZATION } from '../db/demo-accounts.ts'
import { organizationMemberships, organizations, users } from '../db/schema.ts'

const env = getEnv()
if (env.NODE_ENV === 'production') {
  console.error('Refusing to seed demo accounts in production (NODE_ENV=production).')
  process.exit(1)
}

const options = { url: env.DATABASE_URL, dataDir: env.PGLITE_DIR }
const handle = await openDatabase(options)
const { db } = handle
try {
  await migrateDatabase(handle, options)
  const now = new Date()
  for (const { plan, adminRole, ...account } of DEMO_ACCOUNTS) {
    if (await emailExists(db, account.email)) {
      console.log(`  exists   ${account.email}`)
      continue
    }
    const passwordHash = await hashPassword(account.password)
    const user = await createUser(db, { ...account, passwordHash, emailVerified: true }, now)
    await db.update(users).set({ plan, adminRole }).where(eq(users.id, user.id))
    const extras = [plan && `plan: ${plan}`, adminRole && `admin role: ${adminRole}`].filter(Boolean)
    console.log(
      `  created  ${account.email}  (password: ${account.password}${extras.map((extra) => `, ${extra}`).join('')})`,
    )
  }

  const [existing] = await db.select().from(organizations).where(eq(organizations.slug, DEMO_ORGANIZATION.slug))
  if (existing) {
    console.log(`  exists   organization ${DEMO_ORGANIZATION.name}`)
  } else {
    const organizationId = newId('organization')
    const { name, slug, plan } = DEMO_ORGANIZATION
    await db.insert(organizations).values({ id: organizationId, name, slug, plan, createdAt: now, updatedAt: now })
    for (const member of DEMO_ORGANIZATION.members) {
      const userId = await findUserIdByIdentifier(db, { kind: 'email_address', value: member.email })
      if (!userId) continue
      await db.insert(organizationMemberships).values({
        id: newId('membership'),
        organizationId,
        userId,
        role: member.role,
        createdAt: now,
        updatedAt: now,
      })
    }
    console.log(`  created  organization ${name} (/${slug}, plan ${plan}): Ada admin, Grace analyst, Alan member`)
  }
  console.log(`Demo accounts ready (${handle.driver}). Sign in at /sign-in.`)
} finally {
  await handle.close()
}
