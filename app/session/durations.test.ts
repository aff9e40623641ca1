import { describe, expect, it } from 'vitest'
import { describeDuration, describeMinutes } from './durations.ts'
import {
  CODE_RESEND_COOLDOWN_SECONDS,
  INVITATION_TTL_SECONDS,
  ONE_TIME_CODE_TTL_SECONDS,
  REVERIFICATION_LAX_MINUTES,
  WEBAUTHN_CHALLENGE_TTL_SECONDS,
} from './policy.ts'

describe('describeDuration', () => {
  it.each([
    [0.2, '1 second'],
    [45, '45 seconds'],
    [60, '1 minute'],
    [61, '2 minutes'],
    [3540, '59 minutes'],
    [3595, '1 hour'],
    [3600, '1 hour'],
    [3601, '1 hour'],
    [2 * 3600 + 1800, '3 hours'],
    [47 * 3600, '47 hours'],
    [48 * 3600, '2 days'],
  ])('reads %d s as %j', (seconds, text) => {
    expect(describeDuration(seconds)).toBe(text)
  })

  it('states the policy limits the copy mentions', () => {
    expect(describeDuration(ONE_TIME_CODE_TTL_SECONDS)).toBe('10 minutes')
    expect(describeDuration(CODE_RESEND_COOLDOWN_SECONDS)).toBe('30 seconds')
    expect(describeDuration(WEBAUTHN_CHALLENGE_TTL_SECONDS)).toBe('5 minutes')
    expect(describeDuration(INVITATION_TTL_SECONDS)).toBe('7 days')
    expect(describeMinutes(REVERIFICATION_LAX_MINUTES)).toBe('24 hours')
  })
})
