/**
 * `npm run admin -- grant <email> [support|admin|owner]`, `npm run admin -- revoke <email>`,
 * `npm run admin -- list`: who may use the admin console (/admin). The first admin of a new
 * instance is made here; later ones too (the console does not hand out admin roles, so a
 * compromised admin session cannot mint more admins).
 */

import { isNotNull } from 'drizzle-orm'
import { setAdminRole } from '../app/server/admin.server.ts'
import { getEnv } from '../app/server/env.server.ts'
import { findUserIdByIdentifier } from '../app/server/users.server.ts'
import { ADMIN_ROLES, isAdminRole } from '../app/session/admin.ts'
import { normalizeEmail } from '../app/session/identifiers.ts'
import { migrateDatabase, openDatabase } from '../db/client.ts'
import { users } from '../db/schema.ts'

const [command, email, role = 'admin'] = process.argv.slice(2)
const usage = `usage: npm run admin -- grant <email> [${ADMIN_ROLES.join('|')}] | revoke <email> | list`

const env = getEnv()
const options = { url: env.DATABASE_URL, dataDir: env.PGLITE_DIR }
const handle = await openDatabase(options)
let exitCode = 0
try {
  await migrateDatabase(handle, options)
  const { db } = handle
  if (command === 'list') {
    const admins = await db
      .select({ id: users.id, role: users.adminRole, firstName: users.firstName, lastName: users.lastName })
      .from(users)
      .where(isNotNull(users.adminRole))
    for (const admin of admins)
      console.log(`${admin.role}\t${admin.id}\t${admin.firstName ?? ''} ${admin.lastName ?? ''}`)
    if (admins.length === 0) console.log('No admins yet: npm run admin -- grant <email> owner')
  } else if ((command === 'grant' || command === 'revoke') && email) {
    if (command === 'grant' && !isAdminRole(role)) throw new Error(`unknown role "${role}"; ${usage}`)
    const normalized = normalizeEmail(email)
    const userId = normalized ? await findUserIdByIdentifier(db, { kind: 'email_address', value: normalized }) : null
    if (!userId) throw new Error(`no user has the verified email address "${email}"`)
    await setAdminRole(db, userId, command === 'grant' && isAdminRole(role) ? role : null, new Date())
    console.log(command === 'grant' ? `${email} is now ${role}` : `${email} is no longer an admin`)
  } else {
    console.error(usage)
    exitCode = 2
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  exitCode = 1
} finally {
  await handle.close()
}
process.exit(exitCode)
