/**
 * The User resource's password and second-factor methods — the reference's `updatePassword`,
 * `createTOTP`, `verifyTOTP`, `disableTOTP` and `createBackupCode` — and the resources they answer.
 * Each calls our server function for it, a sensitive action (change_password, manage_totp,
 * regenerate_backup_codes): it acts on the signed-in user only, and asks for reverification when
 * the session's last verification is too old, as the reference's do (`useReverification` handles
 * it). Setting up an authenticator app and backup codes also serves a pending session owing the
 * `setup-mfa` task. Contract: https://clerk.com/docs/reference/objects/user
 */

import {
  $changePassword,
  $confirmTotpSetup,
  $regenerateBackupCodes,
  $removeTotp,
  $startTotpSetup,
} from '../functions/account.functions.ts'

/**
 * The reference's `BackupCodeResource`: a new set of backup codes, shown once. Tessera keeps the
 * set per user, not as an object of its own: `id` is the user's.
 */
export interface BackupCodeResource {
  id: string
  codes: string[]
  createdAt: Date | null
  updatedAt: Date | null
}

/**
 * The reference's `TOTPResource`. While setting up: `secret` and `uri` (for the QR code; Tessera's
 * own `qrCode` is the QR code as a PNG data URL). Once verified: the first second factor's
 * `backupCodes`, shown once. `id` is the user's (one authenticator app per user).
 */
export interface TOTPResource {
  id: string
  secret?: string
  uri?: string
  qrCode?: string
  verified: boolean
  backupCodes?: string[]
  createdAt: Date | null
  updatedAt: Date | null
}

/** The reference's `DeletedObjectResource`. */
export interface DeletedObjectResource {
  object: string
  id?: string
  slug?: string
  deleted: boolean
}

export interface UpdateUserPasswordParams {
  newPassword: string
  /** Required when the user has a password (a wrong one counts toward the lockout). */
  currentPassword?: string
  /** Default true: the user's other sessions end. */
  signOutOfOtherSessions?: boolean
}

export interface VerifyTOTPParams {
  code: string
}

/** A new set of backup codes, replacing the old (only with another second factor: else 409 `backup_codes_unavailable`). */
export async function createBackupCode(userId: string, now: Date): Promise<BackupCodeResource> {
  const { backupCodes } = await $regenerateBackupCodes()
  return { id: userId, codes: backupCodes, createdAt: now, updatedAt: now }
}

/** Starts setting up an authenticator app (409 `totp_already_enabled` while one is set up). */
export async function createTOTP(userId: string): Promise<TOTPResource> {
  const { secret, uri, qrCode } = await $startTotpSetup()
  return { id: userId, secret, uri, qrCode, verified: false, createdAt: null, updatedAt: null }
}

/** Confirms the app with its first code; the first second factor also brings backup codes. */
export async function verifyTOTP(userId: string, { code }: VerifyTOTPParams, now: Date): Promise<TOTPResource> {
  const { backupCodes } = await $confirmTotpSetup({ data: { code } })
  return { id: userId, verified: true, ...(backupCodes ? { backupCodes } : {}), createdAt: now, updatedAt: now }
}

/** Removes the authenticator app (404 `totp_not_enrolled` without one). */
export async function disableTOTP(userId: string): Promise<DeletedObjectResource> {
  await $removeTotp()
  return { object: 'totp', id: userId, deleted: true }
}

/** Changes the password (or sets a first one); other sessions end unless `signOutOfOtherSessions: false`. */
export async function updatePassword(params: UpdateUserPasswordParams): Promise<void> {
  await $changePassword({
    data: {
      currentPassword: params.currentPassword ?? null,
      newPassword: params.newPassword,
      signOutOtherSessions: params.signOutOfOtherSessions ?? true,
    },
  })
}
