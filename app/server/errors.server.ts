/**
 * Mapping any failure to a `TesseraError`: known errors keep their code, a database outage becomes
 * 503 (retry), and anything else is logged and becomes a generic 500 that reveals nothing. A
 * database error is logged by its code and statement only (db-errors.server.ts).
 */

import { isNotFound, isRedirect } from '@tanstack/react-router'
import { setResponseHeader, setResponseStatus } from '@tanstack/react-start/server'
import { TesseraError } from '../session/errors.ts'
import { databaseErrorSummary, isDatabaseUnavailable } from './db-errors.server.ts'
import { log } from './log.server.ts'

export const RETRY_AFTER_SECONDS = 2

export function toTesseraError(error: unknown): TesseraError {
  if (error instanceof TesseraError) return error
  if (isClientAbort(error)) {
    log.info('request.aborted', {})
    return new TesseraError('request_aborted')
  }
  const database = databaseErrorSummary(error)
  if (isDatabaseUnavailable(error)) {
    log.warn('db.unavailable', { ...database })
    return new TesseraError('service_unavailable', { meta: { retryAfterSeconds: RETRY_AFTER_SECONDS } })
  }
  if (database) log.error('db.statement_failed', { ...database })
  else log.error('server.unhandled_error', { error })
  return new TesseraError('internal_error')
}

/**
 * The client went away mid-request: its body broke off (Node's ECONNRESET "aborted", which is not
 * the database's ECONNRESET) or the request's signal fired (an AbortError from Start). The
 * client's doing, not a fault: no stack trace, no 5xx.
 */
export function isClientAbort(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  if (error.name === 'AbortError') return true
  return (error as NodeJS.ErrnoException).code === 'ECONNRESET' && error.message === 'aborted'
}

/** When a refused request may be retried, in seconds, or null when waiting would not help. */
export function retryAfterSeconds(error: TesseraError): number | null {
  if (error.code === 'service_unavailable') return RETRY_AFTER_SECONDS
  const wait = error.meta?.retryAfterSeconds ?? error.meta?.lockoutExpiresInSeconds
  return typeof wait === 'number' && Number.isFinite(wait) && wait > 0 ? Math.ceil(wait) : null
}

/**
 * An error as it leaves a server function (app/middleware/errors.ts) or the root's server-side
 * context (app/functions/page-context.ts): a `TesseraError`, its status (and `Retry-After`) set on
 * the response. Redirects and not-founds pass as they are.
 */
export function mapServerError(error: unknown): unknown {
  if (isRedirect(error) || isNotFound(error)) return error
  const mapped = toTesseraError(error)
  setResponseStatus(mapped.status)
  const retryAfter = retryAfterSeconds(mapped)
  if (retryAfter !== null) setResponseHeader('retry-after', String(retryAfter))
  return mapped
}
