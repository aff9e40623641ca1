/**
 * Limits that must hold across several app processes on one database (issue: "rate limits shared
 * by two app processes"): two real Node processes, each with its own connection pool, attempt
 * sign-ins against the same account at the same time. Their counts add up in Postgres.
 */

import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, inject, it } from 'vitest'
import { authFixtures } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'

const { db } = await openTestDatabase()
const { createAccount } = authFixtures(db)
const run = promisify(execFile)
const url = inject('databaseUrl')
const TSX = path.resolve('node_modules/.bin/tsx')
const WORKER = path.resolve('test/workers/sign-in-worker.ts')
/** The app's modules import Vite's `?raw` text (the password blocklist); the worker runs without Vite. */
const RAW_IMPORTS = path.resolve('test/workers/raw-imports.mjs')

/** Starts `count` worker processes at once; returns every outcome, in no particular order. */
async function inProcesses(count: number, job: Record<string, unknown>): Promise<string[]> {
  if (!url) throw new Error('separate processes need a Postgres server (PGlite lives inside one process)')
  const results = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      run(
        TSX,
        ['--import', RAW_IMPORTS, WORKER, JSON.stringify({ url, ipAddress: `198.51.100.${100 + index}`, ...job })],
        {
          env: { ...process.env, LOG_LEVEL: 'silent' },
        },
      ),
    ),
  )
  return results.flatMap(({ stdout }) => JSON.parse(stdout) as string[])
}

function tally(outcomes: string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1
  return counts
}

describe.runIf(url)('two app processes on one database', () => {
  it('share the per-identifier rate limit: 8 attempts in all get through, whichever process makes them', async () => {
    const { email } = await createAccount()
    const outcomes = await inProcesses(2, {
      identifier: email,
      password: 'not the password at all',
      attempts: 10,
      config: { rateLimits: { sign_in_identifier: { limit: 8, windowSeconds: 600 } }, lockout: { maxFailures: 100 } },
    })
    expect(tally(outcomes)).toEqual({ invalid_credentials: 8, rate_limited: 12 })
  }, 60_000)

  it('share the lockout: the sixth failure anywhere locks the account everywhere', async () => {
    const { email } = await createAccount()
    const outcomes = await inProcesses(2, {
      identifier: email,
      password: 'not the password at all',
      attempts: 6,
      config: { lockout: { maxFailures: 6, durationMinutes: 60 } },
    })
    expect(tally(outcomes)).toEqual({ invalid_credentials: 5, user_locked: 7 })
  }, 60_000)
})
