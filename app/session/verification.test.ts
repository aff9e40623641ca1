import { describe, expect, it } from 'vitest'
import { factorVerificationAge, minutesSince } from './verification.ts'

const now = new Date('2026-01-01T12:00:00Z')

describe('factor verification age', () => {
  it('counts whole minutes and reports -1 for a factor never verified', () => {
    expect(factorVerificationAge(new Date('2026-01-01T11:52:59Z'), null, now)).toEqual([7, -1])
  })

  it('never reports a negative age for a clock a little ahead', () => {
    expect(minutesSince(new Date('2026-01-01T12:00:03Z'), now)).toBe(0)
  })
})
