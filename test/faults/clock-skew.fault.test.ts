/**
 * REL-05 (security.md §6.3, JWT-07, D7 as decided in ADR 019): one time source, the app clock, with
 * NTP required and readiness checking it. Four instances on one database, their clocks moved with
 * a preload (test/support/skewed-clock.mjs; production code has no clock hook): −3 s, 0, +3 s, and
 * +10 min.
 *
 * Pass: tokens minted by each of the −3 s, 0 and +3 s instances verify on every one of them (the
 * JWT-only API); an email code sent through the −3 s instance signs in through the +3 s one; a
 * token minted by the +10 min instance is refused by the others (`nbf` in the future past the
 * leeway), and a code sent 10 min earlier by its clock is expired there (the app clock decides)
 * while the refusal changes nothing: the code still signs in through an on-time instance;
 * `/health/ready` is 200 with |clockOffsetMs| ≈ 3000 on the ±3 s instances and 503
 * `reason: clock_skew` with Retry-After on the +10 min one, which logs its warning once;
 * `/health/live` is 200 everywhere; the SQL invariants hold.
 *
 * Needs the production build (`npm run test:faults` builds it) and a Postgres server: DATABASE_URL,
 * else postgres://postgres@127.0.0.1:5432/postgres.
 */

import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { CLOCK_SKEW_MAX_SECONDS, ONE_TIME_CODE_TTL_SECONDS } from '../../app/session/policy.ts'
import {
  type FaultServer,
  latestEmailCode,
  signInWithPassword,
  skewedClockEnv,
  startFaultServer,
  VirtualClient,
  waitFor,
} from '../support/fault-server.ts'
import { checkInvariants } from '../support/invariants.ts'

const PASSWORD = 'skewed clocks horse battery staple'
const FAR_MS = ONE_TIME_CODE_TTL_SECONDS * 1000
// On one host the true offsets are exactly the injected ones; the estimate may be off by half a
// round trip, which a busy machine can stretch. Still far from the 5 s limit either way.
const OFFSET_TOLERANCE_MS = 1_000

interface Instance {
  name: string
  offsetMs: number
  server: FaultServer
}

let zero: FaultServer
let instances: Instance[]
let far: Instance

beforeAll(async () => {
  zero = await startFaultServer('clock_skew')
  const [behind, ahead, farAhead] = await Promise.all([
    zero.another({ env: skewedClockEnv(-3_000) }),
    zero.another({ env: skewedClockEnv(3_000) }),
    // Never ready (its clock is 10 min off), so wait for liveness only.
    zero.another({ env: skewedClockEnv(FAR_MS), readyOrLive: 'live' }),
  ])
  instances = [
    { name: '-3s', offsetMs: -3_000, server: behind },
    { name: '0', offsetMs: 0, server: zero },
    { name: '+3s', offsetMs: 3_000, server: ahead },
  ]
  far = { name: '+10min', offsetMs: FAR_MS, server: farAhead }
})

afterAll(async () => {
  await zero?.stop()
})

async function mint(browser: VirtualClient, sessionId: string): Promise<string> {
  const answer = await browser.request(`/api/sessions/${sessionId}/tokens`, {
    method: 'POST',
    headers: { origin: browser.publicUrl, 'sec-fetch-site': 'same-origin' },
    only: ['__client'],
  })
  if (answer.status !== 200) throw new Error(`mint: ${answer.status} ${answer.strings.join(' ')}`)
  return answer.strings[0] ?? ''
}

/** The JWT-only API: its status, and the error code when refused. */
async function me(server: FaultServer, jwt: string): Promise<string> {
  const response = await fetch(`${server.baseUrl}/api/me`, { headers: { authorization: `Bearer ${jwt}` } })
  if (response.status === 200) return '200'
  const body = (await response.json().catch(() => ({}))) as { errors?: { code?: string }[]; code?: string }
  return `${response.status} ${body.errors?.[0]?.code ?? body.code ?? JSON.stringify(body)}`
}

/** The code the outbox holds for `email`: sending is asynchronous, so it may take a moment to appear. */
async function emailedCode(server: FaultServer, email: string): Promise<string> {
  let code: string | null = null
  await waitFor(
    `a code for ${email}`,
    async () => {
      code = await latestEmailCode(server, email)
      return code !== null
    },
    10_000,
  )
  return code ?? ''
}

const codeOf = (strings: string[]) => strings.find((value) => /^[a-z]+(_[a-z]+)+$/.test(value))

