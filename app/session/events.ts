/**
 * The session ledger's vocabulary: what can happen to a session (who causes each change of status,
 * and how it reads, is `TRANSITIONS` in status.ts).
 */

/** A session's own lifecycle. */
export const LIFECYCLE_EVENT_TYPES = [
  /** The session was created by a sign-in, sign-up or an actor token; `detail` names the factors passed. */
  'created',
  /** The session moved from one status to another; `reason` says why. */
  'status_changed',
  /** A step-up verification completed; `detail` names the factors passed. */
  'reverified',
] as const

/** Changes to what protects the account, made by its user (each is also emailed to them). */
export const ACCOUNT_EVENT_TYPES = [
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
  /** The account was linked to an enterprise IdP identity at its first SSO sign-in (VULN-14). */
  'enterprise_sso_linked',
  /** A social account (Google, GitHub, Microsoft) was connected: at its first sign-in, or by the user (ADR 034). */
  'external_account_connected',
  /** The user disconnected a social account. */
  'external_account_disconnected',
] as const

/** Changes to how the account is shown (its name and image), by its user: recorded, not emailed. */
export const PROFILE_EVENT_TYPES = ['profile_updated', 'profile_image_set', 'profile_image_removed'] as const

/**
 * What else the ledger keeps: failed sign-ins (no session exists yet), impersonation and agents,
 * organization changes, and every admin action (the admin's session is the row's session, the user concerned its user).
 */
export const AUDIT_EVENT_TYPES = [
  /** A sign-in step failed; `detail` names the strategy and the error code. */
  'sign_in_failed',
  /** Too many failed verifications locked the account; its owner was emailed a link to unlock it. */
  'account_locked',
  /** The owner followed that link (proving the address) and the lock ended early. */
  'account_unlocked',
  'impersonation_started',
  'impersonation_stopped',
  'actor_token_created',
  'actor_token_revoked',
  'user_banned',
  'user_unbanned',
  'password_reset_required',
  'factor_removed_by_admin',
  'plan_changed',
  'sessions_revoked_by_admin',
  'signing_key_rotated',
  'webhook_endpoint_added',
  'webhook_endpoint_changed',
  'webhook_endpoint_removed',
  'webhook_delivery_retried',
  // Enterprise SSO connections (who may sign in through which IdP); `detail` names the connection.
  'enterprise_connection_added',
  'enterprise_connection_changed',
  'enterprise_connection_removed',
  // Organization changes (authorization changes: who may act for whom).
  'organization_created',
  'organization_updated',
  'organization_deleted',
  'organization_member_role_changed',
  'organization_member_removed',
  'organization_left',
  'organization_invitation_sent',
  'organization_invitation_revoked',
  'organization_invitation_accepted',
  // Instance secret keys (the Backend API's credentials); `detail` names the key, never its secret.
  'secret_key_created',
  'secret_key_revoked',
  /** A user deleted through the Backend API (the row outlives the user: `user_id` is null, `detail` names them). */
  'user_deleted',
] as const

export const SESSION_EVENT_TYPES = [
  ...LIFECYCLE_EVENT_TYPES,
  ...ACCOUNT_EVENT_TYPES,
  ...PROFILE_EVENT_TYPES,
  ...AUDIT_EVENT_TYPES,
] as const

export type SessionEventType = (typeof SESSION_EVENT_TYPES)[number]

/** The account changes: emailed to the user when they happen. */
export type SecurityEventType = (typeof ACCOUNT_EVENT_TYPES)[number]

export type ProfileEventType = (typeof PROFILE_EVENT_TYPES)[number]

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number]

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
  enterprise_sso_linked: 'Single sign-on linked to the account',
  external_account_connected: 'Account connected for signing in',
  external_account_disconnected: 'Connected account removed',
}

export const PROFILE_EVENT_LABEL: Record<ProfileEventType, string> = {
  profile_updated: 'Name changed',
  profile_image_set: 'Profile image changed',
  profile_image_removed: 'Profile image removed',
}

export const AUDIT_EVENT_LABEL: Record<AuditEventType, string> = {
  sign_in_failed: 'Sign-in failed',
  account_locked: 'Account locked after too many failed attempts',
  account_unlocked: 'Account unlocked from the emailed link',
  impersonation_started: 'Impersonation started',
  impersonation_stopped: 'Impersonation stopped',
  actor_token_created: 'Sign-in link created for someone acting as the user',
  actor_token_revoked: 'Sign-in link revoked',
  user_banned: 'Account banned',
  user_unbanned: 'Account unbanned',
  password_reset_required: 'Password marked compromised: a reset is required',
  factor_removed_by_admin: 'Factor removed by an administrator',
  plan_changed: 'Plan changed',
  sessions_revoked_by_admin: 'Sessions revoked by an administrator',
  signing_key_rotated: 'Signing key rotated',
  webhook_endpoint_added: 'Webhook endpoint added',
  webhook_endpoint_changed: 'Webhook endpoint changed',
  webhook_endpoint_removed: 'Webhook endpoint removed',
  webhook_delivery_retried: 'Webhook delivery retried',
  enterprise_connection_added: 'Enterprise SSO connection added',
  enterprise_connection_changed: 'Enterprise SSO connection changed',
  enterprise_connection_removed: 'Enterprise SSO connection removed',
  organization_created: 'Organization created',
  organization_updated: 'Organization renamed',
  organization_deleted: 'Organization deleted',
  organization_member_role_changed: "Organization member's role changed",
  organization_member_removed: 'Removed from an organization',
  organization_left: 'Left an organization',
  organization_invitation_sent: 'Invitation to an organization sent',
  organization_invitation_revoked: 'Invitation to an organization revoked',
  organization_invitation_accepted: 'Joined an organization',
  secret_key_created: 'Secret key created',
  secret_key_revoked: 'Secret key revoked',
  user_deleted: 'Account deleted',
}

/** Every event type other than the lifecycle's, as a line of text. */
export const EVENT_LABEL: Record<SecurityEventType | ProfileEventType | AuditEventType, string> = {
  ...SECURITY_EVENT_LABEL,
  ...PROFILE_EVENT_LABEL,
  ...AUDIT_EVENT_LABEL,
}
