import { describe, expect, it } from 'vitest'
import {
  amrIndicatesMfa,
  authTimeProblem,
  claimedEmail,
  decideIdentity,
  federatedFactorTimes,
  type IdentityFacts,
  isEmailVerifiedClaim,
  issuerProblem,
  normalizeDomain,
  parseAmr,
  parseDomains,
} from './enterprise-sso.ts'
import { SSO_SIGN_IN_MAX_AGE_SECONDS } from './policy.ts'

const NOW = new Date('2026-03-01T09:00:00Z')
const secondsAgo = (seconds: number) => new Date(NOW.getTime() - seconds * 1000)

describe('issuerProblem', () => {
  it.each([
    ['https://login.example.com', null],
    ['https://login.example.com/tenant/v2.0', null],
    ['http://localhost:5000', null],
    ['http://127.0.0.1:5000/idp', null],
    ['http://[::1]:5000', null],
    ['http://login.example.com', 'insecure'],
    ['http://localhost.evil.example', 'insecure'],
    ['ftp://login.example.com', 'insecure'],
    ['https://user:pass@login.example.com', 'has_credentials'],
    ['https://login.example.com?tenant=1', 'has_query'],
    ['https://login.example.com#x', 'has_query'],
    ['login.example.com', 'not_a_url'],
  ])('%s → %s', (issuer, expected) => {
    expect(issuerProblem(issuer)).toBe(expected)
  })
})

