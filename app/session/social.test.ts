import { describe, expect, it } from 'vitest'
import { OAUTH_PROVIDERS, OAUTH_STRATEGIES, oauthStrategyOf, providerOf, STRATEGY_PROFILES } from './factors.ts'
import { decideConnection, decideSocialIdentity, pickGitHubEmail, SOCIAL_PROVIDERS } from './social.ts'

describe('the social strategies', () => {
  it('are oauth_<provider>, one per provider, first factors only', () => {
    expect(OAUTH_STRATEGIES).toEqual(OAUTH_PROVIDERS.map(oauthStrategyOf))
    for (const strategy of OAUTH_STRATEGIES) {
      expect(oauthStrategyOf(providerOf(strategy))).toBe(strategy)
      expect(STRATEGY_PROFILES[strategy]).toMatchObject({ firstFactor: true, secondFactor: false, multiFactor: false })
    }
    expect(Object.keys(SOCIAL_PROVIDERS).sort()).toEqual([...OAUTH_PROVIDERS].sort())
  })
})

describe('decideSocialIdentity (VULN-14)', () => {
  const facts = {
    linkedUserId: null,
    email: 'ada@example.com',
    emailVerified: true,
    verifiedOwnerId: null,
    unverifiedHolder: false,
  }

  it.each([
    [
      'a known identity signs in, whatever its address says',
      { linkedUserId: 'user_a', emailVerified: false },
      { action: 'sign_in', userId: 'user_a' },
    ],
    ['no address: refused', { email: null }, { action: 'refuse', code: 'oauth_email_missing' }],
    ['verified on both sides: linked', { verifiedOwnerId: 'user_b' }, { action: 'link', userId: 'user_b' }],
    [
      'verified here only: refused',
      { verifiedOwnerId: 'user_b', emailVerified: false },
      { action: 'refuse', code: 'oauth_email_not_verified' },
    ],
    [
      'held unverified here: refused, no second account',
      { unverifiedHolder: true },
      { action: 'refuse', code: 'oauth_local_email_unverified' },
    ],
    ['a new person with a verified address: an account', {}, { action: 'create', email: 'ada@example.com' }],
    [
      'a new person with an unverified address: refused',
      { emailVerified: false },
      { action: 'refuse', code: 'oauth_email_not_verified' },
    ],
  ])('%s', (_, change, expected) => {
    expect(decideSocialIdentity({ ...facts, ...change })).toEqual(expected)
  })

  it('connects an identity nobody has, and refuses another user’s', () => {
    expect(decideConnection({ linkedUserId: null, userId: 'u' })).toEqual({ action: 'link' })
    expect(decideConnection({ linkedUserId: 'u', userId: 'u' })).toEqual({ action: 'already_linked' })
    expect(decideConnection({ linkedUserId: 'v', userId: 'u' })).toEqual({
      action: 'refuse',
      code: 'oauth_account_taken',
    })
  })
})

describe('pickGitHubEmail', () => {
  it('takes the verified primary address, else any verified one, canonical', () => {
    expect(
      pickGitHubEmail([
        { email: 'Other@Example.com', verified: true, primary: false },
        { email: 'Main@Example.com', verified: true, primary: true },
      ]),
    ).toEqual({ email: 'main@example.com', verified: true })
    expect(
      pickGitHubEmail([
        { email: 'main@example.com', verified: false, primary: true },
        { email: 'second@example.com', verified: true, primary: false },
      ]),
    ).toEqual({ email: 'second@example.com', verified: true })
  })

  it('says unverified when nothing is verified, and null when there is nothing', () => {
    expect(pickGitHubEmail([{ email: 'main@example.com', verified: false, primary: true }])).toEqual({
      email: 'main@example.com',
      verified: false,
    })
    expect(pickGitHubEmail([])).toEqual({ email: null, verified: false })
  })
})
