/**
 * Mapping any failure to a `TesseraError`: known errors keep their code, a database outage becomes
 * 503 (retry), and anything else is logged and becomes a generic 500 that reveals nothing.
 */

import { TesseraError } from '../session/errors.ts'
import { isDatabaseUnavailable } from './db-errors.server.ts'
import { log } from './log.server.ts'

export const RETRY_AFTER_SECONDS = 2

export function toTesseraError(error: unknown): TesseraError {
  if (error instanceof TesseraError) return error
  if (isDatabaseUnavailable(error)) {
    log.warn('db.unavailable', { error })
    return new TesseraError('service_unavailable', { meta: { retryAfterSeconds: RETRY_AFTER_SECONDS } })
  }
  log.error('server.unhandled_error', { error })
  return new TesseraError('internal_error')
}

/** When a refused request may be retried, in seconds, or null when waiting would not help. */
export function retryAfterSeconds(error: TesseraError): number | null {
  if (error.code === 'service_unavailable') return RETRY_AFTER_SECONDS
  const wait = error.meta?.retryAfterSeconds ?? error.meta?.lockoutExpiresInSeconds
  return typeof wait === 'number' && Number.isFinite(wait) && wait > 0 ? Math.ceil(wait) : null
}
