/**
 * The error registry. Every error the system returns has a stable `code` (never parse messages),
 * an HTTP status, a message for developers and a message safe to show users.
 */

import type { JsonValue } from './json.ts'

export const ERROR_CODES = [
  'invalid_input',
  'cross_origin_request',
  'signed_out',
  'session_pending',
  'invalid_credentials',
  'identifier_exists',
  'password_too_short',
  'password_too_long',
  'password_too_common',
  'session_not_found',
  'session_not_signed_in',
  'session_is_current',
  'max_sessions_reached',
  'not_implemented',
  'token_malformed',
  'token_too_large',
  'token_header_invalid',
  'token_key_unknown',
  'token_signature_invalid',
  'token_expired',
  'token_not_yet_valid',
  'token_issuer_invalid',
  'token_audience_invalid',
  'token_claims_invalid',
  'template_not_found',
  'offline',
  'not_found',
  'service_unavailable',
  'internal_error',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface ErrorSpec {
  status: number
  /** For developers and logs. Never shown to users, never parsed. */
  message: string
  /** Safe to show to the person using the app. */
  userMessage: string
}

export const ERRORS: Record<ErrorCode, ErrorSpec> = {
  invalid_input: {
    status: 400,
    message: 'The request input failed validation; see meta.issues.',
    userMessage: 'Some of the information you entered is not valid.',
  },
  cross_origin_request: {
    status: 403,
    message: 'Rejected by the CSRF check: the request is not same-origin (Origin / Sec-Fetch-Site).',
    userMessage: 'That request came from another site and was blocked.',
  },
  signed_out: {
    status: 401,
    message: 'No signed-in session authenticates this request.',
    userMessage: 'You are signed out. Please sign in again.',
  },
  session_pending: {
    status: 403,
    message: 'The session is pending: it must complete its session tasks before it can do this.',
    userMessage: 'Finish setting up your account to continue.',
  },
  invalid_credentials: {
    status: 422,
    message: 'The identifier or the password is wrong (which one is deliberately not said).',
    userMessage: 'That email and password do not match an account.',
  },
  identifier_exists: {
    status: 422,
    message: 'An account with this email address already exists.',
    userMessage: 'An account with this email address already exists. Try signing in instead.',
  },
  password_too_short: {
    status: 422,
    message: 'The password is shorter than the instance minimum; see meta.minLength.',
    userMessage: 'Your password is too short.',
  },
  password_too_long: {
    status: 422,
    message: 'The password is longer than the maximum; see meta.maxLength.',
    userMessage: 'Your password is too long.',
  },
  password_too_common: {
    status: 422,
    message: 'The password is on the blocklist of common or context-specific passwords.',
    userMessage: 'This password is too common or too easy to guess. Please choose another.',
  },
  session_not_found: {
    status: 404,
    message: 'No session with this id belongs to the signed-in user on this client.',
    userMessage: 'That session could not be found.',
  },
  session_not_signed_in: {
    status: 409,
    message: 'The session is no longer signed in (ended, removed, revoked, replaced, expired or abandoned).',
    userMessage: 'That session has already ended.',
  },
  session_is_current: {
    status: 409,
    message: 'This is the session making the request; sign out instead of revoking it.',
    userMessage: 'This is the device you are using. Sign out instead.',
  },
  max_sessions_reached: {
    status: 409,
    message: 'This client already holds the maximum number of signed-in sessions; see meta.limit.',
    userMessage: 'You are signed in to too many accounts in this browser. Sign out of one first.',
  },
  token_malformed: {
    status: 401,
    message: 'The session token is not a well-formed JWT.',
    userMessage: 'Your session could not be verified. Please sign in again.',
  },
  token_too_large: {
    status: 401,
    message: 'The session token is larger than 8 KB and was not parsed.',
    userMessage: 'Your session could not be verified. Please sign in again.',
  },
  token_header_invalid: {
    status: 401,
    message:
      'The token header is refused: an algorithm outside the allow-list, a wrong typ, or embedded key material (jwk, jku, x5u, x5c, crit).',
    userMessage: 'Your session could not be verified. Please sign in again.',
  },
  token_key_unknown: {
    status: 401,
    message: 'The token names a key (kid) that is not one of ours, or one that was revoked.',
    userMessage: 'Your session could not be verified. Please sign in again.',
  },
  token_signature_invalid: {
    status: 401,
    message: 'The token signature does not verify: it was tampered with or signed by another key.',
    userMessage: 'Your session could not be verified. Please sign in again.',
  },
  token_expired: {
    status: 401,
    message: 'The token has expired (exp, with 5 s of leeway); get a new one.',
    userMessage: 'Your session needs refreshing. Please try again.',
  },
  token_not_yet_valid: {
    status: 401,
    message: 'The token is not valid yet (nbf, with 5 s of leeway): a clock is off.',
    userMessage: 'Your session could not be verified. Please check your device clock.',
  },
  token_issuer_invalid: {
    status: 401,
    message: 'The token was issued by another issuer (iss).',
    userMessage: 'Your session could not be verified. Please sign in again.',
  },
  token_audience_invalid: {
    status: 401,
    message: 'The token was minted for another origin (azp).',
    userMessage: 'Your session could not be verified. Please sign in again.',
  },
  token_claims_invalid: {
    status: 401,
    message: 'The token lacks a claim a session token must carry (sub, sid, jti, v = 2).',
    userMessage: 'Your session could not be verified. Please sign in again.',
  },
  template_not_found: {
    status: 404,
    message: 'No JWT template has this name in app.config.ts.',
    userMessage: 'That token type does not exist.',
  },
  offline: {
    status: 503,
    message: 'The browser could not reach the server after several retries (it reports being offline).',
    userMessage: 'You appear to be offline. Check your connection and try again.',
  },
  not_found: {
    status: 404,
    message: 'Nothing exists at this address.',
    userMessage: 'We could not find that page.',
  },
  not_implemented: {
    status: 501,
    message: 'This part of the Session API is not available in this version of Tessera yet.',
    userMessage: 'This is not available yet.',
  },
  service_unavailable: {
    status: 503,
    message: 'A dependency (usually the database) is unavailable; retry after meta.retryAfterSeconds.',
    userMessage: 'The service is briefly unavailable. Please try again in a moment.',
  },
  internal_error: {
    status: 500,
    message: 'An unexpected error occurred; details are in the server log.',
    userMessage: 'Something went wrong on our side. Please try again.',
  },
}

export type ErrorMeta = { [key: string]: JsonValue }

/** The plain shape of an error on the wire. */
export interface ErrorPayload {
  code: ErrorCode
  status: number
  message: string
  userMessage: string
  meta?: ErrorMeta
}

export class TesseraError extends Error {
  override readonly name = 'TesseraError'
  readonly code: ErrorCode
  readonly status: number
  readonly userMessage: string
  readonly meta: ErrorMeta | undefined

  constructor(code: ErrorCode, options: { meta?: ErrorMeta; message?: string; userMessage?: string } = {}) {
    const spec = ERRORS[code]
    super(options.message ?? spec.message)
    this.code = code
    this.status = spec.status
    this.userMessage = options.userMessage ?? spec.userMessage
    this.meta = options.meta
  }

  toPayload(): ErrorPayload {
    const payload: ErrorPayload = {
      code: this.code,
      status: this.status,
      message: this.message,
      userMessage: this.userMessage,
    }
    if (this.meta !== undefined) payload.meta = this.meta
    return payload
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
}

/**
 * True for any error carrying one of our codes, whatever its prototype: errors that cross the
 * server-function boundary are rebuilt on the client and may not be `TesseraError` instances.
 */
export function isTesseraError(error: unknown, code?: ErrorCode): error is ErrorPayload {
  if (typeof error !== 'object' || error === null) return false
  const candidate = (error as { code?: unknown }).code
  return isErrorCode(candidate) && (code === undefined || candidate === code)
}
