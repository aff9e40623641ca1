/**
 * Organizations: roles, permissions, slugs and invitations (docs/reference.md#authorization-checks).
 * Roles and the custom permissions they grant are instance settings (`app.config.ts`); memberships
 * store a role key.
 *
 * - A role key is `org:<name>`; `org:admin` and `org:member` exist by default.
 * - A permission is a system permission (`org:sys_<area>:<action>`, fixed below) or a custom one,
 *   `org:<feature>:<permission>`, which belongs to a feature (see `entitlements.ts`).
 * - Server operations on an organization each need one system permission, re-read from the
 *   database on every call (a role change takes effect at once).
 */

import { type AdminPermission, adminCan } from './admin.ts'
import { ORGANIZATION_SLUG_MAX_LENGTH, ORGANIZATION_SLUG_MIN_LENGTH } from './policy.ts'

export const SYSTEM_PERMISSIONS = [
  'org:sys_profile:manage',
  'org:sys_profile:delete',
  'org:sys_memberships:read',
  'org:sys_memberships:manage',
  'org:sys_domains:read',
  'org:sys_domains:manage',
  'org:sys_billing:read',
  'org:sys_billing:manage',
  'org:sys_entconns:manage',
] as const

export type SystemPermission = (typeof SYSTEM_PERMISSIONS)[number]

export function isSystemPermission(value: string): value is SystemPermission {
  return (SYSTEM_PERMISSIONS as readonly string[]).includes(value)
}

/** `org:<name>`: lower-case letters, digits and `_`, starting with a letter. */
export const ROLE_KEY_PATTERN = /^org:[a-z][a-z0-9_]{0,39}$/
/** A feature or permission name inside a custom permission key (never `sys_…`). */
export const KEY_PART_PATTERN = /^(?!sys_)[a-z][a-z0-9_]{0,39}$/

/** `org:<feature>:<permission>` → its parts, or null when it is not a well-formed custom permission. */
export function parseCustomPermission(value: string): { feature: string; permission: string } | null {
  const [scope, feature, permission, ...rest] = value.split(':')
  if (scope !== 'org' || rest.length > 0 || !feature || !permission) return null
  if (!KEY_PART_PATTERN.test(feature) || !KEY_PART_PATTERN.test(permission)) return null
  return { feature, permission }
}

/** Keys may be written with or without their `org:` prefix (`admin` is `org:admin`). */
export function withOrgPrefix(key: string): string {
  return key.startsWith('org:') ? key : `org:${key}`
}

export interface RoleDefinition {
  name: string
  description: string
  /** System and custom permission keys. */
  permissions: readonly string[]
}

/** The reference's default roles. */
export const DEFAULT_ROLES: Record<string, RoleDefinition> = {
  'org:admin': {
    name: 'Admin',
    description: 'Manages the organization, its members and its settings.',
    permissions: [...SYSTEM_PERMISSIONS],
  },
  'org:member': {
    name: 'Member',
    description: 'Sees the organization and its members.',
    permissions: ['org:sys_memberships:read', 'org:sys_billing:read'],
  },
}

/** What each organization operation needs, checked against the membership read at the time. */
export const ORGANIZATION_OPERATIONS = {
  /** The member list and outstanding invitations. */
  read_members: 'org:sys_memberships:read',
  /** Inviting, revoking invitations, changing roles, removing members. */
  manage_members: 'org:sys_memberships:manage',
  /** Renaming, changing the slug. */
  update_profile: 'org:sys_profile:manage',
  delete: 'org:sys_profile:delete',
} as const satisfies Record<string, SystemPermission>

export type OrganizationOperation = keyof typeof ORGANIZATION_OPERATIONS

/**
 * Whether someone holding `actorPermissions` may give a role holding `rolePermissions`: only roles
 * that grant nothing the actor lacks, so managing members never escalates (VULN-08).
 */
export function canAssignRole(actorPermissions: readonly string[], rolePermissions: readonly string[]): boolean {
  return rolePermissions.every((permission) => actorPermissions.includes(permission))
}

