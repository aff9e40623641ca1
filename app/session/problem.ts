/**
 * Reading an RFC 9457 problem document (as sent by `errorResponse`) back into our error.
 */

import { type ErrorMeta, isErrorCode, TesseraError } from './errors.ts'

export function errorFromProblem(text: string): TesseraError | null {
  let problem: unknown
  try {
    problem = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof problem !== 'object' || problem === null) return null
  const { code, title, detail, meta } = problem as { code?: unknown; title?: unknown; detail?: unknown; meta?: unknown }
  if (!isErrorCode(code)) return null
  return new TesseraError(code, {
    message: typeof detail === 'string' ? detail : undefined,
    userMessage: typeof title === 'string' ? title : undefined,
    meta: typeof meta === 'object' && meta !== null ? (meta as ErrorMeta) : undefined,
  })
}
