import { describe, expect, it } from 'vitest'
import { authorizedPartyFor, buildSessionClaims, type SessionClaimsInput } from './tokens.ts'

const now = new Date('2026-05-01T12:00:00Z')
const input: SessionClaimsInput = {
  issuer: 'https://auth.example.com',
  authorizedParty: 'https://app.example.com',
  session: {
    id: 'sess_1',
    userId: 'user_1',
    status: 'active',
    actor: null,
    firstFactorVerifiedAt: new Date('2026-05-01T11:53:30Z'),
    secondFactorVerifiedAt: null,
  },
  entitlements: { userFeatures: [], userPlan: null, organization: null },
  jti: 'jti_1',
  now,
  lifetimeSeconds: 60,
  skewSeconds: 5,
}

describe('buildSessionClaims', () => {
  it('emits the v2 claim set with a 60-second lifetime and nbf backdated by the skew', () => {
    const iat = now.getTime() / 1000
    expect(buildSessionClaims(input)).toEqual({
      iss: 'https://auth.example.com',
      sub: 'user_1',
      sid: 'sess_1',
      azp: 'https://app.example.com',
      iat,
      nbf: iat - 5,
      exp: iat + 60,
      jti: 'jti_1',
      v: 2,
      fva: [6, -1],
    })
  })

  it('says sts only for a pending session', () => {
    expect(buildSessionClaims({ ...input, session: { ...input.session, status: 'pending' } }).sts).toBe('pending')
    expect('sts' in buildSessionClaims(input)).toBe(false)
  })

  it('carries the actor of an impersonated session as act', () => {
    const act = { sub: 'user_admin', reason: 'support ticket 42' }
    expect(buildSessionClaims({ ...input, session: { ...input.session, actor: act } }).act).toEqual(act)
  })

  it('always carries azp', () => {
    expect(buildSessionClaims(input).azp).toBe('https://app.example.com')
  })

  it('carries the active organization, features and plans (claims.ts)', () => {
    const claims = buildSessionClaims({
      ...input,
      entitlements: {
        userFeatures: ['api_access'],
        userPlan: 'pro',
        organization: {
          id: 'org_1',
          slug: 'acme',
          role: 'org:member',
          permissions: ['org:reports:read'],
          features: ['reports'],
          plan: 'team',
        },
      },
    })
    expect(claims).toMatchObject({
      o: { id: 'org_1', slg: 'acme', rol: 'member', per: 'read', fpm: '1' },
      fea: 'o:reports,u:api_access',
      pla: 'u:pro,o:team',
    })
  })

  it('counts fva in whole minutes for both factors', () => {
    const claims = buildSessionClaims({
      ...input,
      session: {
        ...input.session,
        firstFactorVerifiedAt: now,
        secondFactorVerifiedAt: new Date(now.getTime() - 61 * 60_000),
      },
    })
    expect(claims.fva).toEqual([0, 61])
  })
})

describe('authorizedPartyFor', () => {
  const app = 'https://app.example.com'
  it.each([
    ['the request Origin', 'https://web.example.com', 'https://web.example.com'],
    ['a local http Origin with a port', 'http://localhost:5173', 'http://localhost:5173'],
    ['no Origin (a CLI, a native app)', undefined, app],
    ['an opaque Origin', 'null', app],
    ['an Origin with a path', 'https://web.example.com/x', app],
    ['another scheme', 'app://desktop', app],
    ['garbage', 'not a url', app],
  ])('takes %s', (_, origin, expected) => {
    expect(authorizedPartyFor(origin, app)).toBe(expected)
  })
})
