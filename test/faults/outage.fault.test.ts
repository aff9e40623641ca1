/**
 * REL-01 (security.md §6.3), shortened: virtual clients, each with its own signed-in session, keep
 * calling a JWT-only API and database-checked ones (and refresh their JWT when under 10 s remain)
 * while the database goes away for a few seconds a third of the way in.
 *
 * Pass: no JWT-only call fails; database calls fail only inside [down, up + 5 s] and only as 503
 * with Retry-After (never 500 or 401); the server process never restarts; no client ends signed
 * out; afterwards every session is still one `active` row and the SQL invariants hold
 * (test/support/invariants.ts).
 *
 * Session JWTs live 15 s here (test/faults/short-tokens.json), so refreshes happen during a short
 * run, some of them during the outage.
 *
 * Knobs (environment):
 * - FAULT_SECONDS: length of the run (default 30).
 * - FAULT_CLIENTS: virtual clients (default 20).
 * - FAULT_OUTAGE_SECONDS: how long the database is unreachable (default 5).
 *
 * Needs the production build (`npm run test:faults` builds it) and a Postgres server: DATABASE_URL,
 * else postgres://postgres@127.0.0.1:5432/postgres.
 */

import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Answer, type FaultServer, startFaultServer, VirtualClient, waitFor } from '../support/fault-server.ts'
import { checkInvariants } from '../support/invariants.ts'

const RUN_MS = Number(process.env.FAULT_SECONDS ?? 30) * 1000
const CLIENTS = Number(process.env.FAULT_CLIENTS ?? 20)
const OUTAGE_MS = Number(process.env.FAULT_OUTAGE_SECONDS ?? 5) * 1000
// security.md REL-01: failures are allowed until the database has been back this long.
const RECOVERY_GRACE_MS = 5_000
// The client's refresh rule (REL-01): refresh when under 10 s of validity remain, retrying with
// backoff 0.5, 1, 2, 4 s (then 4 s) while the JWT is still valid.
const REFRESH_BELOW_MS = 10_000
const REFRESH_BACKOFF_MS = [500, 1_000, 2_000, 4_000]
// Pacing of each client's loop (3 JWT-only calls, 1 database call): ~20 × 6/s JWT-only calls in all.
const PAUSE_MS = 150
const PASSWORD = 'fault tolerant horse battery'

interface Call {
  kind: 'jwt' | 'db' | 'refresh'
  client: number
  start: number
  end: number
  status: number
  retryAfter: string | null
}

let server: FaultServer

beforeAll(async () => {
  server = await startFaultServer('outage', { env: { TESSERA_CONFIG: 'test/faults/short-tokens.json' } })
})

afterAll(async () => {
  await server?.stop()
})

class Runner {
  readonly browser: VirtualClient
  readonly email: string
  sessionId = ''
  jwt = ''
  expiresAt = 0
  signedOut = false

  constructor(
    readonly index: number,
    readonly calls: Call[],
  ) {
    this.browser = new VirtualClient(server.baseUrl, index + 1)
    this.email = `outage-${index}@example.com`
  }

  private async record(kind: Call['kind'], send: () => Promise<Answer>): Promise<Answer> {
    const start = performance.now()
    const answer = await send()
    this.calls.push({
      kind,
      client: this.index,
      start,
      end: start + answer.ms,
      status: answer.status,
      retryAfter: answer.retryAfter,
    })
    return answer
  }

  async signIn() {
    await server.createUser(this.email, PASSWORD)
    const answer = await this.browser.serverFn('$createSignIn', { identifier: this.email, password: PASSWORD })
    const sessionId = answer.strings.find((value) => value.startsWith('sess_'))
    if (answer.status !== 200 || !sessionId) throw new Error(`sign-in ${this.index}: ${answer.status}`)
    this.sessionId = sessionId
    if ((await this.mint('refresh')).status !== 200) throw new Error(`first token ${this.index}`)
  }

  /** POST /api/sessions/:id/tokens with the client cookie: a database check that also mints a JWT. */
  private async mint(kind: Call['kind']): Promise<Answer> {
    const answer = await this.record(kind, () =>
      this.browser.request(`/api/sessions/${this.sessionId}/tokens`, {
        method: 'POST',
        headers: { origin: server.baseUrl, 'sec-fetch-site': 'same-origin' },
        only: ['__client'],
      }),
    )
    const jwt = answer.strings[0]
    if (answer.status === 200 && jwt) {
      this.jwt = jwt
      // The JWT's own claim, not a guess from the lifetime setting.
      const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as { exp: number }
      this.expiresAt = claims.exp * 1000
    }
    return answer
  }

  /** The refresh rule: mint again, backing off while the JWT still has life; signed out if it runs out. */
  private async refresh() {
    for (let attempt = 0; ; attempt++) {
      if ((await this.mint('refresh')).status === 200) return
      const wait = REFRESH_BACKOFF_MS[Math.min(attempt, REFRESH_BACKOFF_MS.length - 1)] ?? 4_000
      if (Date.now() + wait >= this.expiresAt) {
        this.signedOut = true
        return
      }
      await new Promise((resolve) => setTimeout(resolve, wait))
    }
  }

  /** After the run: a database-checked mint, then the JWT-only API with the new token. */
  async stillSignedIn(): Promise<boolean> {
    if ((await this.mint('refresh')).status !== 200) return false
    const me = await this.browser.request('/api/me', { headers: { authorization: `Bearer ${this.jwt}` }, only: [] })
    return me.status === 200 && me.strings.includes(this.sessionId)
  }

