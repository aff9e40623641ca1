/**
 * One-time codes (email and SMS) and backup codes: their purposes, their shapes, and how input is
 * read. Generating them needs randomness, so the server draws the bytes and these functions only
 * format them.
 */

import type { SentStrategy } from './factors.ts'
import { base32, ID_ALPHABET } from './identifiers.ts'
import { BACKUP_CODE_LENGTH, ONE_TIME_CODE_DIGITS } from './policy.ts'

/** What a one-time code proves. A code is only ever accepted for its own purpose and request. */
export const CODE_PURPOSES = [
  /** The first factor of a sign-in (`email_code`, `phone_code`), bound to the sign-in attempt. */
  'sign_in_first_factor',
  /** A password reset's code (`reset_password_email_code`, `_phone_code`), bound to the sign-in attempt. */
  'sign_in_reset_password',
  /** The SMS second factor of a sign-in, bound to the sign-in attempt. */
  'sign_in_second_factor',
  /** Proof that a new account's email address is the person's, bound to the sign-up attempt. */
  'sign_up',
  /** Proof of an email address added to an account, bound to that address and the session. */
  'verify_email',
  /** Proof of a phone number added to an account, bound to that number and the session. */
  'verify_phone',
  /** A step-up verification's first factor (email or SMS code), bound to the verification. */
  'reverification_first_factor',
  /** A step-up verification's SMS second factor, bound to the verification. */
  'reverification_second_factor',
] as const

export type CodePurpose = (typeof CODE_PURPOSES)[number]

export const CODE_CHANNELS = ['email', 'sms'] as const
export type CodeChannel = (typeof CODE_CHANNELS)[number]

/** How each strategy that sends something (a code, or a link: `SENT_STRATEGIES`) sends it. */
export const CODE_STRATEGY_CHANNEL: Record<SentStrategy, CodeChannel> = {
  email_code: 'email',
  email_link: 'email',
  phone_code: 'sms',
  reset_password_email_code: 'email',
  reset_password_phone_code: 'sms',
}

const ONE_TIME_CODE_PATTERN = new RegExp(`^\\d{${ONE_TIME_CODE_DIGITS}}$`)

/** A code as typed or pasted ("123 456", "123-456") in canonical form, or null when it is not six digits. */
export function parseOneTimeCode(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 32) return null
  const compact = input.replace(/[\s-]/g, '')
  return ONE_TIME_CODE_PATTERN.test(compact) ? compact : null
}

/** A code from a uniformly drawn integer in [0, 10^digits). */
export function formatOneTimeCode(value: number): string {
  return String(value).padStart(ONE_TIME_CODE_DIGITS, '0')
}

/** Random bytes enough for one backup code. */
export const BACKUP_CODE_BYTES = Math.ceil((BACKUP_CODE_LENGTH * 5) / 8)

/** A backup code from random bytes: 13 Crockford base32 characters (65 bits). */
export function formatBackupCode(bytes: Uint8Array): string {
  return base32(bytes).slice(0, BACKUP_CODE_LENGTH)
}

/** How a backup code is shown: `abcde-fghj-kmnp`. */
export function displayBackupCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5, 9)}-${code.slice(9)}`
}

const BACKUP_CODE_PATTERN = new RegExp(`^[${ID_ALPHABET}]{${BACKUP_CODE_LENGTH}}$`)

/**
 * A backup code as typed, in canonical form, or null. Case, dashes and spaces do not matter, and
 * the letters Crockford base32 leaves out are read as the digits they look like.
 */
export function parseBackupCode(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 64) return null
  const compact = input.toLowerCase().replace(/[\s-]/g, '').replace(/[il]/g, '1').replace(/o/g, '0')
  return BACKUP_CODE_PATTERN.test(compact) ? compact : null
}
