import { describe, expect, it } from 'vitest'
import { CODE_STRATEGY_CHANNEL, type CodeChannel } from './codes.ts'
import { FIRST_FACTOR_STRATEGIES, type IdentifierKind, SENT_STRATEGIES } from './factors.ts'
import { isAttemptOpen, supportedFirstFactors } from './sign-in.ts'

describe('supportedFirstFactors', () => {
  it('depends only on the kind of identifier and the instance, so it reveals no account', () => {
    expect(supportedFirstFactors('email_address', FIRST_FACTOR_STRATEGIES)).toEqual([
      'password',
      'email_code',
      'email_link',
    ])
    expect(supportedFirstFactors('phone_number', FIRST_FACTOR_STRATEGIES)).toEqual(['phone_code', 'password'])
    expect(supportedFirstFactors('email_address', ['email_code', 'passkey'])).toEqual(['email_code'])
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
    expect(supportedFirstFactors('phone_number', FIRST_FACTOR_STRATEGIES, owned)).toEqual(['phone_code', 'password'])
    expect(supportedFirstFactors('email_address', ['password', 'email_code'], owned)).toEqual([
      'password',
      'email_code',
    ])
  })
})

describe('isAttemptOpen', () => {
  const expiresAt = new Date('2026-03-01T09:10:00Z')
  it('is open while in progress and before its deadline', () => {
    expect(isAttemptOpen({ status: 'needs_first_factor', expiresAt }, new Date('2026-03-01T09:09:59Z'))).toBe(true)
    expect(isAttemptOpen({ status: 'needs_second_factor', expiresAt }, expiresAt)).toBe(false)
    expect(isAttemptOpen({ status: 'complete', expiresAt }, new Date(0))).toBe(false)
    expect(isAttemptOpen({ status: 'abandoned', expiresAt }, new Date(0))).toBe(false)
  })
})
