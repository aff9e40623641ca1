/**
 * The session ledger's vocabulary: what can happen to a session and who can make it happen.
 */

import type { TransitionReason } from './status.ts'

export const SESSION_EVENT_TYPES = [
  /** The session was created by a sign-in or sign-up; `detail` names the factors passed. */
  'created',
  /** The session moved from one status to another; `reason` says why. */
  'status_changed',
  /** A step-up verification completed; `detail` names the factors passed. */
  'reverified',
  // Changes to what protects the account, made from this session (`detail` names what, masked).
  'password_changed',
  'email_address_added',
  'email_address_verified',
  'email_address_removed',
  'primary_email_address_changed',
  'phone_number_added',
  'phone_number_verified',
  'phone_number_removed',
  'primary_phone_number_changed',
  'sms_second_factor_enabled',
  'sms_second_factor_disabled',
  'totp_enabled',
  'totp_removed',
  'backup_codes_regenerated',
  'passkey_added',
  'passkey_renamed',
  'passkey_removed',
] as const

export type SessionEventType = (typeof SESSION_EVENT_TYPES)[number]

/** The account changes: every event type except the session's own lifecycle. */
export type SecurityEventType = Exclude<SessionEventType, 'created' | 'status_changed' | 'reverified'>

/** How each account change reads in a timeline, and in the email that tells the user about it. */
export const SECURITY_EVENT_LABEL: Record<SecurityEventType, string> = {
  password_changed: 'Password changed',
  email_address_added: 'Email address added',
  email_address_verified: 'Email address verified',
  email_address_removed: 'Email address removed',
  primary_email_address_changed: 'Primary email address changed',
  phone_number_added: 'Phone number added',
  phone_number_verified: 'Phone number verified',
  phone_number_removed: 'Phone number removed',
  primary_phone_number_changed: 'Primary phone number changed',
  sms_second_factor_enabled: 'Text-message codes turned on for two-step verification',
  sms_second_factor_disabled: 'Text-message codes turned off for two-step verification',
  totp_enabled: 'Authenticator app set up',
  totp_removed: 'Authenticator app removed',
  backup_codes_regenerated: 'New backup codes generated',
  passkey_added: 'Passkey added',
  passkey_renamed: 'Passkey renamed',
  passkey_removed: 'Passkey removed',
}

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
  factors_changed: 'user',
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
  password_changed: 'Signed out after a password change',
  factors_changed: 'Signed out after a change to two-step verification',
  user_banned: 'Account banned',
  max_lifetime_reached: 'Maximum lifetime reached',
  inactivity_timeout: 'Inactive for too long',
  replaced_by_sign_in: 'Replaced by a new sign-in',
}
