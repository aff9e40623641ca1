import type { EmailLinkStatus } from '../session/email-links.ts'
import {
  describeError,
  type ErrorPayload,
  isTesseraError,
  TesseraError,
  TesseraRuntimeError,
} from '../session/errors.ts'
import { errorFromProblem } from '../session/problem.ts'

export interface FormErrors {
  /** The message for the whole form. */
  form: string | null
  /** Messages for individual fields, by field name. */
  fields: Record<string, string>
}

const UNEXPECTED = 'Something went wrong. Please try again.'

/**
 * Any error from a server-function call as our error payload, or null. Errors thrown by the
 * function arrive as `TesseraError`s; errors answered before it ran (CSRF) arrive as problem
 * documents in an Error's message.
 */
export function toErrorPayload(error: unknown): ErrorPayload | null {
  if (isTesseraError(error)) return error
  if (error instanceof Error) return errorFromProblem(error.message)?.toPayload() ?? null
  return null
}

/** The user message, completed with what the error's metadata adds: time to wait, tries left. */
export function errorMessage(payload: ErrorPayload): string {
  return describeError(payload)
}

/** Turns any error from a server function into what a form shows: field messages and a summary. */
export function formErrors(error: unknown): FormErrors {
  const payload = toErrorPayload(error)
  if (!payload) return { form: UNEXPECTED, fields: {} }
  if (payload.code === 'invalid_input') {
    const issues = (payload.meta?.issues as Array<{ path: string; message: string }> | undefined) ?? []
    const fields = Object.fromEntries(issues.filter((issue) => issue.path).map((issue) => [issue.path, issue.message]))
    return { form: Object.keys(fields).length > 0 ? null : payload.userMessage, fields }
  }
  return { form: errorMessage(payload), fields: {} }
}

const PASSWORD_ERRORS = new Set(['password_too_short', 'password_too_long', 'password_too_common', 'password_reused'])

/** For `useFormAction`: password policy errors go next to the password field, not above the form. */
export function passwordErrorsOn(field: string) {
  return (errors: FormErrors, error: unknown): FormErrors => {
    const code = toErrorPayload(error)?.code
    return code && PASSWORD_ERRORS.has(code) && errors.form ? { form: null, fields: { [field]: errors.form } } : errors
  }
}

// ---------------------------------------------------------------------------------------------
// The reference's `/errors` entry (`@clerk/tanstack-react-start/errors`, `@clerk/clerk-react/errors`;
// `@clerk/shared/error` in its source). Its type guards recognise an error by its constructor's
// `kind` (so across bundles), as ours do: every error a server function throws to the browser is
// a `TesseraError` (rebuilt by the serialization adapter in app/start.ts), an API response error.

export type { ApiErrorEntry as ClerkAPIError } from '../session/errors.ts'

/** What `isClerkAPIResponseError` promises: our codes in `errors[]`, the HTTP status, `retryAfter`. */
export type ClerkAPIResponseError = TesseraError
/** What `isClerkRuntimeError` promises (a browser-side error such as a cancelled verification). */
export type ClerkRuntimeError = TesseraRuntimeError

const kindOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null
    ? (error as { constructor?: { kind?: unknown } }).constructor?.kind?.toString()
    : undefined

/** An error the server answered (any of our coded errors from a server function). */
export function isClerkAPIResponseError(error: unknown): error is ClerkAPIResponseError {
  return error instanceof TesseraError
    ? !(error instanceof TesseraRuntimeError)
    : kindOf(error) === 'ClerkAPIResponseError'
}

/** An error raised in the browser (for now: the person closed the verification dialog). */
export function isClerkRuntimeError(error: unknown): error is ClerkRuntimeError {
  return error instanceof TesseraRuntimeError || kindOf(error) === 'ClerkRuntimeError'
}

/** The person closed the verification dialog `useReverification` opened; nothing was changed. */
export function isReverificationCancelledError(error: unknown): boolean {
  return isClerkRuntimeError(error) && error.code === 'reverification_cancelled'
}

/** A wallet's refusal (EIP-1193 codes): the reference's check, kept so its examples run; we have no wallets. */
export function isMetamaskError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code } = error as { code?: unknown }
  return typeof code === 'number' && [4001, 32602, 32603].includes(code) && 'message' in error
}

export function isKnownError(error: unknown): error is ClerkAPIResponseError | ClerkRuntimeError {
  return isClerkAPIResponseError(error) || isClerkRuntimeError(error) || isMetamaskError(error)
}

/**
 * The reference's email-link error codes: what `handleEmailLinkVerification` rejects with when the
 * link did not verify (app/session/email-links.ts has the statuses they come from).
 */
export const EmailLinkErrorCodeStatus = {
  Expired: 'expired',
  Failed: 'failed',
  ClientMismatch: 'client_mismatch',
} as const satisfies Record<string, Exclude<EmailLinkStatus, 'verified'>>
/** The reference's older name for the same codes. */
export const EmailLinkErrorCode = EmailLinkErrorCodeStatus

/** Thrown by `handleEmailLinkVerification` when the link expired, failed, or was opened in another browser. */
export class EmailLinkError extends Error {
  override name = 'EmailLinkError'
  readonly code: Exclude<EmailLinkStatus, 'verified'>

  constructor(code: Exclude<EmailLinkStatus, 'verified'>) {
    super(code)
    this.code = code
  }
}

export function isEmailLinkError(error: unknown): error is EmailLinkError {
  return error instanceof Error && error.name === 'EmailLinkError'
}
