import { describe, expect, it } from 'vitest'
import { encodeAuthorizationClaims } from '../session/claims.ts'
import type { OrganizationMembershipJSON, SessionJSON, UserJSON } from '../session/wire.ts'
import { Session, type SessionRuntime, type TokenResource } from './session.ts'

const at = Date.parse('2026-01-01T12:00:00Z')

const membership = (id: string, role: string, permissions: string[]): OrganizationMembershipJSON => ({
  id: `orgmem_${id}`,
  organization: { id, name: id, slug: id, membersCount: 2, plan: 'team', createdAt: at, updatedAt: at },
  role,
  roleName: role,
  permissions,
  createdAt: at,
})

const user: UserJSON = {
  id: 'user_1',
  firstName: null,
  lastName: null,
  primaryEmailAddressId: null,
  emailAddresses: [],
  primaryPhoneNumberId: null,
  phoneNumbers: [],
  organizationMemberships: [
    membership('org_a', 'org:admin', ['org:sys_memberships:manage', 'org:reports:read']),
    membership('org_b', 'org:member', ['org:sys_memberships:read']),
  ],
  adminRole: null,
  imageUrl: null,
  hasImage: false,
  username: null,
  publicMetadata: {},
  unsafeMetadata: {},
  passwordEnabled: true,
  totpEnabled: false,
  backupCodeEnabled: false,
  twoFactorEnabled: false,
  passkeys: [],
  createdAt: at,
  updatedAt: at,
}

/** A token for org_a with the reports feature, and the user's pro plan. */
const token: TokenResource = {
  jwt: {
    header: {},
    claims: {
      sub: 'user_1',
      ...encodeAuthorizationClaims({
        userFeatures: ['api_access'],
        userPlan: 'pro',
        organization: {
          id: 'org_a',
          slug: 'org_a',
          role: 'org:admin',
          permissions: ['org:reports:read'],
          features: ['reports'],
          plan: 'team',
        },
      }),
    },
  },
  getRawString: () => 'a.b.c',
}

function session(
  factorVerificationAge: SessionJSON['factorVerificationAge'],
  options: { organizationId?: string | null; withToken?: boolean; signedIn?: boolean } = {},
): Session {
  const runtime: SessionRuntime = {
    getToken: async () => null,
    peekToken: () => (options.withToken ? token : null),
    refresh: async () => {},
    broadcast: () => {},
    clearTokenCache: () => {},
  }
  return new Session(
    {
      id: 'sess_1',
      status: 'active',
      createdAt: at,
      updatedAt: at,
      lastActiveAt: at,
      expireAt: at + 86_400_000,
      abandonAt: at + 86_400_000,
      endedAt: null,
      endReason: null,
      lastActiveOrganizationId: options.organizationId ?? null,
      actor: null,
      factorVerificationAge,
      tasks: null,
      user: options.signedIn === false ? null : user,
      publicUserData: {
        userId: 'user_1',
        firstName: null,
        lastName: null,
        identifier: 'a@example.com',
        imageUrl: null,
        hasImage: false,
      },
    },
    runtime,
  )
}

describe('Session.checkAuthorization', () => {
  it('passes reverification only while the session verified recently enough', () => {
    expect(session([3, -1]).checkAuthorization({ reverification: 'strict' })).toBe(true)
    expect(session([12, -1]).checkAuthorization({ reverification: 'strict' })).toBe(false)
    expect(session([12, 2]).checkAuthorization({ reverification: 'strict' })).toBe(true)
    expect(session([12, 2]).checkAuthorization({ reverification: 'strict_mfa' })).toBe(false)
  })

  it('judges roles and permissions (system ones too) on the membership in the active organization', () => {
    const inA = session([0, -1], { organizationId: 'org_a' })
    expect(inA.checkAuthorization({ role: 'org:admin' })).toBe(true)
    expect(inA.checkAuthorization({ permission: 'org:sys_memberships:manage' })).toBe(true)
    const inB = session([0, -1], { organizationId: 'org_b' })
    expect(inB.checkAuthorization({ role: 'org:admin' })).toBe(false)
    expect(inB.checkAuthorization({ permission: 'org:sys_memberships:read' })).toBe(true)
    expect(inB.activeMembership?.organization.id).toBe('org_b')
  })

  it('reads features and plans from the latest token, organization ones only for the organization acted for', () => {
    const inA = session([0, -1], { organizationId: 'org_a', withToken: true })
    expect(inA.checkAuthorization({ feature: 'org:reports' })).toBe(true)
    expect(inA.checkAuthorization({ plan: 'o:team' })).toBe(true)
    expect(inA.checkAuthorization({ feature: 'user:api_access' })).toBe(true)
    const inB = session([0, -1], { organizationId: 'org_b', withToken: true })
    expect(inB.checkAuthorization({ feature: 'org:reports' })).toBe(false)
    expect(inB.checkAuthorization({ plan: 'user:pro' })).toBe(true)
  })

  it('fails closed without a factor verification age, an organization, a user, or anything asked', () => {
    expect(session(null).checkAuthorization({ reverification: 'lax' })).toBe(false)
    expect(session([0, 0]).checkAuthorization({ role: 'org:admin' })).toBe(false)
    expect(
      session([0, 0], { organizationId: 'org_a', signedIn: false }).checkAuthorization({ role: 'org:admin' }),
    ).toBe(false)
    expect(session([0, 0]).checkAuthorization({})).toBe(false)
  })
})
