/**
 * One "app process" for the multi-process test: opens its own connection pool to the database
 * named on the command line and makes password sign-in attempts, printing each outcome's code as
 * JSON. Several of these running at once share nothing but the database.
 */

import { resolveConfig } from '../../app/config/instance.ts'
import { attemptFirstFactor, createSignIn } from '../../app/server/sign-in.server.ts'
import { isTesseraError } from '../../app/session/errors.ts'
import { openDatabase } from '../../db/client.ts'

interface Job {
  url: string
  identifier: string
  password: string
  attempts: number
  ipAddress: string
  config: unknown
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job
const handle = await openDatabase({ url: job.url, poolSize: 2 })
const outcomes: string[] = []
try {
  for (let i = 0; i < job.attempts; i++) {
    const ctx = {
      db: handle.db,
      now: new Date(),
      meta: { ipAddress: job.ipAddress, userAgent: 'worker' },
      config: resolveConfig(job.config),
      origin: 'http://localhost:3000',
      deliver: () => {},
    }
    try {
      const { token } = await createSignIn(ctx, { identifier: job.identifier }, { signIn: null, client: null })
      const step = await attemptFirstFactor(ctx, token, { strategy: 'password', password: job.password }, null)
      outcomes.push(step.signIn.status)
    } catch (error) {
      outcomes.push(isTesseraError(error) ? error.code : `unexpected: ${String(error)}`)
    }
  }
} finally {
  await handle.close()
}
process.stdout.write(`${JSON.stringify(outcomes)}\n`)
