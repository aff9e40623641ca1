/**
 * Actions that change what protects an account, or end someone's access. Each requires a recent
 * verification (reverification) before it runs: the reference's list and ours, as
 * docs/reference.md#reverification sets them out.
 */
export const SENSITIVE_ACTIONS = [
  /** Revoking one of the user's sessions on another device (the reference's list). */
  'revoke_session',
  /** Changing (or setting a first) password. */
  'change_password',
  /** Adding an email address, making one primary, or removing one. */
  'manage_email_addresses',
  /** Adding or removing a phone number. */
  'manage_phone_numbers',
  /** Turning SMS second-factor codes on or off for a number. */
  'manage_sms_second_factor',
  /** Setting up or removing an authenticator app. */
  'manage_totp',
  /** Replacing the backup codes. */
  'regenerate_backup_codes',
  /** Adding or removing a passkey. */
  'manage_passkeys',
  /** Connecting or disconnecting a social account (Google, GitHub, Microsoft). */
  'manage_external_accounts',
  /** Deleting the account, with every session and factor. */
  'delete_account',
  /** Leaving an organization (a way back in needs a new invitation). */
  'leave_organization',
  /** Deleting an organization, with its memberships and invitations. */
  'delete_organization',
  /** An admin starting to impersonate a user (ours: docs/reference.md#reverification). */
  'start_impersonation',
  /** A user making a link that lets an agent act for them. */
  'create_agent_link',
] as const

export type SensitiveAction = (typeof SENSITIVE_ACTIONS)[number]
