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

/** Turns any error from a server function into what a form shows: field messages and a summary. */
export function formErrors(error: unknown): FormErrors {
  const payload = toErrorPayload(error)
  if (!payload) return { form: UNEXPECTED, fields: {} }
  if (payload.code === 'invalid_input') {
    const issues = (payload.meta?.issues as Array<{ path: string; message: string }> | undefined) ?? []
    const fields = Object.fromEntries(issues.filter((issue) => issue.path).map((issue) => [issue.path, issue.message]))
    return { form: Object.keys(fields).length > 0 ? null : payload.userMessage, fields }
  }
  return { form: payload.userMessage, fields: {} }
}
