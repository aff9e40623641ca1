/**
 * `has()` / `checkAuthorization()` (docs/reference.md#authorization-checks), one implementation for
 * the browser's Session, `useAuth().has`, `<Protect>` and the server's `auth().has`.
 *
 * Each dimension the caller asks about passes or fails; the answer is true when every asked
 * dimension passes, and asking nothing is false. Anything missing or malformed fails: no user, no
 * active organization for a role or permission, an unknown scope, a value that is not a string
 * (VULN-11: a combinator never passes because one of its parts could not be judged).
 *
 * - role / permission: against the active organization's membership; `admin` means `org:admin`.
 *   Unlike the reference, system permissions (`org:sys_*`) count on the server too: it derives them
 *   from the role, as it owns the role definitions.
 * - feature / plan: `key`, `user:key` (`u:`), `org:key` (`o:`, `organization:`); unscoped matches
 *   either scope.
 * - reverification: `reverification.ts`.
 */

import { withOrgPrefix } from './organizations.ts'
import { isReverificationFresh, type ReverificationConfig } from './reverification.ts'

/** What a caller may ask; unasked dimensions are skipped. */
export interface CheckAuthorizationParams {
  role?: string
  permission?: string
  feature?: string
  plan?: string
  reverification?: ReverificationConfig
}

export interface AuthorizationFacts {
  userId: string | null
  /** The session's `[first, second]` factor verification age in minutes, or null when unknown. */
  factorVerificationAge: readonly [number, number] | null
  /** The active organization's membership: its role and every permission it grants. */
  organization: { id: string; role: string | null; permissions: readonly string[] } | null
  features: { user: readonly string[]; organization: readonly string[] }
  plans: { user: readonly string[]; organization: readonly string[] }
}

/** Facts for a session without an organization, features or plans. */
export function personalFacts(
  userId: string | null,
  factorVerificationAge: AuthorizationFacts['factorVerificationAge'],
): AuthorizationFacts {
  return {
    userId,
    factorVerificationAge,
    organization: null,
    features: { user: [], organization: [] },
    plans: { user: [], organization: [] },
  }
}

const SCOPE_ALIASES: Record<string, 'user' | 'organization'> = {
  user: 'user',
  u: 'user',
  org: 'organization',
  o: 'organization',
  organization: 'organization',
}

function hasScoped(value: unknown, granted: AuthorizationFacts['features']): boolean {
  if (typeof value !== 'string' || value === '') return false
  const parts = value.split(':')
  if (parts.length === 1) return granted.user.includes(value) || granted.organization.includes(value)
  const [scope, key, ...rest] = parts
  const where = scope === undefined ? undefined : SCOPE_ALIASES[scope]
  if (!where || !key || rest.length > 0) return false
  return granted[where].includes(key)
}

type Check = (value: unknown, facts: AuthorizationFacts) => boolean

const CHECKS: Record<keyof CheckAuthorizationParams, Check> = {
  role: (value, { organization }) =>
    typeof value === 'string' && value !== '' && organization?.role === withOrgPrefix(value),
  permission: (value, { organization }) =>
    typeof value === 'string' && value !== '' && organization?.permissions.includes(withOrgPrefix(value)) === true,
  feature: (value, { features }) => hasScoped(value, features),
  plan: (value, { plans }) => hasScoped(value, plans),
  reverification: (value, { factorVerificationAge }) => isReverificationFresh(value, factorVerificationAge),
}

const DIMENSIONS = Object.keys(CHECKS) as (keyof CheckAuthorizationParams)[]

/** Takes `unknown` because params may come from untyped callers: anything malformed is false. */
export function checkAuthorization(params: unknown, facts: AuthorizationFacts): boolean {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return false
  if (!facts.userId) return false
  const asked = params as Record<string, unknown>
  const dimensions = DIMENSIONS.filter((dimension) => asked[dimension] !== undefined)
  return dimensions.length > 0 && dimensions.every((dimension) => CHECKS[dimension](asked[dimension], facts))
}
