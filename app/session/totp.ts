/**
 * Which TOTP time steps are acceptable (RFC 6238 §5.2): the current one and one either side, each
 * at most once. The codes themselves are HMACs, computed on the server.
 */

import { TOTP_PERIOD_SECONDS, TOTP_WINDOW_STEPS } from './policy.ts'

/** The RFC 6238 time step `now` falls in. */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS)
}

/** The steps a code typed at `now` may belong to, the current step first. */
export function candidateSteps(now: Date): number[] {
  const current = totpStep(now)
  const steps = [current]
  for (let drift = 1; drift <= TOTP_WINDOW_STEPS; drift++) steps.push(current - drift, current + drift)
  return steps
}

/** A step is accepted once, and never at or below one already accepted (a replay or an older code). */
export function isStepUnused(lastUsedStep: number | null, step: number): boolean {
  return lastUsedStep === null || step > lastUsedStep
}
