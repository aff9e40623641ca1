/**
 * Account lockout: consecutive failed verifications of any factor (password, codes, TOTP, backup
 * codes) lock the account for a while; a success clears the count. Issuing a new code never does.
 */

export interface LockoutPolicy {
  /** Consecutive failures that lock the account. */
  maxFailures: number
  durationSeconds: number
}

export interface LockoutState {
  failedAttempts: number
  lockedUntil: Date | null
}

/** Seconds until the account unlocks, rounded up; 0 when it is not locked. */
export function lockedForSeconds(state: LockoutState, now: Date): number {
  if (state.lockedUntil === null || state.lockedUntil <= now) return 0
  return Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000)
}

/**
 * The state after one more failure. A lock that has run out starts the count again, so a user
 * whose lock expired gets the full number of tries back (and no more).
 */
export function afterFailure(state: LockoutState, policy: LockoutPolicy, now: Date): LockoutState {
  const expired = state.lockedUntil !== null && state.lockedUntil <= now
  const failedAttempts = (expired ? 0 : state.failedAttempts) + 1
  if (failedAttempts >= policy.maxFailures) {
    return { failedAttempts, lockedUntil: new Date(now.getTime() + policy.durationSeconds * 1000) }
  }
  return { failedAttempts, lockedUntil: expired ? null : state.lockedUntil }
}

/** Failures left before the lock (0 once locked). */
export function attemptsBeforeLockout(state: LockoutState, policy: LockoutPolicy, now: Date): number {
  if (lockedForSeconds(state, now) > 0) return 0
  return Math.max(policy.maxFailures - state.failedAttempts, 0)
}

// ---------------------------------------------------------------------------------------------
// Reserving an attempt (issue 20, finding 5; docs/decisions/024-impersonation-and-lockout.md)

/**
 * What reserving a slot for one verification gives: refused while locked, else the state with this
 * attempt already counted as a failure (so a parallel attempt sees it) and the lock it placed, if
 * it is the attempt that reaches the threshold. Every attempt takes a slot before its verdict, so
 * at most `maxFailures` answers are ever checked before the lock, however many arrive at once.
 */
export type Reservation =
  | { refused: true; lockedForSeconds: number }
  | { refused: false; state: LockoutState; placedLock: Date | null }

export function reserveAttempt(state: LockoutState, policy: LockoutPolicy, now: Date): Reservation {
  const seconds = lockedForSeconds(state, now)
  if (seconds > 0) return { refused: true, lockedForSeconds: seconds }
  const next = afterFailure(state, policy, now)
  const placedLock = lockedForSeconds(next, now) > 0 ? next.lockedUntil : null
  return { refused: false, state: next, placedLock }
}

/**
 * Gives a reserved slot back: the answer was right (or was refused for a reason that is not a
 * wrong answer). The count drops by one, and the lock this slot placed, if it is still the lock,
 * is lifted: the threshold was never reached by wrong answers.
 */
export function releaseAttempt(current: LockoutState, placedLock: Date | null): LockoutState {
  const failedAttempts = Math.max(current.failedAttempts - 1, 0)
  const ownLock =
    placedLock !== null && current.lockedUntil !== null && current.lockedUntil.getTime() === placedLock.getTime()
  return { failedAttempts, lockedUntil: ownLock ? null : current.lockedUntil }
}

/**
 * After a wrong answer counted into `state`: the tries left before the lock, when at most
 * `warnAt` remain (and the account is not locked yet), else null.
 */
export function lockoutWarning(state: LockoutState, policy: LockoutPolicy, now: Date, warnAt: number): number | null {
  const left = attemptsBeforeLockout(state, policy, now)
  return left > 0 && left <= warnAt ? left : null
}
