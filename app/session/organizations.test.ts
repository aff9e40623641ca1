import { describe, expect, it } from 'vitest'
import {
  canAssignRole,
  DEFAULT_ROLES,
  type Impersonator,
  impersonatedChangeRefusal,
  invitationState,
  isValidSlug,
  type OrganizationChange,
  parseCustomPermission,
  slugify,
  withOrgPrefix,
} from './organizations.ts'

describe('permissions and roles', () => {
  it('parses custom permissions and refuses system or malformed ones', () => {
    expect(parseCustomPermission('org:reports:read')).toEqual({ feature: 'reports', permission: 'read' })
    for (const value of [
      'org:sys_profile:manage',
      'reports:read',
      'org:reports',
      'org:reports:read:x',
      'org:Reports:read',
    ])
      expect(parseCustomPermission(value)).toBeNull()
  })

  it('adds the org: prefix only where it is missing', () => {
    expect(withOrgPrefix('admin')).toBe('org:admin')
    expect(withOrgPrefix('org:admin')).toBe('org:admin')
  })

  it('lets a member give only roles that grant nothing they lack (VULN-08)', () => {
    const admin = DEFAULT_ROLES['org:admin']?.permissions ?? []
    const member = DEFAULT_ROLES['org:member']?.permissions ?? []
    expect(canAssignRole(admin, member)).toBe(true)
    expect(canAssignRole(admin, admin)).toBe(true)
    expect(canAssignRole(['org:sys_memberships:manage', ...member], admin)).toBe(false)
  })
})

describe('slugs', () => {
  it.each([
    ['Acme, Inc.', 'acme-inc'],
    ['  Café  Society ', 'cafe-society'],
    ['ÅÄÖ', 'aao'],
    ['!!!', ''],
    ['x'.repeat(80), 'x'.repeat(48)],
  ])('slugify(%j) = %j', (name, slug) => {
    expect(slugify(name)).toBe(slug)
  })

  it.each([
    ['acme', true],
    ['a1', true],
    ['acme-inc', true],
    ['a', false],
    ['-acme', false],
    ['acme-', false],
    ['ac--me', false],
    ['Acme', false],
    ['x'.repeat(49), false],
  ])('isValidSlug(%j) = %s', (slug, valid) => {
    expect(isValidSlug(slug)).toBe(valid)
  })
})

describe('invitationState', () => {
  const now = new Date('2026-11-28T12:00:00Z')
  it('turns a pending invitation past its expiry into expired, and leaves the others', () => {
    expect(invitationState({ status: 'pending', expiresAt: new Date('2026-11-28T12:00:01Z') }, now)).toBe('pending')
    expect(invitationState({ status: 'pending', expiresAt: now }, now)).toBe('expired')
    expect(invitationState({ status: 'accepted', expiresAt: new Date(0) }, now)).toBe('accepted')
    expect(invitationState({ status: 'revoked', expiresAt: new Date(0) }, now)).toBe('revoked')
  })
})

describe('what an impersonating admin may change in an organization (issue 20, finding 3)', () => {
  const support: Impersonator = { id: 'user_support', adminRole: 'support', emailAddresses: ['Sam@Support.example'] }
  const admin: Impersonator = { id: 'user_admin', adminRole: 'admin', emailAddresses: ['ada@ops.example'] }
  const EVERY_CHANGE: OrganizationChange[] = [
    { kind: 'invite', emailAddress: 'new@customer.example' },
    { kind: 'revoke_invitation' },
    { kind: 'change_role', targetUserId: 'user_other' },
    { kind: 'remove_member', targetUserId: 'user_other' },
    { kind: 'update_profile' },
    { kind: 'delete' },
  ]

  it('refuses nothing without an impersonator', () => {
    for (const change of EVERY_CHANGE) expect(impersonatedChangeRefusal(null, change)).toBeNull()
  })

  it('needs the admin’s own permission to manage users for every organization-admin change', () => {
    for (const change of EVERY_CHANGE) {
      expect(impersonatedChangeRefusal(support, change)).toBe('admin_permission')
      expect(impersonatedChangeRefusal(admin, change)).toBeNull()
      expect(impersonatedChangeRefusal({ ...admin, adminRole: 'owner' }, change)).toBeNull()
      // No role (revoked since), or one this build does not know: fail closed.
      expect(impersonatedChangeRefusal({ ...admin, adminRole: null }, change)).toBe('admin_permission')
      expect(impersonatedChangeRefusal({ ...admin, adminRole: 'superuser' }, change)).toBe('admin_permission')
    }
  })

  it('never lets a change reach the admin’s own account, whatever their role', () => {
    for (const who of [support, admin, { ...admin, adminRole: 'owner' }]) {
      const own = who.emailAddresses[0] ?? ''
      expect(impersonatedChangeRefusal(who, { kind: 'invite', emailAddress: own })).toBe('impersonator_access')
      expect(impersonatedChangeRefusal(who, { kind: 'invite', emailAddress: ` ${own.toUpperCase()} ` })).toBe(
        'impersonator_access',
      )
      expect(impersonatedChangeRefusal(who, { kind: 'change_role', targetUserId: who.id })).toBe('impersonator_access')
      expect(impersonatedChangeRefusal(who, { kind: 'remove_member', targetUserId: who.id })).toBe(
        'impersonator_access',
      )
    }
  })
})
