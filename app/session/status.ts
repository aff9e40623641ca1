/**
 * Session statuses and the transitions between them.
 *
 * Every status a session can have is listed once here; the database enum, the wire format and the
 * UI all derive from this tuple. A transition is always caused by a named reason, and each reason
 * leads to exactly one status, so "how did this session end?" has one answer.
 */

export const SESSION_STATUSES = [
  /** Signed in, no outstanding task. */
  'active',
  /** Signed in, but at least one session task is outstanding; treated as signed out by default. */
  'pending',
  /** Ended by the user with `session.end()`; kept in the client's list. */
  'ended',
  /** The absolute lifetime (`expireAt`) passed. */
  'expired',
  /** Removed by the user (`session.remove()` or sign-out). */
  'removed',
  /** Superseded by a newer sign-in on the same client. */
  'replaced',
  /** Ended by the application: another device, an admin, a password change or a ban. */
  'revoked',
  /** The inactivity timeout (`abandonAt`) passed before the absolute lifetime. */
  'abandoned',
] as const

export type SessionStatus = (typeof SESSION_STATUSES)[number]

/** The statuses that count as signed in: the session can authenticate requests. */
export const SIGNED_IN_STATUSES = ['active', 'pending'] as const satisfies readonly SessionStatus[]
export type SignedInStatus = (typeof SIGNED_IN_STATUSES)[number]

export function isSignedInStatus(status: SessionStatus): status is SignedInStatus {
  return status === 'active' || status === 'pending'
}

/** Why a session changed status. Each reason has exactly one target status. */
export const TRANSITION_REASONS = [
  /** All tasks resolved. */
  'tasks_resolved',
  /** A new requirement (e.g. an instance setting) added a task to a signed-in session. */
  'task_required',
  /** `session.end()`. */
  'ended_by_user',
  /** `session.remove()`, or signing out of this session. */
  'removed_by_user',
  /** Signing out of every session on the client. */
  'signed_out',
  /** Revoked by the same user from another device. */
  'revoked_by_user',
  /** Revoked by an instance administrator. */
  'revoked_by_admin',
  /** The user's password was changed or reset. */
  'password_changed',
  /** The user added or removed a second factor, so sessions that did not pass it no longer count. */
  'factors_changed',
  /** The user was banned or deleted. */
  'user_banned',
  /** `expireAt` passed. */
  'max_lifetime_reached',
  /** `abandonAt` passed. */
  'inactivity_timeout',
  /** A new sign-in on the same client superseded this session. */
  'replaced_by_sign_in',
] as const

export type TransitionReason = (typeof TRANSITION_REASONS)[number]

export const REASON_TARGET: Record<TransitionReason, SessionStatus> = {
  tasks_resolved: 'active',
  task_required: 'pending',
  ended_by_user: 'ended',
  removed_by_user: 'removed',
  signed_out: 'removed',
  revoked_by_user: 'revoked',
  revoked_by_admin: 'revoked',
  password_changed: 'revoked',
  factors_changed: 'revoked',
  user_banned: 'revoked',
  max_lifetime_reached: 'expired',
  inactivity_timeout: 'abandoned',
  replaced_by_sign_in: 'replaced',
}

/**
 * The allowed transitions, by source status. Signed-in sessions can move anywhere that ends or
 * gates them; an ended session can still be removed from the client's list; every other status is
 * terminal.
 */
export const ALLOWED_TRANSITIONS: Record<SessionStatus, readonly SessionStatus[]> = {
  active: ['pending', 'ended', 'expired', 'removed', 'replaced', 'revoked', 'abandoned'],
  pending: ['active', 'ended', 'expired', 'removed', 'replaced', 'revoked', 'abandoned'],
  ended: ['removed'],
  expired: [],
  removed: [],
  replaced: [],
  revoked: [],
  abandoned: [],
}

export function canTransition(from: SessionStatus, to: SessionStatus): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to)
}

/** The statuses a session may be in for `reason` to apply to it. */
export function sourcesFor(reason: TransitionReason): SessionStatus[] {
  const target = REASON_TARGET[reason]
  return SESSION_STATUSES.filter((status) => canTransition(status, target))
}
