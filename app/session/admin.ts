/**
 * Instance administration: who may use the admin console, and for what. An instance admin holds
 * one role (the `users.admin_role` column, granted with `npm run admin -- grant <email>`); each role
 * is a fixed set of permissions, checked by every admin server function against the database.
 *
 * Impersonating another admin is its own permission (security.md VULN-09): a support agent who can
 * impersonate customers cannot borrow an owner's powers by impersonating the owner.
 */

export const ADMIN_PERMISSIONS = [
  /** See users, sessions, organizations, the ledger and the dashboard. */
  'admin:read',
  /** Ban and unban, force a password reset, remove a factor, assign plans. */
  'admin:manage_users',
  /** Revoke sessions: one, all of a user's, or every session of the instance. */
  'admin:manage_sessions',
  /** Impersonate a user who is not an admin. */
  'admin:impersonate',
  /** Impersonate another admin. */
  'admin:impersonate_admins',
  /** Rotate the signing keys, manage webhook endpoints. */
  'admin:manage_instance',
] as const

export type AdminPermission = (typeof ADMIN_PERMISSIONS)[number]

export const ADMIN_ROLES = ['support', 'admin', 'owner'] as const

export type AdminRole = (typeof ADMIN_ROLES)[number]

export const ADMIN_ROLE_PERMISSIONS: Record<AdminRole, readonly AdminPermission[]> = {
  support: ['admin:read', 'admin:manage_sessions', 'admin:impersonate'],
  admin: ['admin:read', 'admin:manage_users', 'admin:manage_sessions', 'admin:impersonate', 'admin:manage_instance'],
  owner: ADMIN_PERMISSIONS,
}

export const ADMIN_ROLE_LABEL: Record<AdminRole, string> = {
  support: 'Support',
  admin: 'Admin',
  owner: 'Owner',
}

export function isAdminRole(value: unknown): value is AdminRole {
  return typeof value === 'string' && (ADMIN_ROLES as readonly string[]).includes(value)
}

/** Fails closed: no role, or a role this build does not know, has no permission. */
export function adminCan(role: string | null | undefined, permission: AdminPermission): boolean {
  return isAdminRole(role) && ADMIN_ROLE_PERMISSIONS[role].includes(permission)
}

/**
 * Whether an admin may impersonate `target`: never themselves, never while they are themselves
 * impersonated (no chains), an admin only with `admin:impersonate_admins`, and a banned user never
 * (their sessions are revoked; an impersonation would be a way around the ban).
 */
export function impersonationRefusal(input: {
  adminId: string
  adminRole: string | null
  adminIsImpersonated: boolean
  target: { id: string; adminRole: string | null; banned: boolean }
}): 'self' | 'nested' | 'forbidden' | 'target_is_admin' | 'target_banned' | null {
  if (input.adminIsImpersonated) return 'nested'
  if (!adminCan(input.adminRole, 'admin:impersonate')) return 'forbidden'
  if (input.target.id === input.adminId) return 'self'
  if (input.target.banned) return 'target_banned'
  if (input.target.adminRole !== null && !adminCan(input.adminRole, 'admin:impersonate_admins')) {
    return 'target_is_admin'
  }
  return null
}

/**
 * Whether an admin may act on `target`'s account (ban, unban, force a password reset, remove a
 * factor): never their own (their account pages do that, with step-up), and another admin's only
 * as an owner, so a support or admin role cannot lock out, or weaken, those above or beside it.
 */
export function accountActionRefusal(input: {
  adminId: string
  adminRole: string | null
  target: { id: string; adminRole: string | null }
}): 'self' | 'target_is_admin' | null {
  if (input.target.id === input.adminId) return 'self'
  if (input.target.adminRole !== null && input.adminRole !== 'owner') return 'target_is_admin'
  return null
}
