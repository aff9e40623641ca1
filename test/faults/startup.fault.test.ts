/**
 * REL-08 (security.md §6.3): the database is down when the server starts. Liveness stays OK,
 * readiness says 503 with Retry-After, the process keeps running, and once the database is reachable
 * the same process becomes ready within 5 s, without a restart.
 *
 * Needs the production build (`npm run test:faults` builds it) and a Postgres server: DATABASE_URL,
 * else postgres://postgres@127.0.0.1:5432/postgres. No knobs.
 */

import { afterAll, beforeAll, expect, it } from 'vitest'
import { type FaultServer, startFaultServer, waitFor } from '../support/fault-server.ts'

// security.md REL-08: ready within 5 s of the database coming up.
const READY_WITHIN_MS = 5_000
// How long the database stays unreachable after start-up: several readiness probes' worth.
const DOWN_FOR_PROBES = 5

let server: FaultServer

beforeAll(async () => {
  server = await startFaultServer('startup', { startDown: true })
})

afterAll(async () => {
  await server?.stop()
})

it('starts without its database, says so, and becomes ready once the database is there', async () => {
  const pid = server.pid
  for (let probe = 0; probe < DOWN_FOR_PROBES; probe++) {
    const live = await fetch(`${server.baseUrl}/health/live`)
    expect(live.status).toBe(200)
    const ready = await fetch(`${server.baseUrl}/health/ready`)
    expect(ready.status).toBe(503)
    expect(Number(ready.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(server.exited()).toBe(false)
  }

  await server.proxy.up()
  const recoveryMs = await waitFor(
    'ready after the database came up',
    async () => (await fetch(`${server.baseUrl}/health/ready`)).status === 200,
    READY_WITHIN_MS,
  )
  // The same process: nothing restarted it.
  expect(server.exited()).toBe(false)
  expect(server.pid).toBe(pid)
  // It really works now, migrations included: the testing API writes a user.
  await server.createUser('after-outage@example.com', null)
  console.info(`[REL-08] ready ${Math.round(recoveryMs)} ms after the database came up`)
})
