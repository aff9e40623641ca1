import { DrizzleQueryError } from 'drizzle-orm'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { QueryTimeoutError } from '../../db/query-deadline.ts'

afterEach(() => {
  vi.unstubAllEnvs()
  vi.resetModules()
})

async function captureLine(fields: Record<string, unknown>): Promise<Record<string, unknown>> {
  vi.stubEnv('LOG_LEVEL', 'debug')
  const { log } = await import('./log.server.ts')
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
  log.info('test.event', fields)
  const line = String(write.mock.calls[0]?.[0])
  write.mockRestore()
  return JSON.parse(line)
}

describe('structured logs', () => {
  it('write one JSON object per event', async () => {
    expect(await captureLine({ sessionId: 'abc' })).toMatchObject({
      level: 'info',
      event: 'test.event',
      sessionId: 'abc',
    })
  })

  it.each([
    'token',
    'clientToken',
    'password',
    'newPassword',
    'secret',
    'cookie',
    'authorization',
    'code',
    'tokenHash',
    'jwt',
  ])('never write the value of a %s field', async (field) => {
    const line = await captureLine({ [field]: 'sensitive-value' })
    expect(line[field]).toBe('[redacted]')
    expect(JSON.stringify(line)).not.toContain('sensitive-value')
  })
})

/** A database error as Drizzle throws it: the statement and its parameters in the message, the driver's error as cause. */
function failedQuery(cause: Error) {
  return new DrizzleQueryError(
    'insert into "sign_up_attempts" ("id", "email", "first_name", "password_hash", "ip_address") values ($1, $2, $3, $4, $5)',
    [
      'sua_1',
      'ada@example.com',
      'Ada\u0000',
      '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
      '198.51.100.77',
    ],
    cause,
  )
}

function postgresError(code: string, message: string) {
  return Object.assign(new Error(message), { name: 'PostgresError', severity: 'ERROR', code })
}

async function captureErrorLine(error: unknown): Promise<string> {
  vi.stubEnv('LOG_LEVEL', 'debug')
  const { toTesseraError } = await import('./errors.server.ts')
  const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  toTesseraError(error)
  const line = write.mock.calls.map(([chunk]) => String(chunk)).join('')
  write.mockRestore()
  return line
}

// Issue 20, finding 2: the driver's "Failed query … params: …" text reached the log verbatim.
describe('database errors in the logs', () => {
  const secrets = ['ada@example.com', '$argon2id$', 'aGFzaGhhc2g', '198.51.100.77', 'Ada\\u0000']

  it.each([
    [
      'an unexpected statement error',
      postgresError('22021', 'invalid byte sequence for encoding "UTF8": 0x00'),
      '22021',
    ],
    ['the statement deadline', new QueryTimeoutError(2000), 'DB_QUERY_TIMEOUT'],
    [
      'a lost connection',
      Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' }),
      'CONNECTION_CLOSED',
    ],
  ])('name %s by its code and statement, never its parameters or text', async (_, cause, code) => {
    const line = await captureErrorLine(failedQuery(cause))
    for (const secret of secrets) expect(line).not.toContain(secret)
    expect(line).not.toContain('Failed query')
    expect(line).not.toContain('values (')
    const fields = JSON.parse(line)
    expect(fields).toMatchObject({ errorCode: code, statement: 'insert sign_up_attempts' })
  })

  it('hold nothing of a database error that is logged as a field, wherever it sits in the cause chain', async () => {
    vi.stubEnv('LOG_LEVEL', 'debug')
    const { log } = await import('./log.server.ts')
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    log.warn('worker.failed', {
      error: new Error('the batch failed', { cause: failedQuery(postgresError('23505', 'duplicate key')) }),
    })
    const line = String(write.mock.calls[0]?.[0])
    write.mockRestore()
    for (const secret of secrets) expect(line).not.toContain(secret)
    expect(JSON.parse(line).error).toMatchObject({ errorCode: '23505', statement: 'insert sign_up_attempts' })
  })
})

describe('other errors in the logs', () => {
  it('keep their name and message: a socket error outside a query is not the database’s', async () => {
    vi.stubEnv('LOG_LEVEL', 'debug')
    const { log } = await import('./log.server.ts')
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    log.warn('webhooks.worker_failed', { error: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) })
    const line = String(write.mock.calls[0]?.[0])
    write.mockRestore()
    expect(JSON.parse(line).error).toMatchObject({ name: 'Error', message: 'socket hang up' })
  })
})

describe('a statement named for the log', () => {
  it.each([
    ['insert into "users" ("id") values ($1)', 'insert users'],
    ['update "password_credentials" set "hash" = $1 where "user_id" = $2', 'update password_credentials'],
    ['delete from "sessions" where "id" in ($1, $2)', 'delete sessions'],
    ['select "id", "email" from "email_addresses" where "email" = $1 for update', 'select email_addresses'],
    [
      'with event as (insert into webhook_events (id) select id from jsonb_to_recordset($1::jsonb)) select 1',
      'insert webhook_events',
    ],
    ["select 'ada@example.com'", 'select'],
    ['begin', 'begin'],
  ])('%j is %j', async (sql, name) => {
    const { statementName } = await import('./db-errors.server.ts')
    expect(statementName(sql)).toBe(name)
  })
})
