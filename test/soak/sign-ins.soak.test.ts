/**
 * REL-02 and REL-06 (security.md §6.3), the soak: for SOAK_SECONDS, ~3 password sign-ins/s and ~1
 * email-code sign-in/s (codes read from the testing outbox), each by a new browser and spread over
 * many users so per-account throttling is not what is measured, alongside ~200 JWT validations/s
 * from signed-in clients (each refreshing its token before it expires).
 *
 * Pass: zero errors (every sign-in completes, every validation is 200); every session the run
 * created is `active`; the server's RSS grows less than 30 MB from the start of minute 2 to the end
 * of a 10-minute run (shorter runs, still warming up, report it and only fail past 200 MB);
 * the short-lived tables (codes, sign-in attempts, rate-limit buckets) stay under 2 × rate × TTL;
 * p95 latencies under generous ceilings (SOAK_P95_SIGN_IN_MS 10 s, SOAK_P95_VALIDATION_MS 1 s: this
 * is a correctness test on 2 shared cores, not a benchmark, and they only catch a hang; REL-02's own
 * targets, 400 ms and 25 ms, are printed beside the measurements). Event-loop lag is not measured: the server exposes no metric.
 *
 * Knobs: SOAK_SECONDS (default 120, the CI profile; 600 is REL-02's 10 minutes), SOAK_SIGN_INS_PER_S
 * (3), SOAK_CODE_SIGN_INS_PER_S (1), SOAK_VALIDATIONS_PER_S (200).
 */

import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  CODE_SENDS_PER_IDENTIFIER_WINDOW_SECONDS,
  CODE_SENDS_PER_IP_WINDOW_SECONDS,
  ONE_TIME_CODE_TTL_SECONDS,
  SIGN_IN_ATTEMPT_TTL_SECONDS,
  SIGN_IN_ATTEMPTS_PER_IDENTIFIER_WINDOW_SECONDS,
  SIGN_IN_ATTEMPTS_PER_IP_WINDOW_SECONDS,
} from '../../app/session/policy.ts'
import {
  type FaultServer,
  percentile,
  RSS_GROWTH_LIMIT_BYTES,
  signInWithPassword,
  startFaultServer,
  tally,
  VirtualClient,
} from '../support/fault-server.ts'
import { checkInvariants, rowCounts } from '../support/invariants.ts'
import { createUsers, emailCodeSignIn, passwordSignIn, type SignInOutcome } from '../support/sign-in-load.ts'

const SOAK_MS = Number(process.env.SOAK_SECONDS ?? 120) * 1000
const PASSWORD_RATE = Number(process.env.SOAK_SIGN_INS_PER_S ?? 3)
const CODE_RATE = Number(process.env.SOAK_CODE_SIGN_INS_PER_S ?? 1)
const VALIDATION_RATE = Number(process.env.SOAK_VALIDATIONS_PER_S ?? 200)
// Hang detectors rather than targets: the CI box is 2 cores shared with other work, where a
// password sign-in's p95 was measured at 2–6 s and a validation's at 50–150 ms.
const P95_SIGN_IN_CEILING_MS = Number(process.env.SOAK_P95_SIGN_IN_MS ?? 10_000)
const P95_VALIDATION_CEILING_MS = Number(process.env.SOAK_P95_VALIDATION_MS ?? 1_000)
// security.md REL-02's targets, reported (not asserted: see the module comment).
const REL02_P95_SIGN_IN_MS = 400
const REL02_P95_VALIDATION_MS = 25
const RSS_RUNAWAY_BYTES = 200 * 1024 * 1024
const VALIDATORS = 20
const PASSWORD = 'soak test horse battery staple'
// Per-account limits (20 sign-ins per 10 min, 10 codes per hour): enough users that none is reached.
const SPAN_SECONDS = Math.min(SOAK_MS / 1000, 600)
const PASSWORD_USERS = Math.ceil((PASSWORD_RATE * SPAN_SECONDS) / 10) + 1
// One user per email-code sign-in: the code is read as "the newest message to that address".
const CODE_USERS = Math.ceil((CODE_RATE * SOAK_MS) / 1000) + 5

let server: FaultServer
let passwordUsers: string[] = []
let codeUsers: string[] = []
const validators: { browser: VirtualClient; sessionId: string; jwt: string; expiresAt: number }[] = []