/** Members who can manage members; an organization must always keep one. */
export const MANAGING_PERMISSION: SystemPermission = 'org:sys_memberships:manage'

// ---------------------------------------------------------------------------------------------
// Names and slugs

const SLUG_PATTERN = new RegExp(
  `^[a-z0-9](?:[a-z0-9-]{${ORGANIZATION_SLUG_MIN_LENGTH - 2},${ORGANIZATION_SLUG_MAX_LENGTH - 2}}[a-z0-9])$`,
)

export function isValidSlug(slug: string): boolean {
  return SLUG_PATTERN.test(slug) && !slug.includes('--')
}

/** A slug from a name: `Acme, Inc.` → `acme-inc`. May be too short; the caller checks. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, ORGANIZATION_SLUG_MAX_LENGTH)
    .replace(/-+$/, '')
}

// ---------------------------------------------------------------------------------------------
// Invitations

export const INVITATION_STATUSES = [
  /** Sent; can be accepted until it expires. */
  'pending',
  /** Accepted: the membership exists. Terminal. */
  'accepted',
  /** Withdrawn by the organization. Terminal. */
  'revoked',
] as const

export type InvitationStatus = (typeof INVITATION_STATUSES)[number]

/** What an invitation can be now, as lists show and filter it (the reference's `OrganizationInvitationStatus`). */
export const INVITATION_STATES = [...INVITATION_STATUSES, 'expired'] as const
export type InvitationState = (typeof INVITATION_STATES)[number]

/** What an invitation is now: a pending one past its expiry is `expired`. */
export function invitationState(invitation: { status: InvitationStatus; expiresAt: Date }, now: Date): InvitationState {
  if (invitation.status === 'pending' && invitation.expiresAt.getTime() <= now.getTime()) return 'expired'
  return invitation.status
}

// ---------------------------------------------------------------------------------------------
// Impersonation (docs/decisions/024-impersonation-and-lockout.md)

/**
 * The organization changes that could hand out access: what an impersonated session is checked
 * for. `targetUserId` is the member whose role changes or who is removed.
 */
export type OrganizationChange =
  | { kind: 'invite'; emailAddress: string }
  | { kind: 'revoke_invitation' }
  | { kind: 'change_role'; targetUserId: string }
  | { kind: 'remove_member'; targetUserId: string }
  | { kind: 'update_profile' }
  | { kind: 'delete' }

/** The admin behind an impersonated session, as read from the database at the time. */
export interface Impersonator {
  id: string
  adminRole: string | null
  /** Every address on the admin's own account, verified or not. */
  emailAddresses: readonly string[]
}

/** The admin permission an impersonator needs for an organization-admin-level change. */
export const IMPERSONATED_ORGANIZATION_PERMISSION: AdminPermission = 'admin:manage_users'

export type ImpersonatedChangeRefusal =
  /** The change would give the impersonating admin's own account access (or take its own away). */
  | 'impersonator_access'
  /** The admin's own role lacks `IMPERSONATED_ORGANIZATION_PERMISSION`. */
  | 'admin_permission'

/**
 * Whether an impersonating admin may make `change` in the user's organization (issue 20, finding
 * 3): never one that reaches the admin's own account (an invitation to one of their addresses, a
 * change to their own membership), which would outlive the impersonation; and the others only
 * when the admin's own role allows managing users. Without an impersonator, nothing is refused here.
 */
export function impersonatedChangeRefusal(
  impersonator: Impersonator | null,
  change: OrganizationChange,
): ImpersonatedChangeRefusal | null {
  if (impersonator === null) return null
  if (change.kind === 'invite') {
    const invited = change.emailAddress.trim().toLowerCase()
    if (impersonator.emailAddresses.some((email) => email.trim().toLowerCase() === invited)) {
      return 'impersonator_access'
    }
  }
  if ((change.kind === 'change_role' || change.kind === 'remove_member') && change.targetUserId === impersonator.id) {
    return 'impersonator_access'
  }
  if (!adminCan(impersonator.adminRole, IMPERSONATED_ORGANIZATION_PERMISSION)) return 'admin_permission'
  return null
}
