/**
 * The health endpoints a deployment probes: liveness never depends on the database; readiness says
 * whether the database answers now. Both are public, uncached, and reveal nothing private.
 */

import { expect, test } from './fixtures.ts'

test('liveness and readiness answer, uncached', async ({ request }) => {
  const live = await request.get('/health/live')
  expect(live.status()).toBe(200)
  expect(await live.json()).toEqual({ status: 'ok' })

  const ready = await request.get('/health/ready')
  expect(ready.status()).toBe(200)
  expect(await ready.json()).toEqual({
    status: 'ok',
    database: expect.stringMatching(/^(postgres|pglite)$/),
    clockOffsetMs: expect.any(Number),
  })
  for (const response of [live, ready]) expect(response.headers()['cache-control']).toContain('no-store')
})
