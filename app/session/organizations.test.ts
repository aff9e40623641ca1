import { describe, expect, it } from 'vitest'
import {
  canAssignRole,
  DEFAULT_ROLES,
  invitationState,
  isValidSlug,
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
