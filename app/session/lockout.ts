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
