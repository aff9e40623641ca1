import { describe, expect, it } from 'vitest'
import {
  availableSecondFactors,
  CODE_STRATEGIES,
  describeStrategies,
  type EnrolledFactors,
  FIRST_FACTOR_STRATEGIES,
  isCodeStrategy,
  isResetPasswordStrategy,
  needsSecondFactor,
  RESET_PASSWORD_STRATEGIES,
  SECOND_FACTOR_STRATEGIES,
  SENT_SECOND_FACTOR_STRATEGIES,
  STRATEGIES,
  STRATEGY_PROFILES,
  usableFirstFactors,
  VERIFICATION_CODE_STRATEGIES,
} from './factors.ts'

const none: EnrolledFactors = { hasPassword: true, secondFactorPhoneCount: 0, totp: false, backupCodesRemaining: 0 }
const all = ['totp', 'phone_code', 'backup_code'] as const

describe('the strategy registry (ASVS 6.1.3: every pathway documented with its strength)', () => {
  it('lists first and second factors exactly as the profiles say', () => {
    const sorted = (list: readonly string[]) => [...list].sort()
    expect(sorted(FIRST_FACTOR_STRATEGIES)).toEqual(
      sorted(STRATEGIES.filter((strategy) => STRATEGY_PROFILES[strategy].firstFactor)),
    )
    expect(sorted(SECOND_FACTOR_STRATEGIES)).toEqual(
      sorted(STRATEGIES.filter((strategy) => STRATEGY_PROFILES[strategy].secondFactor)),
    )
  })

  it('names the sent-code strategies among the first factors, and the sent second factor', () => {
    expect(CODE_STRATEGIES).toEqual([
      'email_code',
      'phone_code',
      'reset_password_email_code',
      'reset_password_phone_code',
    ])
    for (const strategy of CODE_STRATEGIES) expect(FIRST_FACTOR_STRATEGIES).toContain(strategy)
    expect(SENT_SECOND_FACTOR_STRATEGIES).toEqual(['phone_code'])
  })

  it('keeps the password resets out of step-up: they sign nobody in on their own', () => {
    expect(RESET_PASSWORD_STRATEGIES.every(isCodeStrategy)).toBe(true)
    expect(VERIFICATION_CODE_STRATEGIES).toEqual(['email_code', 'phone_code'])
    for (const strategy of RESET_PASSWORD_STRATEGIES) {
      expect(STRATEGY_PROFILES[strategy]).toMatchObject({ firstFactor: true, secondFactor: false, multiFactor: false })
      expect(isResetPasswordStrategy(strategy)).toBe(true)
    }
    expect(isResetPasswordStrategy('email_code')).toBe(false)
  })

  it('still asks a user with a second factor for it after a password reset (VULN-13)', () => {
    const factors = { hasPassword: true, secondFactorPhoneCount: 0, totp: true, backupCodesRemaining: 0 }
    for (const strategy of RESET_PASSWORD_STRATEGIES) {
      expect(needsSecondFactor(factors, SECOND_FACTOR_STRATEGIES, strategy)).toBe(true)
    }
  })

  it('never lets an email code be a second factor (NIST, ASVS 6.3.6)', () => {
    expect(STRATEGY_PROFILES.email_code).toMatchObject({ firstFactor: true, secondFactor: false, multiFactor: false })
  })

  it('counts only a passkey as multi-factor, and only a passkey as phishing-resistant', () => {
    expect(STRATEGIES.filter((strategy) => STRATEGY_PROFILES[strategy].multiFactor)).toEqual(['passkey'])
    expect(STRATEGIES.filter((strategy) => STRATEGY_PROFILES[strategy].phishingResistant)).toEqual(['passkey'])
  })
})

describe('availableSecondFactors', () => {
  it('offers backup codes only next to another second factor', () => {
    expect(availableSecondFactors({ ...none, backupCodesRemaining: 10 }, all)).toEqual([])
    expect(availableSecondFactors({ ...none, totp: true, backupCodesRemaining: 3 }, all)).toEqual([
      'totp',
      'backup_code',
    ])
    expect(availableSecondFactors({ ...none, secondFactorPhoneCount: 1, totp: true }, all)).toEqual([
      'totp',
      'phone_code',
    ])
  })

  it('offers only what the instance enables', () => {
    const enrolled = { ...none, totp: true, secondFactorPhoneCount: 1, backupCodesRemaining: 1 }
    expect(availableSecondFactors(enrolled, ['phone_code'])).toEqual(['phone_code'])
    expect(
      availableSecondFactors({ ...none, totp: true, backupCodesRemaining: 1 }, ['phone_code', 'backup_code']),
    ).toEqual([])
  })
})

describe('needsSecondFactor (VULN-13)', () => {
  it.each(['password', 'email_code', 'phone_code', 'enterprise_sso'] as const)(
    'is true after %s for a user with a second factor',
    (first) => {
      expect(needsSecondFactor({ ...none, totp: true }, all, first)).toBe(true)
    },
  )

  it('is false after a user-verifying passkey, and for a user without a second factor', () => {
    expect(needsSecondFactor({ ...none, totp: true }, all, 'passkey')).toBe(false)
    expect(needsSecondFactor(none, all, 'password')).toBe(false)
  })
})

describe('usableFirstFactors', () => {
  const holdings = {
    hasPassword: true,
    verifiedEmailAddresses: 1,
    verifiedPhoneNumbers: 0,
    passkeys: 0,
    enterpriseIdentities: 0,
    oauthIdentities: {},
  }

  it('needs a verified identifier for a password to be usable', () => {
    expect(usableFirstFactors({ ...holdings, verifiedEmailAddresses: 0 }, FIRST_FACTOR_STRATEGIES)).toEqual([])
    expect(usableFirstFactors(holdings, FIRST_FACTOR_STRATEGIES)).toEqual([
      'password',
      'email_code',
      'email_link',
      'reset_password_email_code',
    ])
  })

  it('counts a passkey alone, and only what the instance enables', () => {
    const passkeyOnly = { ...holdings, hasPassword: false, passkeys: 1 }
    expect(usableFirstFactors(passkeyOnly, ['passkey'])).toEqual(['passkey'])
    expect(usableFirstFactors(passkeyOnly, ['password', 'phone_code'])).toEqual([])
  })

  it('counts a link to an enabled enterprise connection as a way in', () => {
    const federated = { ...holdings, hasPassword: false, verifiedEmailAddresses: 0, enterpriseIdentities: 1 }
    expect(usableFirstFactors(federated, FIRST_FACTOR_STRATEGIES)).toEqual(['enterprise_sso'])
    expect(usableFirstFactors(federated, ['password', 'email_code'])).toEqual([])
  })

  it('counts a connected social account of an enabled provider as a way in', () => {
    const social = { ...holdings, hasPassword: false, verifiedEmailAddresses: 0, oauthIdentities: { github: 1 } }
    expect(usableFirstFactors(social, FIRST_FACTOR_STRATEGIES)).toEqual(['oauth_github'])
    expect(usableFirstFactors(social, ['password', 'oauth_google'])).toEqual([])
  })
})

describe('describeStrategies', () => {
  it.each([
    ['password', 'password'],
    ['password, totp', 'password and authenticator app'],
    ['email_code, backup_code', 'email code and backup code'],
    ['something_new', 'something_new'],
  ])('reads %j as %j', (detail, expected) => {
    expect(describeStrategies(detail)).toBe(expected)
  })
})
