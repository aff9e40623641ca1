import { useRouteContext } from '@tanstack/react-router'
import type { AdminPermission } from '../../session/admin.ts'

/**
 * The admin using the console, from the console's route (`$getAdminContext`): pages hide what
 * `can` denies. Display only: every admin function checks the permission itself.
 */
export function useAdmin() {
  const { admin } = useRouteContext({ from: '/_authed/admin' })
  return { ...admin, can: (permission: AdminPermission) => admin.permissions.includes(permission) }
}