it('reports the clocks: ready within the leeway, 503 clock_skew beyond it, live everywhere', async () => {
  const report: Record<string, unknown> = {}
  for (const { name, offsetMs, server } of [...instances, far]) {
    const live = await fetch(`${server.baseUrl}/health/live`)
    const ready = await fetch(`${server.baseUrl}/health/ready`)
    const body = (await ready.json()) as { status: string; reason?: string; clockOffsetMs?: number }
    report[name] = { live: live.status, ready: ready.status, ...body, retryAfter: ready.headers.get('retry-after') }
    expect(live.status, name).toBe(200)
    // The database's clock minus the app's: an app clock ahead by 3 s reads about −3000.
    expect(Math.abs((body.clockOffsetMs ?? Number.NaN) + offsetMs), name).toBeLessThanOrEqual(OFFSET_TOLERANCE_MS)
    if (Math.abs(offsetMs) > CLOCK_SKEW_MAX_SECONDS * 1000) {
      expect({ http: ready.status, ...body }, name).toMatchObject({
        http: 503,
        status: 'unavailable',
        reason: 'clock_skew',
        clockOffsetMs: expect.any(Number),
      })
      expect(Number(ready.headers.get('retry-after')), name).toBeGreaterThan(0)
    } else {
      expect({ http: ready.status, ...body }, name).toMatchObject({ http: 200, status: 'ok' })
    }
  }
  // Probed again (as a load balancer does): the warning is logged once per change, not per probe.
  for (let probe = 0; probe < 3; probe++) expect((await fetch(`${far.server.baseUrl}/health/ready`)).status).toBe(503)
  const warnings = readFileSync(far.server.logPath, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"health.clock_skew"'))
  console.info('[REL-05] readiness:', JSON.stringify({ ...report, farInstanceWarnings: warnings.length }))
  expect(warnings).toHaveLength(1)
  expect(JSON.parse(warnings[0] ?? '{}')).toMatchObject({ level: 'warn', clockOffsetMs: expect.any(Number) })
})

it('verifies on every instance within ±3 s the tokens minted by each of them', async () => {
  await zero.createUser('skew-tokens@example.com', PASSWORD)
  const browser = new VirtualClient(zero.baseUrl, 1)
  const sessionId = await signInWithPassword(browser, 'skew-tokens@example.com', PASSWORD)
  const matrix: Record<string, Record<string, string>> = {}
  for (const minter of instances) {
    const jwt = await mint(browser.at(minter.server), sessionId)
    matrix[`minted by ${minter.name}`] = Object.fromEntries(
      await Promise.all(instances.map(async (verifier) => [verifier.name, await me(verifier.server, jwt)] as const)),
    )
  }
  console.info('[REL-05] tokens (minter → verifier):', JSON.stringify(matrix))
  for (const row of Object.values(matrix)) expect(Object.values(row)).toEqual(['200', '200', '200'])
})

it('refuses the tokens of an instance 10 min ahead: nbf is in the future past the leeway', async () => {
  await zero.createUser('skew-far@example.com', PASSWORD)
  const onFar = new VirtualClient(zero.baseUrl, 2).at(far.server)
  const sessionId = await signInWithPassword(onFar, 'skew-far@example.com', PASSWORD)
  const jwt = await mint(onFar, sessionId)
  const verdicts = Object.fromEntries(
    await Promise.all(instances.map(async ({ name, server }) => [name, await me(server, jwt)] as const)),
  )
  const ownVerdict = await me(far.server, jwt)
  console.info('[REL-05] a +10 min token:', JSON.stringify({ ...verdicts, '+10min itself': ownVerdict }))
  for (const verdict of Object.values(verdicts)) expect(verdict).toBe('401 token_not_yet_valid')
  expect(ownVerdict).toBe('200')
})

it('shares code expiry: a code sent at −3 s signs in at +3 s; 10 min ahead, the app clock finds it expired', async () => {
  const [behind, , ahead] = instances.map((instance) => instance.server) as [FaultServer, FaultServer, FaultServer]
  const email = 'skew-code@example.com'
  await zero.createUser(email, null)
  const onBehind = new VirtualClient(zero.baseUrl, 3).at(behind)
  expect((await onBehind.serverFn('$createSignIn', { identifier: email })).status).toBe(200)
  expect((await onBehind.serverFn('$prepareSignInFirstFactor', { strategy: 'email_code' })).status).toBe(200)
  const code = await emailedCode(behind, email)
  const signedIn = await onBehind.at(ahead).serverFn('$attemptSignInFirstFactor', { strategy: 'email_code', code })
  expect(signedIn.status, signedIn.strings.join(' ')).toBe(200)
  expect(signedIn.strings.some((value) => value.startsWith('sess_'))).toBe(true)

  // The same kind of code, tried through the instance whose clock is ONE_TIME_CODE_TTL ahead: by
  // the clock that decides (the app's, ADR 019) it has expired, whatever Postgres's now() says.
  const lateEmail = 'skew-code-late@example.com'
  await zero.createUser(lateEmail, null)
  const onZero = new VirtualClient(zero.baseUrl, 4)
  expect((await onZero.serverFn('$createSignIn', { identifier: lateEmail })).status).toBe(200)
  expect((await onZero.serverFn('$prepareSignInFirstFactor', { strategy: 'email_code' })).status).toBe(200)
  const lateCode = await emailedCode(zero, lateEmail)
  const onFar = onZero.at(far.server)
  const tooLate = await onFar.serverFn('$attemptSignInFirstFactor', { strategy: 'email_code', code: lateCode })
  const backOnTime = await onZero.serverFn('$attemptSignInFirstFactor', { strategy: 'email_code', code: lateCode })
  console.info(
    '[REL-05] codes:',
    JSON.stringify({
      sentAtMinus3VerifiedAtPlus3: signedIn.status,
      tenMinutesAhead: [tooLate.status, codeOf(tooLate.strings)],
      thenOnTime: backOnTime.status,
    }),
  )
  expect(tooLate.status).not.toBe(200)
  expect(tooLate.status).toBeLessThan(500)
  expect(codeOf(tooLate.strings)).toMatch(/expired/)
  // The skewed instance's refusal wrote nothing: on an instance with the right time it still works.
  expect(backOnTime.status, backOnTime.strings.join(' ')).toBe(200)
  expect(backOnTime.strings.some((value) => value.startsWith('sess_'))).toBe(true)
  expect(await checkInvariants(zero.sql)).toEqual({})
})
