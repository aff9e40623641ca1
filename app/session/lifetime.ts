/**
 * Session lifetimes: when a session expires (absolute limit) and when it is abandoned (inactivity),
 * and what a stored row's status really is at a given instant.
 *
 * - `expireAt` = `createdAt + maxLifetime`, fixed at creation.
 * - `abandonAt` = `lastActiveAt + inactivityTimeout`, moved forward by activity, never past
 *   `expireAt`. With the inactivity timeout off it equals `expireAt`.
 *
 * Time is always a parameter; nothing here reads a clock.
 */

import {
  AAL2_INACTIVITY_TIMEOUT_SECONDS,
  AAL2_MAX_LIFETIME_SECONDS,
  AAL3_INACTIVITY_TIMEOUT_SECONDS,
  AAL3_MAX_LIFETIME_SECONDS,
  SESSION_LIFETIME_CEILING_SECONDS,
  STANDARD_MAX_LIFETIME_SECONDS,
} from './policy.ts'
import { isSignedInStatus, type SessionStatus, TRANSITIONS, type TransitionReason } from './status.ts'

export const LIFETIME_PROFILES = [
  /** 7 days absolute, no inactivity limit: the hosted service's default (about AAL1). */
  'standard',
  /** 24 h absolute, 1 h inactivity: NIST SP 800-63B-4 AAL2. */
  'aal2',
  /** 12 h absolute, 15 min inactivity: NIST SP 800-63B-4 AAL3. */
  'aal3',
] as const

export type LifetimeProfile = (typeof LIFETIME_PROFILES)[number]

/** A lifetime policy. `null` switches a limit off; at least one limit is always on. */
export interface SessionLimits {
  maxLifetimeSeconds: number | null
  inactivityTimeoutSeconds: number | null
}

export const PROFILE_LIMITS: Record<LifetimeProfile, SessionLimits> = {
  standard: { maxLifetimeSeconds: STANDARD_MAX_LIFETIME_SECONDS, inactivityTimeoutSeconds: null },
  aal2: { maxLifetimeSeconds: AAL2_MAX_LIFETIME_SECONDS, inactivityTimeoutSeconds: AAL2_INACTIVITY_TIMEOUT_SECONDS },
  aal3: { maxLifetimeSeconds: AAL3_MAX_LIFETIME_SECONDS, inactivityTimeoutSeconds: AAL3_INACTIVITY_TIMEOUT_SECONDS },
}

/** Why a set of limits is unusable, or null when it is fine. */
export function limitsProblem(limits: SessionLimits): string | null {
  const { maxLifetimeSeconds: max, inactivityTimeoutSeconds: idle } = limits
  if (max === null && idle === null) return 'at least one of the maximum lifetime and the inactivity timeout must be on'
  for (const value of [max, idle]) {
    if (value !== null && (!Number.isInteger(value) || value <= 0)) return 'limits must be positive whole seconds'
  }
  if (max !== null && max > SESSION_LIFETIME_CEILING_SECONDS) return 'the maximum lifetime cannot exceed 400 days'
  if (max !== null && idle !== null && idle >= max)
    return 'the inactivity timeout must be shorter than the maximum lifetime'
  return null
}

const addSeconds = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000)

export function computeExpireAt(createdAt: Date, limits: SessionLimits): Date {
  return addSeconds(createdAt, limits.maxLifetimeSeconds ?? SESSION_LIFETIME_CEILING_SECONDS)
}

export function computeAbandonAt(lastActiveAt: Date, expireAt: Date, inactivityTimeoutSeconds: number | null): Date {
  if (inactivityTimeoutSeconds === null) return expireAt
  const abandonAt = addSeconds(lastActiveAt, inactivityTimeoutSeconds)
  return abandonAt < expireAt ? abandonAt : expireAt
}

/** The timestamps of a session created at `now`. */
export function initialTimes(now: Date, limits: SessionLimits) {
  const expireAt = computeExpireAt(now, limits)
  return { lastActiveAt: now, expireAt, abandonAt: computeAbandonAt(now, expireAt, limits.inactivityTimeoutSeconds) }
}

export interface TimedSession {
  status: SessionStatus
  expireAt: Date
  abandonAt: Date
}

/**
 * The reason a signed-in session has timed out at `now`, or null if it has not (or is not signed
 * in). Whichever deadline came first ended it, however late it is noticed: a session idle past
 * `abandonAt` was abandoned even if `expireAt` has passed since. When the two coincide (no
 * inactivity timeout, or activity slid `abandonAt` up to `expireAt`) it expired.
 */
export function timeoutReason(session: TimedSession, now: Date): TransitionReason | null {
  if (!isSignedInStatus(session.status)) return null
  const abandonedFirst = session.abandonAt < session.expireAt
  const deadline = abandonedFirst ? session.abandonAt : session.expireAt
  if (now < deadline) return null
  return abandonedFirst ? 'inactivity_timeout' : 'max_lifetime_reached'
}

/** The status a stored session really has at `now`: a row whose time has passed never counts as signed in. */
export function effectiveStatus(session: TimedSession, now: Date): SessionStatus {
  const reason = timeoutReason(session, now)
  return reason === null ? session.status : TRANSITIONS[reason].target
}