beforeAll(async () => {
  server = await startFaultServer('soak')
  passwordUsers = await createUsers(server, 'soak-pw', PASSWORD_USERS, PASSWORD)
  codeUsers = await createUsers(server, 'soak-code', CODE_USERS, null, 8)
  for (let index = 0; index < VALIDATORS; index++) {
    const email = `soak-validator-${index}@example.com`
    await server.createUser(email, PASSWORD)
    const browser = new VirtualClient(server.baseUrl, 500 + index)
    validators.push({ browser, sessionId: await signInWithPassword(browser, email, PASSWORD), jwt: '', expiresAt: 0 })
  }
}, 300_000)

afterAll(async () => {
  await server?.stop()
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))

/**
 * Starts `task` every 1000/rate ms until `until`, with at most `maxInFlight` running: when the
 * server falls behind, the schedule slips (the achieved rate is reported) instead of piling up
 * connections until they time out.
 */
async function paced(
  rate: number,
  until: number,
  maxInFlight: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  const running = new Set<Promise<void>>()
  const interval = 1000 / rate
  let next = performance.now()
  for (let index = 0; next < until; index++) {
    await sleep(next - performance.now())
    while (running.size >= maxInFlight) await Promise.race(running)
    const run = task(index).finally(() => running.delete(run))
    running.add(run)
    next = Math.max(next + interval, performance.now() - interval)
  }
  await Promise.all(running)
}

