/**
 * REL-11 and JWT-R1/JWT-R3 (security.md §6.3, §4.1): the signing key is rotated by the operator's
 * procedure (`npm run keys:rotate`, a separate process that tells no server) in the middle of
 * REL-01-style traffic on two instances behind one name, publishing the new key in advance (§4.1
 * step 1) and letting both servers switch by the clock, with no further command. The wait is
 * shortened with the CLI's own `--publish-ahead` to PUBLISH_AHEAD_SECONDS (40 s, still longer than
 * a server's periodic key re-read, as the 600 s default is), so the servers learn the new key the
 * way they do in production: before it signs, without needing the unknown-kid re-read.
 *
 * Virtual clients, each with its own session, keep calling the JWT-only API on both instances with
 * their JWT, refresh it through the token endpoint (a database check that mints) on either
 * instance, and make database-checked calls. Session JWTs live 15 s (test/faults/short-tokens.json)
 * and are refreshed when under 10 s remain, so tokens signed with the old key are still in use on
 * both instances after the switch, next to tokens signed with the new one.
 *
 * Pass: 0 verification failures (every JWT-only call and every mint is 200, every database call
 * too); no token is signed with the new key before its `signs from` time, and both instances
 * publish it before then; tokens signed with the old key and with the new key are each seen and
 * verified on both instances; during the overlap both instances' JWKS list both keys; every session
 * is still one `active` row and the SQL invariants hold.
 *
 * Knobs (environment): FAULT_SECONDS (default 30), FAULT_CLIENTS (default 20).
 *
 * Needs the production build (`npm run test:faults` builds it) and a Postgres server: DATABASE_URL,
 * else postgres://postgres@127.0.0.1:5432/postgres.
 */

import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { SIGNING_KEYS_REFRESH_SECONDS } from '../../app/session/policy.ts'
import {
  type Answer,
  type FaultServer,
  percentile,
  signInWithPassword,
  startFaultServer,
  tally,
  VirtualClient,
  waitFor,
} from '../support/fault-server.ts'
import { checkInvariants } from '../support/invariants.ts'

const RUN_MS = Number(process.env.FAULT_SECONDS ?? 30) * 1000
const CLIENTS = Number(process.env.FAULT_CLIENTS ?? 20)
// REL-01's refresh rule: a new JWT when under 10 s of validity remain.
const REFRESH_BELOW_MS = 10_000
// Pacing of each client's loop (one JWT-only call on each instance, then a database call every other round).
const PAUSE_MS = 150
const PASSWORD = 'rotating keys horse battery staple'
// Longer than a server's periodic key re-read, as SIGNING_KEY_PUBLISH_AHEAD_SECONDS is, but short enough to wait out.
const PUBLISH_AHEAD_SECONDS = SIGNING_KEYS_REFRESH_SECONDS + 10
const run = promisify(execFile)

interface Call {
  kind: 'jwt' | 'db' | 'mint'
  instance: 'a' | 'b'
  kid: string
  start: number
  end: number
  status: number
  code: string | undefined
}

let a: FaultServer
let b: FaultServer

beforeAll(async () => {
  a = await startFaultServer('rotation', { env: { TESSERA_CONFIG: 'test/faults/short-tokens.json' } })
  b = await a.another()
})

afterAll(async () => {
  await a?.stop()
})

const kidOf = (jwt: string) =>
  (JSON.parse(Buffer.from(jwt.split('.')[0] ?? '', 'base64url').toString()) as { kid: string }).kid
const expOf = (jwt: string) =>
  (JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as { exp: number }).exp * 1000

