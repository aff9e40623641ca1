/**
 * Database errors in the log (issue 20, finding 2), provoked on a real database: Drizzle's error
 * says `Failed query: … params: …`, and the parameters of a sign-up are an email address, a
 * password hash and an IP address. What is logged names the error's code and the statement, and
 * nothing else: not for a statement the database refuses, nor for one past its deadline.
 */

import { eq } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, afterEach, describe, expect, inject, it, vi } from 'vitest'
import { openDatabase } from '../../db/client.ts'
import { passwordCredentials } from '../../db/schema.ts'
import { authFixtures, META, newEmail, PASSWORD } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import { hashPassword } from './passwords.server.ts'
import { createSignUp } from './sign-up.server.ts'

const url = inject('databaseUrl')
const { db } = await openTestDatabase()
const { context, createAccount } = authFixtures(db)

afterEach(() => {
  vi.unstubAllEnvs()
  vi.resetModules()
})

/** What the server logs when a request fails with `error` (errors.server.ts maps every failure). */
async function logged(error: unknown): Promise<string> {
  vi.stubEnv('LOG_LEVEL', 'info')
  vi.resetModules()
  const { toTesseraError } = await import('./errors.server.ts')
  const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  toTesseraError(error)
  const lines = write.mock.calls.map(([chunk]) => String(chunk)).join('')
  write.mockRestore()
  expect(lines).not.toBe('')
  return lines
}

function expectNothingOf(line: string, secrets: string[]) {
  for (const secret of secrets) expect(line, `${secret} in the log`).not.toContain(secret)
  expect(line).not.toContain('Failed query')
  expect(line).not.toContain('params')
}

describe('a database error in the log', () => {
  it('names a statement the database refused (a U+0000 in a sign-up name) by code and statement only', async () => {
    const email = newEmail()
    const error = await createSignUp(
      context(),
      { email, password: PASSWORD, firstName: 'Ada\u0000', lastName: 'Lovelace' },
      null,
    ).catch((reason: unknown) => reason)
    const line = await logged(error)
    expectNothingOf(line, [email, '$argon2id$', META.ipAddress, 'Lovelace'])
    expect(JSON.parse(line)).toMatchObject({ level: 'error', errorCode: '22021', statement: 'insert sign_up_attempts' })
  })

  describe.runIf(url)('past the statement deadline', () => {
    const admin = postgres(url ?? '', { max: 1, onnotice: () => {} })
    afterAll(() => admin.end({ timeout: 5 }))

    it('names a statement that waited on a locked row of password_credentials by code and statement only', async () => {
      const bounded = await openDatabase({ url: url ?? undefined, poolSize: 1, queryTimeoutMs: 300 })
      const { id } = await createAccount()
      const newHash = await hashPassword('the new password nobody may read')
      let release = () => {}
      let locked = () => {}
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve
      })
      const holder = admin.begin(async (tx) => {
        await tx`select 1 from password_credentials where user_id = ${id} for update`
        locked()
        await new Promise<void>((resolve) => {
          release = resolve
        })
      })
      await isLocked
      const error = await bounded.db
        .update(passwordCredentials)
        .set({ hash: newHash })
        .where(eq(passwordCredentials.userId, id))
        .catch((reason: unknown) => reason)
      release()
      await holder
      await bounded.close()
      const line = await logged(error)
      expectNothingOf(line, [newHash.slice(0, 40), id])
      expect(JSON.parse(line)).toMatchObject({
        level: 'warn',
        errorCode: 'DB_QUERY_TIMEOUT',
        statement: 'update password_credentials',
      })
    })
  })
})
