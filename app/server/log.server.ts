/**
 * Structured logs: one JSON object per line on stdout. Fields whose names look like secrets are
 * replaced before anything is written, so a careless call cannot leak a token or a password.
 */

import { getEnv } from './env.server.ts'

const LEVELS = ['debug', 'info', 'warn', 'error'] as const
type Level = (typeof LEVELS)[number]

const SECRET_FIELD = /token|password|secret|cookie|authorization|code|hash|jwt/i

export type LogFields = Record<string, unknown>

function redact(fields: LogFields): LogFields {
  const out: LogFields = {}
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_FIELD.test(key) && key !== 'errorCode') out[key] = '[redacted]'
    else if (value instanceof Error) out[key] = { name: value.name, message: value.message, stack: value.stack }
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
