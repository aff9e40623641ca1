/**
 * Admission control (issue 23 item 4, ADR 028): a process past its limit of requests in flight
 * queues a few and refuses the rest at once with 503 `server_busy` and `Retry-After`, instead of
 * starting them all and making every answer wait behind every other. A server started with a limit
 * of 2 in flight and a queue of 2 gets 64 concurrent readiness checks (each a database round trip,
 * so they overlap; a signed-out page renders without waiting on I/O and never does), twice: every answer is a 200 or
 * a coded 503 with `Retry-After`, some are refused, liveness answers 200 throughout, and once the
 * burst is over the server answers normally again. The other fault tests and the soak run with the
 * default limits (ADMISSION_MAX_IN_FLIGHT), which their loads stay inside or meet as coded 503s.
 *
 * Needs the production build (`npm run test:faults` builds it) and a Postgres server.
 */

import { afterAll, beforeAll, expect, it } from 'vitest'
import { type FaultServer, startFaultServer, tally } from '../support/fault-server.ts'

const CONCURRENT = 64

let server: FaultServer

beforeAll(async () => {
  server = await startFaultServer('admission', { env: { TESSERA_MAX_IN_FLIGHT: '2', TESSERA_ADMISSION_QUEUE: '2' } })
})

afterAll(async () => {
  await server?.stop()
})

interface Reply {
  status: number
  code: string | null
  retryAfter: string | null
}

async function get(path: string): Promise<Reply> {
  const response = await fetch(`${server.baseUrl}${path}`)
  const text = await response.text()
  const code = response.headers.get('content-type')?.includes('json') ? (JSON.parse(text).code ?? null) : null
  return { status: response.status, code, retryAfter: response.headers.get('retry-after') }
}

it('refuses what it cannot admit with a coded 503 and Retry-After, keeps liveness, and recovers', async () => {
  for (let burst = 0; burst < 2; burst++) {
    const replies = await Promise.all([
      ...Array.from({ length: CONCURRENT }, () => get('/health/ready')),
      get('/health/live'),
    ])
    const live = replies.pop()
    expect(live?.status, 'liveness is never queued').toBe(200)
    console.log(`burst ${burst + 1}:`, tally(replies.map((reply) => `${reply.status} ${reply.code ?? ''}`.trim())))
    for (const reply of replies) {
      if (reply.status === 200) continue
      expect(reply).toEqual({ status: 503, code: 'server_busy', retryAfter: '1' })
    }
    expect(replies.filter((reply) => reply.status === 503).length, 'some refused').toBeGreaterThan(0)
    expect(replies.filter((reply) => reply.status === 200).length, 'some admitted').toBeGreaterThanOrEqual(2)
  }
  expect(await get('/sign-in')).toMatchObject({ status: 200 })
  expect(await get('/health/ready')).toMatchObject({ status: 200 })
})
