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
  it("sets the lowest fpm bit for the first permission of per, as the reference's decoder reads it", () => {
    // docs/reference.md#session-tokens; @clerk/shared's jwtPayloadParser: bit i (from the lowest) is per[i].
    const claims = encodeAuthorizationClaims({ userFeatures: [], userPlan: null, organization })
    expect(claims).toEqual({
      fea: 'o:dashboard,o:impersonation',
      pla: 'o:team',
      o: { id: 'org_01', slg: 'acme', rol: 'admin', per: 'manage,read', fpm: '3,1' },
    })
  })

  it('gives a member of reports:read and audit:manage exactly those (issue 19)', () => {
    const claims = encodeAuthorizationClaims({
      userFeatures: [],
      userPlan: null,
      organization: {
        ...organization,
        features: ['reports', 'audit'],
        permissions: ['org:reports:read', 'org:audit:manage'],
      },
    })
    expect(claims.o).toMatchObject({ per: 'read,manage', fpm: '1,2' })
  })

  it('encodes masks over more than 53 permissions exactly', () => {
    const names = Array.from({ length: 60 }, (_, index) => `p${index}`)
    const claims = encodeAuthorizationClaims({
      userFeatures: [],
      userPlan: null,
      organization: { ...organization, features: ['reports'], permissions: names.map((name) => `org:reports:${name}`) },
    })
    expect(claims.o?.fpm).toBe(((1n << 60n) - 1n).toString())
    expect(decodeAuthorizationClaims({ ...claims }).organization?.permissions).toHaveLength(60)
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

  it('reads the lowest fpm bit as the first permission of per, as the reference SDK does', () => {
    const decoded = decodeAuthorizationClaims({
      fea: 'o:dashboard,o:impersonation',
      o: { id: 'org_01', slg: 'acme', rol: 'admin', per: 'manage,read', fpm: '3,2' },
    })
    expect(decoded.organization?.permissions).toEqual([
      'org:dashboard:manage',
      'org:dashboard:read',
      'org:impersonation:read',
    ])
    const reports = decodeAuthorizationClaims({
      fea: 'o:reports',
      o: { id: 'org_01', slg: 'acme', rol: 'admin', per: 'read,manage', fpm: '1' },
    })
    expect(reports.organization?.permissions).toEqual(['org:reports:read'])
  })

  // Well-formed claims other issuers produce, read as the reference reads them (issue 19).
  it('keeps an organization whose o has no slg or rol', () => {
    expect(decodeAuthorizationClaims({ o: { id: 'org_01' } }).organization).toEqual({
      id: 'org_01',
      slug: null,
      role: null,
      permissions: [],
    })
    expect(decodeAuthorizationClaims({ o: { id: 'org_01', rol: 'admin' } }).organization).toMatchObject({
      slug: null,
      role: 'org:admin',
    })
  })

  it('keeps a feature named outside our key pattern, and the masks after it stay on their features', () => {
    const decoded = decodeAuthorizationClaims({
      fea: 'o:support-chat,o:reports',
      o: { id: 'org_01', slg: 'acme', rol: 'admin', per: 'read,manage', fpm: '2,1' },
    })
    expect(decoded.features.organization).toEqual(['support-chat', 'reports'])
    expect(decoded.organization?.permissions).toEqual(['org:support-chat:manage', 'org:reports:read'])
  })

  it('trims spaces around per, fpm and fea entries', () => {
    const decoded = decodeAuthorizationClaims({
      fea: 'o:reports, o:audit',
      o: { id: 'org_01', slg: 'acme', rol: 'admin', per: 'read, manage', fpm: '3, 2' },
    })
    expect(decoded.organization?.permissions).toEqual(['org:reports:read', 'org:reports:manage', 'org:audit:manage'])
  })

  it('ignores fpm bits beyond per instead of dropping every permission', () => {
    const decoded = decodeAuthorizationClaims({
      fea: 'o:reports,o:audit',
      o: { id: 'org_01', slg: 'acme', rol: 'admin', per: 'read', fpm: '3,1' },
    })
    expect(decoded.organization?.permissions).toEqual(['org:reports:read', 'org:audit:read'])
  })

  it('lets a malformed mask cost only its own feature', () => {
    const decoded = decodeAuthorizationClaims({
      fea: 'o:reports,o:audit',
      o: { id: 'org_01', slg: 'acme', rol: 'admin', per: 'read', fpm: 'x,1' },
    })
    expect(decoded.organization?.permissions).toEqual(['org:audit:read'])
  })

  it('skips entries with an unknown scope without shifting the masks', () => {
    const decoded = decodeAuthorizationClaims({
      fea: 'x:other,o:reports',
      o: { id: 'org_01', slg: 'acme', rol: 'admin', per: 'read', fpm: '1' },
    })
    expect(decoded.organization?.permissions).toEqual(['org:reports:read'])
  })

  // Malformed input stays fail-closed where the reference's parser is looser (docs/reference.md).
  it('refuses a whole fea or pla with an entry without a colon: no features, no custom permissions', () => {
    const decoded = decodeAuthorizationClaims({
      fea: 'o:reports,reports',
      pla: 'u:pro,pro',
      o: { id: 'org_01', slg: 'acme', rol: 'admin', per: 'read', fpm: '1' },
    })
    expect(decoded.features).toEqual({ user: [], organization: [] })
    expect(decoded.plans).toEqual({ user: [], organization: [] })
    expect(decoded.organization).toEqual({ id: 'org_01', slug: 'acme', role: 'org:admin', permissions: [] })
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
    ['a non-numeric fpm', { per: 'read', fpm: 'x' }],
    ['a negative fpm', { per: 'read', fpm: '-1' }],
    ['a malformed permission name', { per: 'read:all', fpm: '1' }],
    ['fpm without per', { fpm: '1' }],
  ])('grants no permission from %s', (_, o) => {
    const decoded = decodeAuthorizationClaims({
      fea: 'o:reports',
      o: { id: 'org_01', slg: 'acme', rol: 'admin', ...o },
    })
    expect(decoded.organization?.permissions).toEqual([])
  })

  it('never reads a system permission out of a token', () => {
    const decoded = decodeAuthorizationClaims({
      fea: 'o:sys_memberships,o:reports',
      o: { id: 'org_01', slg: 'acme', rol: 'admin', per: 'manage', fpm: '1,1' },
    })
    expect(decoded.organization?.permissions).toEqual(['org:reports:manage'])
  })

  it('ignores masks beyond the organization features', () => {
    const decoded = decodeAuthorizationClaims({
      fea: 'o:reports,u:api_access',
      o: { id: 'org_01', slg: 'acme', rol: 'admin', per: 'read', fpm: '1,1,1' },
    })
    expect(decoded.organization?.permissions).toEqual(['org:reports:read'])
  })

  it('drops malformed feature and plan entries', () => {
    const decoded = decodeAuthorizationClaims({ fea: 'x:reports,o:,u:ok,o:a:b,o:a b', pla: 42 })
    expect(decoded.features).toEqual({ user: ['ok'], organization: [] })
    expect(decoded.plans).toEqual({ user: [], organization: [] })
  })
})

function permissionOrder(input: ActiveOrganization, permission: string): number {
  const [, feature, name] = permission.split(':')
  const per = [...new Set(input.permissions.map((key) => key.split(':')[2]))]
  return input.features.indexOf(feature ?? '') * 100 + per.indexOf(name)
}
