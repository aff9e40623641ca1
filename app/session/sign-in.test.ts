import { describe, expect, it } from 'vitest'
import { CODE_STRATEGY_CHANNEL, type CodeChannel } from './codes.ts'
import { FIRST_FACTOR_STRATEGIES, type IdentifierKind, SENT_STRATEGIES } from './factors.ts'
import {
  isAttemptOpen,
  RESET_PASSWORD_STRATEGY_OF,
  signInResourceStatus,
  signsOutOtherSessions,
  supportedFirstFactors,
} from './sign-in.ts'

describe('supportedFirstFactors', () => {
  it('depends only on the kind of identifier and the instance, so it reveals no account', () => {
    expect(supportedFirstFactors('email_address', FIRST_FACTOR_STRATEGIES)).toEqual([
      'password',
      'email_code',
      'email_link',
      'reset_password_email_code',
    ])
    expect(supportedFirstFactors('phone_number', FIRST_FACTOR_STRATEGIES)).toEqual([
      'phone_code',
      'password',
      'reset_password_phone_code',
    ])
    expect(supportedFirstFactors('email_address', ['email_code', 'passkey'])).toEqual(['email_code'])
  })

  it('offers a password reset only where passwords are a way in', () => {
    expect(supportedFirstFactors('email_address', ['email_code', 'reset_password_email_code'])).toEqual(['email_code'])
    expect(supportedFirstFactors('phone_number', ['password', 'reset_password_phone_code'])).toEqual([
      'password',
      'reset_password_phone_code',
    ])
    expect(supportedFirstFactors('email_address', ['password', 'reset_password_phone_code'])).toEqual(['password'])
  })

  it('offers every code and link strategy to the kind of identifier its channel reaches', () => {
    const reaches: Record<CodeChannel, IdentifierKind> = {
      email: 'email_address',
      sms: 'phone_number',
    }
    for (const strategy of SENT_STRATEGIES) {
      expect(supportedFirstFactors(reaches[CODE_STRATEGY_CHANNEL[strategy]], FIRST_FACTOR_STRATEGIES)).toContain(
        strategy,
      )
    }
  })

  it('offers only the IdP for an email domain an enabled enterprise connection owns', () => {
    const owned = { enterpriseDomain: true }
    expect(supportedFirstFactors('email_address', FIRST_FACTOR_STRATEGIES, owned)).toEqual(['enterprise_sso'])
    expect(supportedFirstFactors('phone_number', FIRST_FACTOR_STRATEGIES, owned)).toEqual([
      'phone_code',
      'password',
      'reset_password_phone_code',
    ])
    expect(supportedFirstFactors('email_address', ['password', 'email_code'], owned)).toEqual([
      'password',
      'email_code',
    ])
  })
})

describe("signsOutOtherSessions (the reference's signOutOfOtherSessions)", () => {
  it('defaults to true and keeps them only when asked', () => {
    expect(signsOutOtherSessions(undefined)).toBe(true)
    expect(signsOutOtherSessions(true)).toBe(true)
    expect(signsOutOtherSessions(false)).toBe(false)
  })
})

describe('RESET_PASSWORD_STRATEGY_OF', () => {
  it('proves each kind of identifier through its own channel', () => {
    expect(CODE_STRATEGY_CHANNEL[RESET_PASSWORD_STRATEGY_OF.email_address]).toBe('email')
    expect(CODE_STRATEGY_CHANNEL[RESET_PASSWORD_STRATEGY_OF.phone_number]).toBe('sms')
  })
})

describe('isAttemptOpen', () => {
  const expiresAt = new Date('2026-03-01T09:10:00Z')
  it('is open while in progress and before its deadline', () => {
    expect(isAttemptOpen({ status: 'needs_first_factor', expiresAt }, new Date('2026-03-01T09:09:59Z'))).toBe(true)
    expect(isAttemptOpen({ status: 'needs_second_factor', expiresAt }, expiresAt)).toBe(false)
    expect(isAttemptOpen({ status: 'complete', expiresAt }, new Date(0))).toBe(false)
    expect(isAttemptOpen({ status: 'abandoned', expiresAt }, new Date(0))).toBe(false)
    expect(isAttemptOpen({ status: 'needs_new_password', expiresAt }, new Date('2026-03-01T09:09:59Z'))).toBe(true)
    expect(signInResourceStatus('needs_new_password')).toBe('needs_new_password')
  })
})