describe('email domains', () => {
  it.each([
    ['corp.example', 'corp.example'],
    ['@Corp.Example ', 'corp.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['bücher.example', null],
    ['corp', null],
    ['-corp.example', null],
    ['corp..example', null],
    ['10.0.0.1', null],
    ['corp.example/path', null],
    ['', null],
  ])('normalizeDomain(%j) is %j', (input, expected) => {
    expect(normalizeDomain(input)).toBe(expected)
  })

  it('parses a list, dropping duplicates, and names the first bad entry', () => {
    expect(parseDomains(['corp.example', 'CORP.example', 'corp.test'])).toEqual({
      ok: true,
      domains: ['corp.example', 'corp.test'],
    })
    expect(parseDomains(['corp.example', 'not a domain'])).toEqual({ ok: false, invalid: 'not a domain' })
    expect(parseDomains([])).toEqual({ ok: false, invalid: '' })
    expect(parseDomains(Array.from({ length: 21 }, (_, i) => `d${i}.example`)).ok).toBe(false)
  })
})

describe('claims', () => {
  it.each([
    [true, true],
    [false, false],
    ['true', false],
    ['false', false],
    [undefined, false],
    [null, false],
    [1, false],
  ])('email_verified %j counts as %j (VULN-14: only the boolean true)', (value, expected) => {
    expect(isEmailVerifiedClaim(value)).toBe(expected)
  })

  it('reads amr only as a list of short strings', () => {
    expect(parseAmr(['pwd', 'otp'])).toEqual(['pwd', 'otp'])
    expect(parseAmr('pwd')).toBeNull()
    expect(parseAmr([])).toBeNull()
    expect(parseAmr(['pwd', 7])).toBeNull()
  })

  it('refuses an email that changes under NFKC (a fullwidth @)', () => {
    expect(claimedEmail('Jane@Corp.Example')).toBe('jane@corp.example')
    expect(claimedEmail('jane＠corp.example')).toBeNull()
    expect(claimedEmail(42)).toBeNull()
  })
})

describe('amrIndicatesMfa and federatedFactorTimes (ASVS 6.8.4)', () => {
  it.each([
    [null, false],
    [['pwd'], false],
    [['otp', 'sms'], false],
    [['mfa'], true],
    [['pwd', 'otp'], true],
    [['hwk', 'fpt'], true],
  ])('amr %j shows more than one kind of factor: %j', (amr, expected) => {
    expect(amrIndicatesMfa(amr)).toBe(expected)
  })

  it('without amr, never claims a second factor: the session second-factor age stays −1', () => {
    const times = federatedFactorTimes({ authTime: secondsAgo(30), amr: null, now: NOW })
    expect(times).toEqual({ firstFactorVerifiedAt: secondsAgo(30), secondFactorVerifiedAt: null })
  })

  it('with an MFA amr, counts both groups at auth_time, never later than now', () => {
    expect(federatedFactorTimes({ authTime: secondsAgo(30), amr: ['pwd', 'otp'], now: NOW })).toEqual({
      firstFactorVerifiedAt: secondsAgo(30),
      secondFactorVerifiedAt: secondsAgo(30),
    })
    const future = new Date(NOW.getTime() + 10_000)
    expect(federatedFactorTimes({ authTime: future, amr: null, now: NOW }).firstFactorVerifiedAt).toEqual(NOW)
  })
})

describe('authTimeProblem (ASVS 7.6.1)', () => {
  const startedAt = secondsAgo(60)
  it('requires auth_time', () => {
    expect(authTimeProblem({ authTime: null, purpose: 'sign_in', startedAt, now: NOW })).toBe('missing')
  })

  it('accepts a sign-in authenticated within the maximum age, and refuses an older one', () => {
    const limit = SSO_SIGN_IN_MAX_AGE_SECONDS
    expect(authTimeProblem({ authTime: secondsAgo(limit - 60), purpose: 'sign_in', startedAt, now: NOW })).toBeNull()
    expect(authTimeProblem({ authTime: secondsAgo(limit + 120), purpose: 'sign_in', startedAt, now: NOW })).toBe(
      'too_old',
    )
  })

  it('requires a step-up to be authenticated after it started (prompt=login, max_age=0)', () => {
    expect(authTimeProblem({ authTime: secondsAgo(10), purpose: 'reverification', startedAt, now: NOW })).toBeNull()
    expect(authTimeProblem({ authTime: secondsAgo(3600), purpose: 'reverification', startedAt, now: NOW })).toBe(
      'too_old',
    )
  })

  it('refuses an authentication in the future beyond the clock tolerance', () => {
    const future = new Date(NOW.getTime() + 120_000)
    expect(authTimeProblem({ authTime: future, purpose: 'sign_in', startedAt, now: NOW })).toBe('in_future')
  })
})

describe('decideIdentity (VULN-14, ASVS 10.5.2)', () => {
  const base: IdentityFacts = {
    linkedUserId: null,
    email: 'jane@corp.example',
    emailVerifiedClaim: true,
    domains: ['corp.example'],
    verifiedOwnerId: null,
    unverifiedHolder: false,
  }

  it('signs in the linked account whatever the email says now', () => {
    expect(decideIdentity({ ...base, linkedUserId: 'user_a', email: 'renamed@elsewhere.example' })).toEqual({
      action: 'sign_in',
      userId: 'user_a',
    })
  })

  it('links an account that verified the address here only when the IdP says email_verified: true', () => {
    expect(decideIdentity({ ...base, verifiedOwnerId: 'user_b' })).toEqual({ action: 'link', userId: 'user_b' })
    for (const claim of [false, 'true', 'false', undefined]) {
      expect(decideIdentity({ ...base, verifiedOwnerId: 'user_b', emailVerifiedClaim: claim })).toEqual({
        action: 'refuse',
        code: 'sso_email_not_verified',
      })
    }
  })

  it('never links, nor makes a second account beside, an address held unverified', () => {
    expect(decideIdentity({ ...base, unverifiedHolder: true })).toEqual({
      action: 'refuse',
      code: 'sso_local_email_unverified',
    })
  })

  it('makes a new account when nobody holds the address', () => {
    expect(decideIdentity(base)).toEqual({ action: 'create', email: 'jane@corp.example', emailVerified: true })
    expect(decideIdentity({ ...base, emailVerifiedClaim: 'true' })).toEqual({
      action: 'create',
      email: 'jane@corp.example',
      emailVerified: false,
    })
  })

  it('fails closed without an email, or with one outside the connection’s domains', () => {
    expect(decideIdentity({ ...base, email: null })).toEqual({ action: 'refuse', code: 'sso_email_missing' })
    expect(decideIdentity({ ...base, email: 'jane@other.example', verifiedOwnerId: 'user_b' })).toEqual({
      action: 'refuse',
      code: 'sso_email_domain_mismatch',
    })
  })
})
