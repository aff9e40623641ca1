/**
 * Structured logs: one JSON object per line on stdout. Fields whose names look like secrets are
 * replaced before anything is written, so a careless call cannot leak a token or a password; and
 * an error from the database is written as its code and statement only, never its message, whose
 * text holds the statement's parameters (db-errors.server.ts).
 */

import { databaseErrorSummary } from './db-errors.server.ts'
import { getEnv } from './env.server.ts'

const LEVELS = ['debug', 'info', 'warn', 'error'] as const
type Level = (typeof LEVELS)[number]

const SECRET_FIELD = /token|password|secret|cookie|authorization|code|hash|jwt/i

export type LogFields = Record<string, unknown>

/** Where the error was thrown: its stack's frames, without the message the stack starts with. */
const framesOf = (error: Error) =>
  error.stack
    ?.split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n')

function errorFields(error: Error): LogFields {
  const database = databaseErrorSummary(error)
  if (database) return { name: 'DatabaseError', ...database, stack: framesOf(error) }
  return { name: error.name, message: error.message, stack: error.stack }
}

function redact(fields: LogFields): LogFields {
  const out: LogFields = {}
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_FIELD.test(key) && key !== 'errorCode') out[key] = '[redacted]'
    else if (value instanceof Error) out[key] = errorFields(value)
    else out[key] = value
  }
  return out
}

function write(level: Level, event: string, fields: LogFields) {
  const threshold = getEnv().LOG_LEVEL
  if (threshold === 'silent' || LEVELS.indexOf(level) < LEVELS.indexOf(threshold)) return
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...redact(fields) })
  if (level === 'error' || level === 'warn') process.stderr.write(`${line}\n`)
  else process.stdout.write(`${line}\n`)
}

export const log = {
  debug: (event: string, fields: LogFields = {}) => write('debug', event, fields),
  info: (event: string, fields: LogFields = {}) => write('info', event, fields),
  warn: (event: string, fields: LogFields = {}) => write('warn', event, fields),
  error: (event: string, fields: LogFields = {}) => write('error', event, fields),
}
