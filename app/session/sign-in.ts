/**
 * Sign-in and sign-up attempts: the half-finished state between typing an identifier and holding
 * a session. An attempt lives on the server (the browser holds only an opaque cookie), lasts
 * SIGN_IN_ATTEMPT_TTL_SECONDS, moves forward one step at a time, and is used once.
 */

import type { FirstFactorStrategy, IdentifierKind, ResetPasswordStrategy } from './factors.ts'

export const SIGN_IN_STATUSES = [
  /** An identifier was given; a first factor is next. */
  'needs_first_factor',
  /**
   * A reset code passed (`reset_password_email_code` / `_phone_code`): a new password is next. No
   * session yet, and none until the password is set and any second factor passed.
   */
  'needs_new_password',
  /** The first factor passed; the user has a second factor, which is next. */
  'needs_second_factor',
  /** A session was created from it. Terminal. */
  'complete',
  /** Given up: replaced by a new attempt, cancelled, or its browser signed out. Terminal. */
  'abandoned',
] as const

export type SignInStatus = (typeof SIGN_IN_STATUSES)[number]

export const SIGN_UP_STATUSES = [
  /** Details given; the code sent to the email address is next. */
  'needs_verification',
  /** The account and its first session exist. Terminal. */
  'complete',
  /** Replaced by a new attempt, cancelled, or its browser signed out. Terminal. */
  'abandoned',
] as const

export type SignUpStatus = (typeof SIGN_UP_STATUSES)[number]

/**
 * The first factors offered for an identifier. They depend only on the kind of identifier, its
 * email domain and the instance's settings, never on the account, so the answer is the same
 * whether or not the account exists (a passkey needs no identifier and is offered on its own).
 *
 * An email address whose domain an enabled enterprise connection owns signs in through that IdP
 * only: the organization decides how its people authenticate, so nothing local is offered.
 */
export function supportedFirstFactors(
  kind: IdentifierKind,
  enabled: readonly FirstFactorStrategy[],
  options: { enterpriseDomain?: boolean } = {},
): FirstFactorStrategy[] {
  if (kind === 'email_address' && options.enterpriseDomain && enabled.includes('enterprise_sso')) {
    return ['enterprise_sso']
  }
  const byKind: FirstFactorStrategy[] =
    kind === 'email_address'
      ? ['password', 'email_code', 'email_link', RESET_PASSWORD_STRATEGY_OF[kind]]
      : ['phone_code', 'password', RESET_PASSWORD_STRATEGY_OF[kind]]
  // A reset replaces a password: where passwords are not a way in, there is nothing to reset.
  const passwords = enabled.includes('password')
  return byKind.filter(
    (strategy) => enabled.includes(strategy) && (passwords || strategy !== RESET_PASSWORD_STRATEGY_OF[kind]),
  )
}

/** The reset strategy that proves each kind of identifier (the reference's pair). */
export const RESET_PASSWORD_STRATEGY_OF = {
  email_address: 'reset_password_email_code',
  phone_number: 'reset_password_phone_code',
} as const satisfies Record<IdentifierKind, ResetPasswordStrategy>

/**
 * Whether finishing a password reset signs the user's other sessions out: the reference's
 * `signOutOfOtherSessions`, true unless the person chose to keep them. (After an administrator
 * marked the password compromised, every session was revoked; the ones since were made without
 * it, so keeping them is safe.)
 */
export function signsOutOtherSessions(requested: boolean | undefined): boolean {
  return requested ?? true
}

interface TimedAttempt<Status extends string> {
  status: Status
  expiresAt: Date
}

/** Whether the attempt can still move forward at `now`: in progress and not past its deadline. */
export function isAttemptOpen<Status extends string>(attempt: TimedAttempt<Status>, now: Date): boolean {
  return attempt.status !== 'complete' && attempt.status !== 'abandoned' && now < attempt.expiresAt
}

/**
 * The reference's SignIn statuses (`needs_identifier`, `needs_new_password` and the rest): the
 * browser's resource speaks these. Ours reaches `needs_first_factor`, `needs_new_password` (after
 * a reset code), `needs_second_factor` and `complete`; an abandoned attempt is no attempt (status
 * null), as a fresh one is.
 */
export const SIGN_IN_RESOURCE_STATUSES = [
  'needs_identifier',
  'needs_first_factor',
  'needs_second_factor',
  'needs_new_password',
  'complete',
] as const satisfies readonly (SignInStatus | string)[]

export type SignInResourceStatus = (typeof SIGN_IN_RESOURCE_STATUSES)[number]

/** An attempt's status as the SignIn resource shows it (null: nothing in progress). */
export function signInResourceStatus(status: SignInStatus): SignInResourceStatus | null {
  return status === 'abandoned' ? null : status
}

/** The reference's SignUp statuses: details given, the address not yet proven, is `missing_requirements`. */
export const SIGN_UP_RESOURCE_STATUS = {
  needs_verification: 'missing_requirements',
  complete: 'complete',
  abandoned: 'abandoned',
} as const satisfies Record<SignUpStatus, string>

export type SignUpResourceStatus = (typeof SIGN_UP_RESOURCE_STATUS)[SignUpStatus]
