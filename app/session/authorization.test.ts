import { describe, expect, it } from 'vitest'
import { type AuthorizationFacts, checkAuthorization, personalFacts } from './authorization.ts'

const fresh = personalFacts('user_1', [1, -1])
const stale = personalFacts('user_1', [30, -1])

const member: AuthorizationFacts = {
  userId: 'user_1',
  factorVerificationAge: [1, -1],
  organization: {
    id: 'org_1',
    role: 'org:member',
    permissions: ['org:sys_memberships:read', 'org:reports:read'],
  },
  features: { user: ['api_access'], organization: ['reports'] },
  plans: { user: ['free'], organization: ['team'] },
}

describe('checkAuthorization', () => {
  it('is false when nothing is asked, or nobody is signed in', () => {
    expect(checkAuthorization({}, member)).toBe(false)
    expect(checkAuthorization({ reverification: undefined }, member)).toBe(false)
    expect(checkAuthorization({ role: 'org:member' }, { ...member, userId: null })).toBe(false)
  })

  it('judges reverification alone by the factor verification age', () => {
    expect(checkAuthorization({ reverification: 'strict' }, fresh)).toBe(true)
    expect(checkAuthorization({ reverification: 'strict' }, stale)).toBe(false)
    expect(checkAuthorization({ reverification: 'strict' }, personalFacts('user_1', null))).toBe(false)
  })

  it.each([
    [{ role: 'org:member' }, true],
    [{ role: 'member' }, true],
    [{ role: 'org:admin' }, false],
    [{ permission: 'org:reports:read' }, true],
    [{ permission: 'reports:read' }, true],
    [{ permission: 'org:reports:manage' }, false],
    [{ permission: 'org:sys_memberships:read' }, true],
    [{ permission: 'org:sys_memberships:manage' }, false],
    [{ role: 'org:member', permission: 'org:reports:read' }, true],
    [{ role: 'org:member', permission: 'org:reports:manage' }, false],
    [{ feature: 'reports' }, true],
    [{ feature: 'org:reports' }, true],
    [{ feature: 'o:reports' }, true],
    [{ feature: 'organization:reports' }, true],
    [{ feature: 'user:reports' }, false],
    [{ feature: 'api_access' }, true],
    [{ feature: 'u:api_access' }, true],
    [{ feature: 'org:api_access' }, false],
    [{ feature: 'team:reports' }, false],
    [{ feature: 'org:reports:extra' }, false],
    [{ plan: 'free' }, true],
    [{ plan: 'user:free' }, true],
    [{ plan: 'org:free' }, false],
    [{ plan: 'o:team' }, true],
    [{ plan: 'pro' }, false],
    [{ permission: 'org:reports:read', reverification: 'strict' }, true],
    [{ permission: 'org:reports:read', reverification: 'strict_mfa' }, true],
    [{ permission: 'org:reports:manage', reverification: 'strict' }, false],
    [{ feature: 'reports', reverification: { level: 'first_factor', afterMinutes: 1 } }, false],
  ])('%j → %s', (params, expected) => {
    expect(checkAuthorization(params, member)).toBe(expected)
  })

  it('fails role and permission checks without an active organization', () => {
    expect(checkAuthorization({ role: 'org:member' }, fresh)).toBe(false)
    expect(checkAuthorization({ permission: 'org:sys_memberships:read' }, fresh)).toBe(false)
    expect(checkAuthorization({ permission: 'org:reports:read', reverification: 'strict' }, fresh)).toBe(false)
  })

  // VULN-11: a condition that cannot be judged never lets the others through.
  it.each([
    { role: '' },
    { role: 42 },
    { permission: ['org:reports:read'] },
    { feature: null },
    { plan: {} },
    { reverification: 'sometimes' },
    { permission: 'org:reports:read', reverification: 'sometimes' },
    { permission: 'org:reports:read', reverification: { level: 'first_factor' } },
    { role: 'org:member', feature: 'x:reports' },
  ])('fails closed on malformed %j, whatever else passes', (params) => {
    expect(checkAuthorization(params, member)).toBe(false)
  })

  it.each([null, undefined, 'strict', ['strict'], 42])('fails closed on params %j', (params) => {
    expect(checkAuthorization(params, member)).toBe(false)
  })
})
