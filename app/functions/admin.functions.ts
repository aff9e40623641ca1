import { createServerFn } from '@tanstack/react-start'
import { requireAdmin } from '../middleware/admin.ts'
import { ADMIN_ROLE_PERMISSIONS, type AdminPermission, type AdminRole } from '../session/admin.ts'

/**
 * The admin console. Every function names the admin permission it needs (`requireAdmin`), which
 * is re-read from the database on each call; admin actions are written to the ledger by their
 * services, naming the admin, their session and where they came from.
 */

export interface AdminContextJSON {
  userId: string
  role: AdminRole
  permissions: readonly AdminPermission[]
}

/** Who is using the console and what they may do (the console hides what they may not). */
export const $getAdminContext = createServerFn({ method: 'GET' })
  .middleware([requireAdmin('admin:read')])
  .handler(
    async ({ context }): Promise<AdminContextJSON> => ({
      userId: context.admin.id,
      role: context.admin.role,
      permissions: ADMIN_ROLE_PERMISSIONS[context.admin.role],
    }),
  )
