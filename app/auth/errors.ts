import { describeDuration } from '../session/durations.ts'
import { type ErrorPayload, isTesseraError } from '../session/errors.ts'
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

const metaNumber = (payload: ErrorPayload, key: string) => {
  const value = payload.meta?.[key]
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/** The user message, completed with what the error's metadata adds: time to wait, tries left. */
export function errorMessage(payload: ErrorPayload): string {
  const wait = metaNumber(payload, 'lockoutExpiresInSeconds') ?? metaNumber(payload, 'retryAfterSeconds')
  if (wait !== null) return `${payload.userMessage} Try again in ${describeDuration(wait)}.`
  const tries = (n: number) => `${n} ${n === 1 ? 'try' : 'tries'}`
  // Few tries left before the lockout (the same for every identifier, with or without an account).
  const beforeLock = metaNumber(payload, 'attemptsBeforeLockout')
  const warning = beforeLock !== null ? ` ${tries(beforeLock)} left before signing in is locked.` : ''
  const left = metaNumber(payload, 'remainingAttempts')
  if (left !== null && left > 0 && warning === '') return `${payload.userMessage} ${tries(left)} left.`
  if (left === 0) return `${payload.userMessage} Request a new code.${warning}`
  return `${payload.userMessage}${warning}`
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