  async run(until: number) {
    for (let round = 0; performance.now() < until && !this.signedOut; round++) {
      if (this.expiresAt - Date.now() < REFRESH_BELOW_MS) await this.refresh()
      if (this.signedOut) return
      for (let call = 0; call < 3; call++) {
        await this.record('jwt', () =>
          this.browser.request('/api/me', { headers: { authorization: `Bearer ${this.jwt}` }, only: [] }),
        )
      }
      // Alternate the database-checked calls: a server function behind requireFresh/withFreshAuth,
      // and the token endpoint (which also keeps the JWT fresh).
      if (round % 2 === 0) {
        await this.record('db', () =>
          this.browser.serverFn('$getClient', undefined, { method: 'GET', only: ['__client'] }),
        )
      } else {
        await this.mint('db')
      }
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS))
    }
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

it('keeps JWT-only calls working and database calls at 503-then-recovered through an outage', async () => {
  const calls: Call[] = []
  const runners = Array.from({ length: CLIENTS }, (_, index) => new Runner(index, calls))
  for (const runner of runners) await runner.signIn()
  calls.length = 0
  const pid = server.pid

  const started = performance.now()
  const until = started + RUN_MS
  const outage = (async () => {
    await new Promise((resolve) => setTimeout(resolve, RUN_MS / 3))
    const downAt = performance.now()
    await server.proxy.down()
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS))
    const upAt = performance.now()
    await server.proxy.up()
    const readyMs = await waitFor(
      'ready after the outage',
      async () => (await fetch(`${server.baseUrl}/health/ready`)).ok,
      RECOVERY_GRACE_MS,
    )
    return { downAt, upAt, readyMs }
  })()
  await Promise.all(runners.map((runner) => runner.run(until)))
  const { downAt, upAt, readyMs } = await outage

  const failed = calls.filter((call) => call.status !== 200)
  const byStatus = (kind: Call['kind']) => {
    const counts: Record<string, number> = {}
    for (const call of calls.filter((candidate) => candidate.kind === kind))
      counts[call.status] = (counts[call.status] ?? 0) + 1
    return counts
  }
  const jwtOutside = calls
    .filter((call) => call.kind === 'jwt' && (call.end < downAt || call.start > upAt + RECOVERY_GRACE_MS))
    .map((call) => call.end - call.start)
  const lastDbFailure = Math.max(downAt, ...failed.map((call) => call.end))
  console.info(
    `[REL-01] ${CLIENTS} clients, ${Math.round((performance.now() - started) / 1000)} s, outage ${OUTAGE_MS / 1000} s:`,
    JSON.stringify({
      jwt: byStatus('jwt'),
      db: byStatus('db'),
      refresh: byStatus('refresh'),
      jwtP50Ms: Math.round(percentile(jwtOutside, 50)),
      jwtP95Ms: Math.round(percentile(jwtOutside, 95)),
      readyAfterUpMs: Math.round(readyMs),
      lastFailureAfterUpMs: Math.round(lastDbFailure - upAt),
      dbMaxMs: Math.round(Math.max(...calls.filter((c) => c.kind !== 'jwt').map((c) => c.end - c.start))),
    }),
  )

  // Enough traffic to mean something, on both paths, during the outage as well.
  expect(calls.filter((call) => call.kind === 'jwt').length).toBeGreaterThan(CLIENTS * 10)
  expect(calls.some((call) => call.kind === 'jwt' && call.start > downAt && call.end < upAt)).toBe(true)
  // 0 failures on JWT-only calls.
  expect(failed.filter((call) => call.kind === 'jwt')).toEqual([])
  // Every database call answers within 3 s (security.md REL-07's bound), outage or not.
  for (const call of calls.filter((candidate) => candidate.kind !== 'jwt'))
    expect(call.end - call.start).toBeLessThan(3_000)
  // Database calls fail only within [down, up + 5 s], and only as 503 with Retry-After.
  for (const call of failed) {
    expect({ status: call.status, retryAfter: Number(call.retryAfter) > 0 }).toEqual({ status: 503, retryAfter: true })
    expect(call.end).toBeGreaterThanOrEqual(downAt)
    expect(call.start).toBeLessThanOrEqual(upAt + RECOVERY_GRACE_MS)
  }
  // No client ends signed out, and the app process never restarted.
  expect(runners.filter((runner) => runner.signedOut).map((runner) => runner.index)).toEqual([])
  expect(server.exited()).toBe(false)
  expect(server.pid).toBe(pid)
  // Still signed in: each client gets a fresh JWT with its client cookie, and the JWT works.
  for (const runner of runners) expect(await runner.stillSignedIn(), runner.email).toBe(true)
  // Every session is still there, active, and alone: one row per user.
  const rows = await server.sql<{ email: string; sessions: number; active: number }[]>`
    select e.email as email, count(s.id)::int as sessions, count(*) filter (where s.status = 'active')::int as active
    from users u
    join email_addresses e on e.user_id = u.id
    left join sessions s on s.user_id = u.id
    where e.email like 'outage-%'
    group by e.email`
  expect(rows).toHaveLength(CLIENTS)
  for (const row of rows) expect(row, row.email).toMatchObject({ sessions: 1, active: 1 })
  const ids = runners.map((runner) => runner.sessionId)
  const active = await server.sql`select id from sessions where id in ${server.sql(ids)} and status = 'active'`
  expect(active).toHaveLength(CLIENTS)
  expect(await checkInvariants(server.sql)).toEqual({})
})
