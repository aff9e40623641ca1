import { describe, expect, it } from 'vitest'
import {
  afterFailure,
  attemptsBeforeLockout,
  type LockoutState,
  lockedForSeconds,
  lockoutWarning,
  releaseAttempt,
  reserveAttempt,
} from './lockout.ts'

const T0 = new Date('2026-03-01T09:00:00Z')
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000)
const policy = { maxFailures: 10, durationSeconds: 3600 }
const fresh: LockoutState = { failedAttempts: 0, lockedUntil: null }

describe('account lockout', () => {
  it('locks on the tenth consecutive failure, for an hour', () => {
    let state: LockoutState = fresh
    for (let i = 1; i < 10; i++) {
      state = afterFailure(state, policy, T0)
      expect(state).toEqual({ failedAttempts: i, lockedUntil: null })
    }
    state = afterFailure(state, policy, T0)
    expect(state).toEqual({ failedAttempts: 10, lockedUntil: at(3600) })
    expect(lockedForSeconds(state, T0)).toBe(3600)
    expect(lockedForSeconds(state, at(3599.5))).toBe(1)
    expect(lockedForSeconds(state, at(3600))).toBe(0)
  })

  it('gives the full number of tries back once a lock has run out, and no more', () => {
    const locked = { failedAttempts: 10, lockedUntil: at(3600) }
    expect(attemptsBeforeLockout(locked, policy, at(10))).toBe(0)
    expect(afterFailure(locked, policy, at(3601))).toEqual({ failedAttempts: 1, lockedUntil: null })
    expect(attemptsBeforeLockout({ failedAttempts: 7, lockedUntil: null }, policy, T0)).toBe(3)
  })
})

describe('reserving an attempt before its verdict (issue 20, finding 5)', () => {
  it('hands out exactly maxFailures slots, however many ask at once, and refuses the rest while locked', () => {
    let state = fresh
    const outcomes: string[] = []
    for (let i = 0; i < 20; i++) {
      const reservation = reserveAttempt(state, policy, T0)
      if (reservation.refused) {
        outcomes.push(`locked ${reservation.lockedForSeconds}`)
        continue
      }
      state = reservation.state
      outcomes.push(reservation.placedLock ? 'reserved, locks' : 'reserved')
    }
    expect(outcomes.filter((outcome) => outcome.startsWith('reserved'))).toHaveLength(10)
    expect(outcomes[9]).toBe('reserved, locks')
    expect(outcomes.slice(10)).toEqual(Array(10).fill('locked 3600'))
    expect(state).toEqual({ failedAttempts: 10, lockedUntil: at(3600) })
  })

  it('gives a slot back on a right answer, lifting the lock only if that slot placed it', () => {
    let state: LockoutState = { failedAttempts: 9, lockedUntil: null }
    const tenth = reserveAttempt(state, policy, T0)
    if (tenth.refused) throw new Error('expected a slot')
    state = tenth.state
    expect(releaseAttempt(state, tenth.placedLock)).toEqual({ failedAttempts: 9, lockedUntil: null })
    // A slot taken before the lock does not lift a lock another slot placed.
    expect(releaseAttempt(state, null)).toEqual({ failedAttempts: 9, lockedUntil: at(3600) })
    expect(releaseAttempt(fresh, null)).toEqual(fresh)
  })

  it('warns when three tries or fewer are left, and not once locked', () => {
    const warnings = []
    let state = fresh
    for (let i = 0; i < 10; i++) {
      state = afterFailure(state, policy, T0)
      warnings.push(lockoutWarning(state, policy, T0, 3))
    }
    expect(warnings).toEqual([null, null, null, null, null, null, 3, 2, 1, null])
  })
})
