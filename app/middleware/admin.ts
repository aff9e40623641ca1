/**
 * The admin console's authorization: every admin server function names the permission it needs
 * (app/session/admin.ts), and this reads the caller's admin role from the database on every call
 * (a revoked role takes effect at once, not a token lifetime later). A session someone is
 * impersonating or an agent runs is never an admin, whoever its user is (security.md VULN-09).
 */

import { createMiddleware } from '@tanstack/react-start'
import { adminRoleOf } from '../server/admin.server.ts'
import { getDb } from '../server/db.server.ts'
import { type AdminPermission, adminCan } from '../session/admin.ts'
import { TesseraError } from '../session/errors.ts'
import { requireFreshActiveSession } from './session.ts'

export function requireAdmin(permission: AdminPermission) {
  return createMiddleware({ type: 'function' })
    .middleware([requireFreshActiveSession])
    .server(async ({ next, context }) => {
      if (context.session.actor) throw new TesseraError('impersonation_forbidden')
      const role = await adminRoleOf(await getDb(), context.session.userId)
      if (role === null || !adminCan(role, permission))
        throw new TesseraError('admin_forbidden', { meta: { permission } })
      return next({ context: { admin: { id: context.session.userId, role } } })
    })
}