it(`sustains sign-ins and validations with zero errors for ${SOAK_MS / 1000} s`, async () => {
  const outcomes: SignInOutcome[] = []
  const validations: { status: number; ms: number }[] = []
  const refreshes: number[] = []
  const rss: { at: number; bytes: number | null }[] = []
  const tables: Record<string, number>[] = []
  const started = performance.now()
  const until = started + SOAK_MS

  const sampling = (async () => {
    while (performance.now() < until) {
      rss.push({ at: performance.now() - started, bytes: server.rss() })
      tables.push(await rowCounts(server.sql))
      await sleep(5_000)
    }
    rss.push({ at: performance.now() - started, bytes: server.rss() })
  })()

  const validate = async (index: number) => {
    const entry = validators[index % VALIDATORS]
    if (!entry) return
    try {
      if (entry.expiresAt - Date.now() < 15_000) {
        const minted = await entry.browser.request(`/api/sessions/${entry.sessionId}/tokens`, {
          method: 'POST',
          headers: { origin: server.baseUrl, 'sec-fetch-site': 'same-origin' },
          only: ['__client'],
        })
        refreshes.push(minted.status)
        const jwt = minted.strings[0]
        if (minted.status === 200 && jwt) {
          entry.jwt = jwt
          entry.expiresAt =
            (JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as { exp: number }).exp * 1000
        }
      }
      const answer = await entry.browser.request('/api/me', {
        headers: { authorization: `Bearer ${entry.jwt}` },
        only: [],
      })
      validations.push({ status: answer.status, ms: answer.ms })
    } catch {
      validations.push({ status: 0, ms: Number.NaN })
    }
  }

  await Promise.all([
    sampling,
    paced(PASSWORD_RATE, until, 8, async (index) => {
      outcomes.push(await passwordSignIn(server, passwordUsers[index % passwordUsers.length] ?? '', PASSWORD))
    }),
    paced(CODE_RATE, until, 4, async (index) => {
      outcomes.push(await emailCodeSignIn(server, codeUsers[index % codeUsers.length] ?? ''))
    }),
    paced(VALIDATION_RATE, until, VALIDATORS, validate),
  ])
  const elapsedS = (performance.now() - started) / 1000

  const failed = outcomes.filter((outcome) => !outcome.ok)
  const ids = outcomes.filter((outcome) => outcome.ok).map((outcome) => outcome.sessionId ?? '')
  const [{ active = 0, created = 0 } = {}] = await server.sql<{ active: number; created: number }[]>`
    select count(*) filter (where status = 'active')::int as active, count(*)::int as created
    from sessions where id in ${server.sql(ids)}`
  const password = outcomes.filter((outcome) => outcome.kind === 'password').map((outcome) => outcome.ms)
  const code = outcomes.filter((outcome) => outcome.kind === 'email_code').map((outcome) => outcome.ms)
  const validationMs = validations.filter((validation) => validation.status !== 0).map((validation) => validation.ms)
  // RSS: from the start of minute 2 (or the middle of a shorter run) to the end.
  const fromMs = Math.min(60_000, SOAK_MS / 2)
  const rssFrom = rss.find((sample) => sample.at >= fromMs)?.bytes ?? null
  const rssEnd = rss.at(-1)?.bytes ?? null
  const rssGrowth = rssFrom !== null && rssEnd !== null ? rssEnd - rssFrom : null
  const peak = (name: string) => Math.max(...tables.map((sample) => sample[name] ?? 0))
  // 2 × rate × TTL (security.md REL-06): codes live ONE_TIME_CODE_TTL_SECONDS, attempts SIGN_IN_ATTEMPT_TTL_SECONDS.
  const bounds = {
    codes: 2 * CODE_RATE * ONE_TIME_CODE_TTL_SECONDS,
    sign_ins: 2 * (PASSWORD_RATE + CODE_RATE) * SIGN_IN_ATTEMPT_TTL_SECONDS,
    // One bucket per rule and key, kept for its window: per address (1 min) and identifier (10 min)
    // for every sign-in; per address and identifier (1 h each) for every code sent.
    rate_limit_buckets:
      2 *
      ((PASSWORD_RATE + CODE_RATE) *
        (SIGN_IN_ATTEMPTS_PER_IP_WINDOW_SECONDS + SIGN_IN_ATTEMPTS_PER_IDENTIFIER_WINDOW_SECONDS) +
        CODE_RATE * (CODE_SENDS_PER_IP_WINDOW_SECONDS + CODE_SENDS_PER_IDENTIFIER_WINDOW_SECONDS)),
  }
  const mb = (bytes: number | null) => (bytes === null ? null : Math.round(bytes / 1024 / 102.4) / 10)
  const broken = await checkInvariants(server.sql)
  console.info(
    `[REL-02/REL-06 soak] ${Math.round(elapsedS)} s:`,
    JSON.stringify({
      signIns: tally(
        outcomes.map((outcome) => `${outcome.kind}:${outcome.ok ? 'ok' : `${outcome.status}@${outcome.step}`}`),
      ),
      signInsPerS: Math.round((outcomes.length / elapsedS) * 10) / 10,
      validations: tally(validations.map((validation) => validation.status)),
      validationsPerS: Math.round(validations.length / elapsedS),
      refreshes: tally(refreshes),
      p50PasswordSignInMs: Math.round(percentile(password, 50)),
      p95PasswordSignInMs: Math.round(percentile(password, 95)),
      p95EmailCodeSignInMs: Math.round(percentile(code, 95)),
      p50ValidationMs: Math.round(percentile(validationMs, 50)),
      p95ValidationMs: Math.round(percentile(validationMs, 95)),
      rel02Targets: { p95SignInMs: REL02_P95_SIGN_IN_MS, p95ValidationMs: REL02_P95_VALIDATION_MS },
      rssMb: { start: mb(rss[0]?.bytes ?? null), from: mb(rssFrom), end: mb(rssEnd), growth: mb(rssGrowth) },
      tablesPeak: { codes: peak('codes'), sign_ins: peak('sign_ins'), rate_limit_buckets: peak('rate_limit_buckets') },
      tableBounds: bounds,
      sessions: { created, active },
      rows: await rowCounts(server.sql),
    }),
  )

  // The schedule slips when the shared box falls behind; at least half the planned load must run.
  expect(outcomes.length).toBeGreaterThan((PASSWORD_RATE + CODE_RATE) * (SOAK_MS / 1000) * 0.5)
  expect(validations.length).toBeGreaterThan(VALIDATION_RATE * (SOAK_MS / 1000) * 0.5)
  expect(failed.map((outcome) => `${outcome.kind} ${outcome.step} ${outcome.status} ${outcome.error ?? ''}`)).toEqual(
    [],
  )
  expect(validations.filter((validation) => validation.status !== 200)).toEqual([])
  expect(refreshes.filter((status) => status !== 200)).toEqual([])
  expect(created).toBe(ids.length)
  expect(active).toBe(ids.length)
  expect(broken).toEqual({})
  // REL-02's bound is for minute 2 to minute 10; a shorter run still warms up (JIT, caches, pool),
  // so it is held only to a runaway-leak bound and the number is reported.
  if (rssGrowth !== null) {
    expect(rssGrowth).toBeLessThan(SOAK_MS >= 600_000 ? RSS_GROWTH_LIMIT_BYTES : RSS_RUNAWAY_BYTES)
  }
  expect(peak('codes')).toBeLessThanOrEqual(bounds.codes)
  expect(peak('sign_ins')).toBeLessThanOrEqual(bounds.sign_ins)
  expect(peak('rate_limit_buckets')).toBeLessThanOrEqual(bounds.rate_limit_buckets)
  expect(percentile(password, 95)).toBeLessThan(P95_SIGN_IN_CEILING_MS)
  expect(percentile(validationMs, 95)).toBeLessThan(P95_VALIDATION_CEILING_MS)
  expect(server.exited()).toBe(false)
})
