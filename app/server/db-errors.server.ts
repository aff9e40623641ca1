/**
 * Reading database errors by their codes. Drizzle wraps driver errors, so the cause chain is walked.
 *
 * What may be said of one in a log is its code and which statement failed (`databaseErrorSummary`):
 * Drizzle's message is `Failed query: <sql> params: <every parameter>`, and the parameters of our
 * statements are password hashes, email addresses, IP addresses and token hashes; the driver's own
 * message and detail may quote a value too (`Key (email)=(…) already exists`).
 */

import { DrizzleQueryError } from 'drizzle-orm'

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

const MAX_CAUSE_DEPTH = 5

/** `error` and its causes, outermost first. */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = []
  for (let current: unknown = error; current && chain.length < MAX_CAUSE_DEPTH; ) {
    chain.push(current)
    current = (current as { cause?: unknown }).cause
  }
  return chain
}

function errorCodes(error: unknown): string[] {
  return causeChain(error)
    .map((link) => (link as { code?: unknown }).code)
    .filter((code): code is string => typeof code === 'string')
}

/**
 * An error of the database or its driver: PostgreSQL's (and PGlite's) carry a severity next to
 * their five-character SQLSTATE; postgres-js's own and the statement deadline's are named. (A
 * socket's errno alone could be anyone's: it counts inside a Drizzle query error only.)
 */
const isDriverError = (error: unknown) => {
  const code = String((error as { code?: unknown }).code)
  if (/^(CONNECTION_\w+|CONNECT_TIMEOUT|DB_QUERY_TIMEOUT)$/.test(code)) return true
  return typeof (error as { severity?: unknown }).severity === 'string' && /^[0-9A-Z]{5}$/.test(code)
}

/**
 * A statement's name for the log: its verb and the table it names first (`insert sign_up_attempts`,
 * `select users`), read from the SQL text, which holds placeholders and identifiers, never values;
 * nothing else of it is kept.
 */
export function statementName(sql: string): string {
  const first = /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase() ?? 'statement'
  const target = /\b(insert\s+into|update|delete\s+from|from)\s+"?([A-Za-z_]\w*)/i.exec(sql)
  if (!target) return first
  const keyword = target[1]?.split(/\s/)[0]?.toLowerCase()
  return `${keyword === 'from' ? first : keyword} ${target[2]}`
}

export interface DatabaseErrorSummary {
  /** The SQLSTATE, or the driver's code for a connection failure or a deadline (`DB_QUERY_TIMEOUT`). */
  errorCode: string
  /** Which statement failed (`statementName`), when known. */
  statement: string | null
}

/**
 * A failure of the database or of one of its statements, as it may be logged: its code and the
 * statement's name, nothing else. Null for any other error.
 */
export function databaseErrorSummary(error: unknown): DatabaseErrorSummary | null {
  const chain = causeChain(error)
  const query = chain.find((link) => link instanceof DrizzleQueryError)
  if (!query && !chain.some(isDriverError)) return null
  // postgres-js keeps the statement's text on its error (non-enumerable) when Drizzle is not in between.
  const sql =
    query?.query ?? chain.map((link) => (link as { query?: unknown }).query).find((text) => typeof text === 'string')
  return {
    errorCode: errorCodes(error)[0] ?? 'unknown',
    statement: typeof sql === 'string' ? statementName(sql) : null,
  }
}

/** The database is unreachable: answer 503 (retry) rather than 500 (bug). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return errorCodes(error).some((code) => UNAVAILABLE_ERRNO.has(code) || UNAVAILABLE_SQLSTATE.test(code))
}

/** A unique index refused the write (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return errorCodes(error).includes('23505')
}

/**
 * Runs `work` once more when a unique index refused it: a concurrent request made the row first
 * (a person's first sign-in from two tabs), and the second run finds it.
 */
export async function onceMoreIfRaced<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    return work()
  }
}

/** A foreign key refused the write: the row it points at is gone (SQLSTATE 23503). */
export function isForeignKeyViolation(error: unknown): boolean {
  return errorCodes(error).includes('23503')
}
