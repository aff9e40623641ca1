/**
 * REL-13 (security.md §6.3): the database goes away between "send an email code" and "verify it".
 * Once it is back, the same sign-in attempt and the same code still sign the user in.
 *
 * Needs the production build (`npm run test:faults` builds it) and a Postgres server: DATABASE_URL,
 * else postgres://postgres@127.0.0.1:5432/postgres. Knob: FAULT_OUTAGE_SECONDS (default 3 here).
 */

import { afterAll, beforeAll, expect, it } from 'vitest'
import { type FaultServer, startFaultServer, VirtualClient, waitFor } from '../support/fault-server.ts'
import { checkInvariants } from '../support/invariants.ts'

const OUTAGE_MS = Number(process.env.FAULT_OUTAGE_SECONDS ?? 3) * 1000
const EMAIL = 'code-flow@example.com'

let server: FaultServer

beforeAll(async () => {
  server = await startFaultServer('code_flow')
})

afterAll(async () => {
  await server?.stop()
})

async function latestCode(): Promise<string> {
  const response = await fetch(`${server.baseUrl}/api/testing/outbox?to=${encodeURIComponent(EMAIL)}`, {
    headers: { authorization: `Bearer ${server.testingToken}` },
  })
  expect(response.status).toBe(200)
  const messages = (await response.json()) as { body: string }[]
  const code = messages[0]?.body.match(/\b(\d{6})\b/)?.[1]
  if (!code) throw new Error('no code in the outbox')
  return code
}

it('finishes an email-code sign-in begun before the database went away', async () => {
  await server.createUser(EMAIL, null)
  const browser = new VirtualClient(server.baseUrl, 13)
  expect((await browser.serverFn('$createSignIn', { identifier: EMAIL })).status).toBe(200)
  expect((await browser.serverFn('$prepareSignInFirstFactor', { strategy: 'email_code' })).status).toBe(200)
  const code = await latestCode()

  await server.proxy.down()
  // During the outage the attempt is refused as unavailable (retry), never as a wrong code.
  const during = await browser.serverFn('$getSignIn', undefined, { method: 'GET' })
  expect(during.status).toBe(503)
  expect(Number(during.retryAfter)).toBeGreaterThan(0)
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS))
  await server.proxy.up()
  await waitFor('ready after the outage', async () => (await fetch(`${server.baseUrl}/health/ready`)).ok, 5_000)

  const attempt = await browser.serverFn('$attemptSignInFirstFactor', { strategy: 'email_code', code })
  expect(attempt.status).toBe(200)
  const sessionId = attempt.strings.find((value) => value.startsWith('sess_'))
  expect(sessionId).toBeDefined()
  const [row] = await server.sql`select status from sessions where id = ${sessionId ?? ''}`
  expect(row?.status).toBe('active')
  expect(await checkInvariants(server.sql)).toEqual({})
})
