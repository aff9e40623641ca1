import { describe, expect, it } from 'vitest'
import { afterFailure, attemptsBeforeLockout, type LockoutState, lockedForSeconds } from './lockout.ts'

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
