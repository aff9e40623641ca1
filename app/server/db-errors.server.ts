/**
 * Reading database errors by their codes. Drizzle wraps driver errors, so the cause chain is walked.
 */

// Connection-level failures from postgres-js and Node's sockets.
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  // db/query-deadline.ts: no answer within DB_QUERY_TIMEOUT_SECONDS (saturated pool, lost packets).
  'DB_QUERY_TIMEOUT',
])

// PostgreSQL SQLSTATEs: 08xxx connection exceptions, 57P01–57P03 shutdown/startup, 53300 too many connections.
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/

function errorCodes(error: unknown): string[] {
  const codes: string[] = []
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') codes.push(code)
    current = (current as { cause?: unknown }).cause
  }
  return codes
}

/** The database is unreachable: answer 503 (retry) rather than 500 (bug). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return errorCodes(error).some((code) => UNAVAILABLE_ERRNO.has(code) || UNAVAILABLE_SQLSTATE.test(code))
}

/** A unique index refused the write (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return errorCodes(error).includes('23505')
}

/** A foreign key refused the write: the row it points at is gone (SQLSTATE 23503). */
export function isForeignKeyViolation(error: unknown): boolean {
  return errorCodes(error).includes('23503')
}
