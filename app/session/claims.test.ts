import { describe, expect, it } from 'vitest'
import { type ActiveOrganization, decodeAuthorizationClaims, encodeAuthorizationClaims } from './claims.ts'

const organization: ActiveOrganization = {
  id: 'org_01',
  slug: 'acme',
  role: 'org:admin',
  permissions: ['org:dashboard:manage', 'org:dashboard:read', 'org:impersonation:manage'],
  features: ['dashboard', 'impersonation'],
  plan: 'team',
}

describe('encodeAuthorizationClaims', () => {
  it("matches the reference's documented example", () => {
    // docs/reference.md#session-tokens: fpm "3,2" over per "manage,read" (the SDK reads the bits left to right).
    const claims = encodeAuthorizationClaims({ userFeatures: [], userPlan: null, organization })
    expect(claims).toEqual({
      fea: 'o:dashboard,o:impersonation',
      pla: 'o:team',
      o: { id: 'org_01', slg: 'acme', rol: 'admin', per: 'manage,read', fpm: '3,2' },
    })
  })

  it('lists organization features first, marks shared ones uo, and names both plans', () => {
    const claims = encodeAuthorizationClaims({
      userFeatures: ['api_access', 'dashboard'],
      userPlan: 'pro',
      organization: { ...organization, permissions: [] },
    })
    expect(claims.fea).toBe('uo:dashboard,o:impersonation,u:api_access')
    expect(claims.pla).toBe('u:pro,o:team')
    expect(claims.o).toEqual({ id: 'org_01', slg: 'acme', rol: 'admin' })
  })

  it('omits what there is none of', () => {
    expect(encodeAuthorizationClaims({ userFeatures: [], userPlan: null, organization: null })).toEqual({})
  })
})

describe('decodeAuthorizationClaims', () => {
  it.each([
    organization,
    { ...organization, permissions: ['org:impersonation:manage'] },
    { ...organization, permissions: [] },
    { ...organization, features: [], permissions: [] },
    { ...organization, role: 'org:billing_clerk', plan: null },
  ])('round-trips %j', (input) => {
    const decoded = decodeAuthorizationClaims({
      ...encodeAuthorizationClaims({ userFeatures: ['api_access'], userPlan: 'pro', organization: input }),
    })
    expect(decoded.organization).toEqual({
      id: input.id,
      slug: input.slug,
      role: input.role,
      permissions: [...input.permissions].sort((a, b) => permissionOrder(input, a) - permissionOrder(input, b)),
    })
    expect(decoded.features).toEqual({ user: ['api_access'], organization: input.features })
    expect(decoded.plans).toEqual({ user: ['pro'], organization: input.plan ? [input.plan] : [] })
  })

  it('reads the fpm bits left to right, as the reference SDK does', () => {
    const decoded = decodeAuthorizationClaims({
      fea: 'o:dashboard,o:impersonation',
      o: { id: 'org_01', slg: 'acme', rol: 'admin', per: 'manage,read', fpm: '3,2' },
    })
    expect(decoded.organization?.permissions).toEqual([
      'org:dashboard:manage',
      'org:dashboard:read',
      'org:impersonation:manage',
    ])
  })

  it.each([
    ['a missing o', {}],
    ['an o that is not an object', { o: 'org_01' }],
    ['an id of the wrong type', { o: { id: 1, slg: 'acme', rol: 'admin' } }],
    ['a malformed role', { o: { id: 'org_01', slg: 'acme', rol: 'Admin!' } }],
  ])('has no organization with %s', (_, claims) => {
    expect(decodeAuthorizationClaims(claims).organization).toBeNull()
  })

  it.each([
    ['fpm wider than per', { per: 'read', fpm: '2' }],
    ['a non-numeric fpm', { per: 'read', fpm: 'x' }],
    ['a malformed permission name', { per: 'Read', fpm: '1' }],
  ])('grants no permission from %s', (_, o) => {
    const decoded = decodeAuthorizationClaims({
      fea: 'o:reports',
      o: { id: 'org_01', slg: 'acme', rol: 'admin', ...o },
    })
    expect(decoded.organization?.permissions).toEqual([])
  })

  it('ignores masks beyond the organization features', () => {
    const decoded = decodeAuthorizationClaims({
      fea: 'o:reports,u:api_access',
      o: { id: 'org_01', slg: 'acme', rol: 'admin', per: 'read', fpm: '1,1,1' },
    })
    expect(decoded.organization?.permissions).toEqual(['org:reports:read'])
  })

  it('drops malformed feature and plan entries', () => {
    const decoded = decodeAuthorizationClaims({ fea: 'x:reports,o:,u:ok,o:a:b,reports', pla: 42 })
    expect(decoded.features).toEqual({ user: ['ok'], organization: [] })
    expect(decoded.plans).toEqual({ user: [], organization: [] })
  })
})

function permissionOrder(input: ActiveOrganization, permission: string): number {
  const [, feature, name] = permission.split(':')
  const per = [...new Set(input.permissions.map((key) => key.split(':')[2]))]
  return input.features.indexOf(feature ?? '') * 100 + per.indexOf(name)
}
