/**
 * The session ledger's vocabulary: what can happen to a session and who can make it happen.
 */

import type { TransitionReason } from './status.ts'

export const SESSION_EVENT_TYPES = [
  /** The session was created by a sign-in or sign-up. */
  'created',
  /** The session moved from one status to another; `reason` says why. */
  'status_changed',
] as const

export type SessionEventType = (typeof SESSION_EVENT_TYPES)[number]

export const SESSION_EVENT_ACTORS = [
  /** The session's own user (in this browser or another). */
  'user',
  /** An instance administrator. */
  'admin',
  /** Tessera itself: timeouts, sweeps, policy. */
  'system',
] as const

export type SessionEventActor = (typeof SESSION_EVENT_ACTORS)[number]

/** Who can cause each transition. Timeouts are never a person's doing; revocations by an admin always are. */
export const REASON_ACTOR: Record<TransitionReason, SessionEventActor> = {
  tasks_resolved: 'user',
  task_required: 'system',
  ended_by_user: 'user',
  removed_by_user: 'user',
  signed_out: 'user',
  revoked_by_user: 'user',
  revoked_by_admin: 'admin',
  password_changed: 'user',
  user_banned: 'admin',
  max_lifetime_reached: 'system',
  inactivity_timeout: 'system',
  replaced_by_sign_in: 'user',
}

/** A human-readable line for a transition, for timelines and logs. */
export const REASON_LABEL: Record<TransitionReason, string> = {
  tasks_resolved: 'All session tasks completed',
  task_required: 'A session task became required',
  ended_by_user: 'Ended by the user',
  removed_by_user: 'Signed out of this account',
  signed_out: 'Signed out of every account in this browser',
  revoked_by_user: 'Revoked from another device',
  revoked_by_admin: 'Revoked by an administrator',
  password_changed: 'Password changed',
  user_banned: 'Account banned',
  max_lifetime_reached: 'Maximum lifetime reached',
  inactivity_timeout: 'Inactive for too long',
  replaced_by_sign_in: 'Replaced by a new sign-in',
}