async function jwks(server: FaultServer): Promise<string[]> {
  const body = (await (await fetch(`${server.baseUrl}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }
  return body.keys.map((key) => key.kid).sort()
}

class Runner {
  readonly browsers: Record<'a' | 'b', VirtualClient>
  readonly email: string
  sessionId = ''
  jwt = ''

  constructor(
    readonly index: number,
    readonly calls: Call[],
  ) {
    const browser = new VirtualClient(a.baseUrl, index + 1)
    const onB = new VirtualClient(b.baseUrl, index + 1)
    onB.publicUrl = b.publicUrl
    this.browsers = { a: browser, b: onB }
    this.email = `rotation-${index}@example.com`
  }

  private async record(kind: Call['kind'], instance: 'a' | 'b', send: () => Promise<Answer>): Promise<Answer> {
    // The key of the token sent (JWT-only calls) or minted (the token endpoint).
    let kid = this.jwt ? kidOf(this.jwt) : ''
    const start = performance.now()
    const answer = await send()
    if (kind === 'mint') kid = answer.status === 200 ? kidOf(answer.strings[0] ?? '') : ''
    const code = answer.strings.find((value) => /^[a-z]+(_[a-z]+)+$/.test(value))
    this.calls.push({ kind, instance, kid, start, end: start + answer.ms, status: answer.status, code })
    return answer
  }

  async signIn() {
    await a.createUser(this.email, PASSWORD)
    this.sessionId = await signInWithPassword(this.browsers.a, this.email, PASSWORD)
    // Both instances see the same browser: the client cookie goes with it.
    for (const [name, value] of this.browsers.a.cookies) this.browsers.b.cookies.set(name, value)
    if ((await this.mint('a')).status !== 200) throw new Error(`first token ${this.index}`)
  }

  /** POST /api/sessions/:id/tokens with the client cookie, on `instance`. */
  private async mint(instance: 'a' | 'b'): Promise<Answer> {
    const browser = this.browsers[instance]
    const answer = await this.record('mint', instance, () =>
      browser.request(`/api/sessions/${this.sessionId}/tokens`, {
        method: 'POST',
        headers: { origin: browser.publicUrl, 'sec-fetch-site': 'same-origin' },
        only: ['__client'],
      }),
    )
    const jwt = answer.strings[0]
    if (answer.status === 200 && jwt) this.jwt = jwt
    return answer
  }

  async run(deadline: { until: number }) {
    for (let round = 0; performance.now() < deadline.until; round++) {
      // Refreshed on whichever instance the balancer picks: here, alternately by client and round.
      if (expOf(this.jwt) - Date.now() < REFRESH_BELOW_MS) await this.mint((this.index + round) % 2 === 0 ? 'a' : 'b')
      for (const instance of ['a', 'b'] as const) {
        await this.record('jwt', instance, () =>
          this.browsers[instance].request('/api/me', { headers: { authorization: `Bearer ${this.jwt}` }, only: [] }),
        )
      }
      if (round % 2 === 0) {
        const instance = round % 4 === 0 ? 'a' : 'b'
        await this.record('db', instance, () =>
          this.browsers[instance].serverFn('$getClient', undefined, { method: 'GET', only: ['__client'] }),
        )
      }
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS))
    }
  }
}

it('rotates the signing key under load with zero verification failures on two instances', async () => {
  const calls: Call[] = []
  const runners = Array.from({ length: CLIENTS }, (_, index) => new Runner(index, calls))
  for (const runner of runners) await runner.signIn()
  const oldKid = kidOf(runners[0]?.jwt ?? '')
  const before = { a: await jwks(a), b: await jwks(b) }
  calls.length = 0

  const ofKind = (kind: Call['kind']) => calls.filter((call) => call.kind === kind)
  const verified = (instance: 'a' | 'b', kid: string) =>
    ofKind('jwt').filter((call) => call.instance === instance && call.kid === kid && call.status === 200).length

  const started = performance.now()
  // The run lasts RUN_MS, and at least until both instances have verified new-key tokens for 5 s.
  const deadline = { until: started + RUN_MS }
  const rotation = (async () => {
    await new Promise((resolve) => setTimeout(resolve, RUN_MS / 4))
    const at = performance.now()
    // Traffic goes on while the CLI runs (it makes a 3072-bit RSA key: seconds on a busy machine)…
    const learnWithinMs = 20_000
    deadline.until = Math.max(deadline.until, at + (PUBLISH_AHEAD_SECONDS + 30) * 1000)
    // §4.1 as the operator runs it: the CLI on the database; neither server is told.
    const { stdout } = await run(
      path.resolve('node_modules/.bin/tsx'),
      ['scripts/keys.ts', 'rotate', '--publish-ahead', String(PUBLISH_AHEAD_SECONDS)],
      {
        env: {
          ...process.env,
          DATABASE_URL: a.databaseUrl,
          TESSERA_SECRET: a.secret,
          TESSERA_CONFIG: 'test/faults/short-tokens.json',
          LOG_LEVEL: 'silent',
        },
      },
    )
    const done = performance.now()
    const newKid = /Published (\S+)/.exec(stdout)?.[1] ?? ''
    // `signs from` is wall-clock time (the servers compare it with theirs); on the test's timeline:
    const signsFromText = /signs from (\S+)/.exec(stdout)?.[1] ?? ''
    const signsFrom = performance.now() + (Date.parse(signsFromText) - Date.now())
    // …while the servers learn the key from their periodic re-read, before it signs: both publish it.
    const published = await waitFor(
      'both instances publish the new key',
      async () => (await jwks(a)).includes(newKid) && (await jwks(b)).includes(newKid),
      (SIGNING_KEYS_REFRESH_SECONDS + 5) * 1000,
    )
      .then(() => ({ at: performance.now(), a: [] as string[], b: [] as string[] }))
      .catch(() => ({ at: Number.NaN, a: [] as string[], b: [] as string[] }))
    Object.assign(published, { a: await jwks(a), b: await jwks(b) })
    // …through the switch, which both servers make at `signsFrom` by their own clocks, and 5 s after.
    deadline.until = Math.max(deadline.until, signsFrom + learnWithinMs + 5_000)
    const learnedMs = await waitFor(
      'both instances verify tokens of the new key',
      async () => verified('a', newKid) > 0 && verified('b', newKid) > 0,
      Math.max(0, signsFrom - performance.now()) + learnWithinMs,
    ).catch(() => Number.NaN)
    // The overlap: the old key's tokens are still in use and both keys must be published.
    const overlap = { a: await jwks(a), b: await jwks(b) }
    deadline.until = Math.max(started + RUN_MS, performance.now() + 5_000)
    return { at, done, newKid, signsFrom, published, learnedMs, overlap }
  })()
  await Promise.all(runners.map((runner) => runner.run(deadline)))
  const rotated = await rotation
  const newKid = rotated.newKid
  const after = { a: await jwks(a), b: await jwks(b) }
  // The switch as the traffic saw it: the first token of the new key.
  const switchedAt = Math.min(
    ...ofKind('mint')
      .filter((call) => call.status === 200 && call.kid === newKid)
      .map((call) => call.start),
  )

  const byStatus = (kind: Call['kind']) => tally(ofKind(kind).map((call) => call.status))
  // Mints that answered with the new key before its time, or with the old key well after it.
  const earlyNewKey = ofKind('mint').filter((call) => call.kid === newKid && call.end < rotated.signsFrom - 500)
  const lateOldKey = ofKind('mint').filter((call) => call.kid === oldKid && call.start > rotated.signsFrom + 1_000)
  const afterSwitch = (instance: 'a' | 'b', kid: string) =>
    ofKind('jwt').filter((call) => call.instance === instance && call.kid === kid && call.start > switchedAt).length
  const failures = calls.filter((call) => call.status !== 200)
  const jwtMs = ofKind('jwt').map((call) => call.end - call.start)
  const mintMs = ofKind('mint').map((call) => call.end - call.start)
  console.info(
    `[REL-11] ${CLIENTS} clients, ${Math.round((performance.now() - started) / 1000)} s, rotation at ${Math.round((rotated.at - started) / 1000)} s:`,
    JSON.stringify({
      requests: calls.length,
      failures: failures.length,
      failureCodes: tally(failures.map((call) => `${call.kind} ${call.status} ${call.code ?? ''}`)),
      jwt: byStatus('jwt'),
      mint: byStatus('mint'),
      db: byStatus('db'),
      verifiedOldKid: { a: verified('a', oldKid), b: verified('b', oldKid) },
      verifiedNewKid: { a: verified('a', newKid), b: verified('b', newKid) },
      oldKidCallsAfterSwitch: { a: afterSwitch('a', oldKid), b: afterSwitch('b', oldKid) },
      jwtP50Ms: Math.round(percentile(jwtMs, 50)),
      jwtP95Ms: Math.round(percentile(jwtMs, 95)),
      mintP95Ms: Math.round(percentile(mintMs, 95)),
      rotateCliMs: Math.round(rotated.done - rotated.at),
      publishedOnBothAfterMs: Math.round(rotated.published.at - rotated.done),
      signsFromAfterCliMs: Math.round(rotated.signsFrom - rotated.done),
      newKeyFirstSignedAfterSignsFromMs: Math.round(switchedAt - rotated.signsFrom),
      mintsWithNewKeyBeforeSignsFrom: earlyNewKey.length,
      mintsWithOldKeyAfterSignsFrom: lateOldKey.length,
      bothVerifyNewKeyAfterMs: Math.round(rotated.learnedMs),
      jwks: { before, published: { a: rotated.published.a, b: rotated.published.b }, overlap: rotated.overlap, after },
      kids: { old: oldKid, new: newKid },
    }),
  )

  // Enough traffic to mean something, on both instances, before and after the switch.
  expect(ofKind('jwt').length).toBeGreaterThan(CLIENTS * 10)
  expect(newKid).toMatch(/^[A-Za-z0-9_-]+$/)
  expect(newKid).not.toBe(oldKid)
  // 0 verification failures: every JWT-only call, every mint (and every database call) is 200.
  expect(failures).toEqual([])
  // §4.1 steps 1–2: both instances published the new key before it signed; none signed with it
  // before its time, and both had switched to it within a second of it.
  const both = [oldKid, newKid].sort()
  expect(rotated.published.at).toBeLessThan(rotated.signsFrom)
  expect({ a: rotated.published.a, b: rotated.published.b }).toEqual({ a: both, b: both })
  expect(earlyNewKey).toEqual([])
  expect(lateOldKey).toEqual([])
  // Tokens of either key, each seen and verified on both instances; old-key tokens still in use
  // after the switch (the overlap is exercised, not skipped).
  for (const instance of ['a', 'b'] as const) {
    expect(verified(instance, oldKid), `${instance} old`).toBeGreaterThan(0)
    expect(verified(instance, newKid), `${instance} new`).toBeGreaterThan(0)
    expect(afterSwitch(instance, oldKid), `${instance} old after the switch`).toBeGreaterThan(0)
  }
  // JWT-R1: one key before; both published, by both instances, during the overlap.
  expect(before).toEqual({ a: [oldKid], b: [oldKid] })
  expect(rotated.overlap).toEqual({ a: both, b: both })
  expect(after).toEqual({ a: both, b: both })
  // Nobody was signed out by the rotation: every session is still there, active, and alone.
  const ids = runners.map((runner) => runner.sessionId)
  const rows = await a.sql<{ status: string }[]>`select status from sessions where id in ${a.sql(ids)}`
  expect(tally(rows.map((row) => row.status))).toEqual({ active: CLIENTS })
  expect(await checkInvariants(a.sql)).toEqual({})
})
