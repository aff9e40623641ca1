/**
 * `has()` / `checkAuthorization()` (clerk-spec §7): each dimension the caller asks about passes or
 * fails; the answer is true when at least one passes and none fails. Asking nothing is false.
 *
 * Organizations and billing are not built yet, so role, permission, feature and plan have no data
 * to pass on and always fail (a role needs an active organization; features and plans come from
 * claims this instance does not issue). Reverification is judged by `reverification.ts`.
 */

import { isReverificationFresh, type ReverificationConfig } from './reverification.ts'

/** Role and permission wait on organizations; feature and plan on billing. */
const DIMENSIONS_WITHOUT_DATA = ['role', 'permission', 'feature', 'plan'] as const

/** What a caller may ask; unasked dimensions are skipped. */
export interface CheckAuthorizationParams {
  role?: string
  permission?: string
  feature?: string
  plan?: string
  reverification?: ReverificationConfig
}

export interface AuthorizationFacts {
  /** The session's `[first, second]` factor verification age in minutes, or null when unknown. */
  factorVerificationAge: readonly [number, number] | null
}

/** Takes `unknown` because params may come from untyped callers: anything malformed is false. */
export function checkAuthorization(params: unknown, facts: AuthorizationFacts): boolean {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return false
  const asked = params as Record<string, unknown>
  const results: boolean[] = []
  for (const dimension of DIMENSIONS_WITHOUT_DATA) if (asked[dimension] !== undefined) results.push(false)
  if (asked.reverification !== undefined)
    results.push(isReverificationFresh(asked.reverification, facts.factorVerificationAge))
  return results.length > 0 && results.every(Boolean)
}
