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

export const SESSION_EVENT_ACTORS = [
  /** The session's own user (in this browser or another). */
  'user',
  /** An instance administrator. */
  'admin',
  /** Tessera itself: timeouts, sweeps, policy. */
  'system',
  /** A backend calling the Backend API with an instance secret key (the row's `secret_key_id`). */
  'secret_key',
] as const

export type SessionEventActor = (typeof SESSION_EVENT_ACTORS)[number]

export interface TransitionProfile {
  /** The status the reason leads to. */
  target: SessionStatus
  /** Who causes it. Timeouts are never a person's doing; revocations by an admin always are. */
  actor: SessionEventActor
  /** A line for timelines and logs. */
  label: string
}

/** What each reason does, who causes it and how it reads. */
export const TRANSITIONS: Record<TransitionReason, TransitionProfile> = {
  tasks_resolved: { target: 'active', actor: 'user', label: 'All session tasks completed' },
  task_required: { target: 'pending', actor: 'system', label: 'A session task became required' },
  ended_by_user: { target: 'ended', actor: 'user', label: 'Ended by the user' },
  removed_by_user: { target: 'removed', actor: 'user', label: 'Signed out of this account' },
  signed_out: { target: 'removed', actor: 'user', label: 'Signed out of every account in this browser' },
  revoked_by_user: { target: 'revoked', actor: 'user', label: 'Revoked from another device' },
  revoked_by_admin: { target: 'revoked', actor: 'admin', label: 'Revoked by an administrator' },
  password_changed: { target: 'revoked', actor: 'user', label: 'Signed out after a password change' },
  factors_changed: { target: 'revoked', actor: 'user', label: 'Signed out after a change to two-step verification' },
  user_banned: { target: 'revoked', actor: 'admin', label: 'Account banned' },
  max_lifetime_reached: { target: 'expired', actor: 'system', label: 'Maximum lifetime reached' },
  inactivity_timeout: { target: 'abandoned', actor: 'system', label: 'Inactive for too long' },
  replaced_by_sign_in: { target: 'replaced', actor: 'user', label: 'Replaced by a new sign-in' },
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
  const { target } = TRANSITIONS[reason]
  return SESSION_STATUSES.filter((status) => canTransition(status, target))
}
