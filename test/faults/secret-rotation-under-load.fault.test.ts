/**
 * Rotating TESSERA_SECRET on two instances under load (issue 20, ADR 025): zero failed requests.
 *
 * Instance A runs on the old secret and serves traffic. Instance B starts with the new secret and
 * the old one in TESSERA_SECRET_PREVIOUS, re-seals what is stored (the signing key among it) and
 * joins the balancer; the load now goes to both for longer than a periodic key re-read
 * (SIGNING_KEYS_REFRESH_SECONDS), so A re-reads the signing key B has re-sealed under a secret A
 * does not know. Then A is taken out of the balancer (its requests under way finish), restarted
 * with the new secret and the previous one, and put back. Virtual clients, each with a user of its
 * own, keep fetching the JWKS, minting session tokens, reading their client and signing in anew,
 * on whichever instance the balancer gives them, the whole time.
 *
 * Pass: every request answers 2xx; both instances publish the same key throughout; afterwards the
 * signing key is sealed under the new secret only.
 *
 * Knobs (environment): FAULT_CLIENTS (default 8).
 *
 * Needs the production build (`npx vite build`) and a Postgres server: DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres.
 */

import { afterAll, beforeAll, expect, it } from 'vitest'
import { SIGNING_KEYS_REFRESH_SECONDS } from '../../app/session/policy.ts'
import { type Answer, type FaultServer, startFaultServer, tally, VirtualClient } from '../support/fault-server.ts'
import { newSecret, openWith } from '../support/sealed.ts'

const CLIENTS = Number(process.env.FAULT_CLIENTS ?? 8)
const PASSWORD = 'rotating secrets horse battery staple'
// A new sign-in every this many rounds (the per-identifier limit allows 20 per 10 minutes).
const SIGN_IN_EVERY_ROUNDS = 12
const PAUSE_MS = 200
// Both instances serve at least one periodic key re-read long, so A re-reads the re-sealed key.
const BOTH_SERVE_MS = (SIGNING_KEYS_REFRESH_SECONDS + 8) * 1000

interface Call {
  what: string
  instance: 'a' | 'b'
  status: number
  code: string | undefined
  at: number
}

let a: FaultServer
let b: FaultServer
let old: string
const fresh = newSecret()

beforeAll(async () => {
  a = await startFaultServer('secret_load')
  old = a.secret
})

afterAll(async () => {
  await a?.stop()
})

/** The balancer: instances in service, and the requests each has under way. */
class Balancer {
  readonly inService: { name: 'a' | 'b'; server: FaultServer }[] = []
  readonly underWay = { a: 0, b: 0 }
  private next = 0

  pick() {
    const chosen = this.inService[this.next++ % this.inService.length]
    if (!chosen) throw new Error('no instance in service')
    return chosen
  }

  /** Out of service, once the requests it has under way have finished. */
  async drain(name: 'a' | 'b') {
    const at = this.inService.findIndex((entry) => entry.name === name)
    if (at >= 0) this.inService.splice(at, 1)
    while (this.underWay[name] > 0) await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const codeOf = (strings: string[]) => strings.find((value) => /^[a-z]+(_[a-z]+)+$/.test(value))

class Runner {
  /** The browser's cookie jar: it goes to whichever instance the balancer picks. */
  private cookies = new Map<string, string>()
  readonly email: string
  sessionId = ''

  constructor(
    readonly index: number,
    readonly balancer: Balancer,
    readonly calls: Call[],
  ) {
    this.email = `secret-load-${index}@example.com`
  }

  /** One request through the balancer, from this browser (its cookies, its address). */
  private async call(what: string, send: (browser: VirtualClient) => Promise<Answer>) {
    const { name, server } = this.balancer.pick()
    const browser = new VirtualClient(server.baseUrl, this.index + 1)
    browser.publicUrl = server.publicUrl
    for (const [cookie, value] of this.cookies) browser.cookies.set(cookie, value)
    this.balancer.underWay[name] += 1
    let answer: Answer
    try {
      answer = await send(browser)
    } catch (error) {
      answer = { status: 0, retryAfter: null, strings: [String((error as Error).cause ?? error)], ms: 0 }
    } finally {
      this.balancer.underWay[name] -= 1
    }
    this.cookies = new Map(browser.cookies)
    this.calls.push({
      what,
      instance: name,
      status: answer.status,
      code: codeOf(answer.strings),
      at: performance.now(),
    })
    return answer
  }

  async signIn() {
    // A new browser: nothing of the last session's cookies.
    this.cookies.clear()
    await this.call('sign-in', async (browser) => {
      const answer = await browser.serverFn('$createSignIn', { identifier: this.email, password: PASSWORD })
      const sessionId = answer.strings.find((value) => value.startsWith('sess_'))
      if (answer.status === 200 && sessionId) this.sessionId = sessionId
      return answer
    })
  }

  async run(until: () => boolean) {
    for (let round = 1; !until(); round++) {
      await this.call('jwks', (browser) => browser.request('/.well-known/jwks.json', { only: [] }))
      await this.call('mint', (browser) =>
        browser.request(`/api/sessions/${this.sessionId}/tokens`, {
          method: 'POST',
          headers: { origin: browser.publicUrl, 'sec-fetch-site': 'same-origin' },
          only: ['__client'],
        }),
      )
      await this.call('client', (browser) =>
        browser.serverFn('$getClient', undefined, { method: 'GET', only: ['__client'] }),
      )
      if (round % SIGN_IN_EVERY_ROUNDS === 0) await this.signIn()
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS))
    }
  }
}

async function kids(server: FaultServer): Promise<string[]> {
  const body = (await (await fetch(`${server.baseUrl}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }
  return body.keys.map((key) => key.kid).sort()
}

it('rotates TESSERA_SECRET across two instances under load without a failed request', async () => {
  const balancer = new Balancer()
  balancer.inService.push({ name: 'a', server: a })
  const calls: Call[] = []
  const runners = Array.from({ length: CLIENTS }, (_, index) => new Runner(index, balancer, calls))
  for (const runner of runners) {
    await a.createUser(runner.email, PASSWORD)
    await runner.signIn()
  }
  expect(tally(calls.map((call) => call.status))).toEqual({ 200: CLIENTS })
  const [before] = await a.sql<{ kid: string; sealed: string }[]>`
    select kid, private_key_encrypted as sealed from signing_keys where status = 'active'`
  const kidsBefore = await kids(a)

  let done = false
  const load = Promise.all(runners.map((runner) => runner.run(() => done)))
  const timeline: Record<string, number> = {}
  const started = performance.now()
  const mark = (what: string) => {
    timeline[what] = Math.round(performance.now() - started)
  }
  try {
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    // B: the new secret, the old one as previous. It re-seals at start-up, then takes traffic.
    mark('bStarting')
    b = await a.another({ env: { TESSERA_SECRET: fresh, TESSERA_SECRET_PREVIOUS: old } })
    mark('bReady')
    balancer.inService.push({ name: 'b', server: b })
    await new Promise((resolve) => setTimeout(resolve, BOTH_SERVE_MS))
    // A: out of the balancer, restarted with the new secret and the previous one, back in.
    await balancer.drain('a')
    mark('aDrained')
    await a.kill('SIGTERM')
    await a.restart({ TESSERA_SECRET: fresh, TESSERA_SECRET_PREVIOUS: old })
    mark('aRestarted')
    balancer.inService.push({ name: 'a', server: a })
    await new Promise((resolve) => setTimeout(resolve, 5_000))
  } finally {
    done = true
    await load
  }
  mark('end')

  const failures = calls.filter((call) => call.status < 200 || call.status > 299)
  const byInstance = (instance: 'a' | 'b') => calls.filter((call) => call.instance === instance).length
  console.info(
    `[secret rotation] ${CLIENTS} clients:`,
    JSON.stringify({
      requests: calls.length,
      onA: byInstance('a'),
      onB: byInstance('b'),
      failures: failures.length,
      failureCodes: tally(failures.map((call) => `${call.instance} ${call.what} ${call.status} ${call.code ?? ''}`)),
      byWhat: tally(calls.map((call) => `${call.what} ${call.status}`)),
      timeline,
    }),
  )

  // Enough traffic on both instances, before and after B's re-seal and A's key re-read.
  expect(byInstance('b')).toBeGreaterThan(CLIENTS * 20)
  expect(
    calls.filter(
      (call) =>
        call.instance === 'a' && call.at - started > (timeline.bReady ?? 0) + SIGNING_KEYS_REFRESH_SECONDS * 1000,
    ).length,
  ).toBeGreaterThan(CLIENTS)
  expect(failures).toEqual([])
  expect(await kids(a)).toEqual(kidsBefore)
  expect(await kids(b)).toEqual(kidsBefore)

  // The same key, re-sealed: under the new secret only.
  const [after] = await a.sql<{ kid: string; sealed: string }[]>`
    select kid, private_key_encrypted as sealed from signing_keys where status = 'active'`
  expect(after?.kid).toBe(before?.kid)
  expect(after?.sealed).not.toBe(before?.sealed)
  const plaintext = await openWith(old, 'signing-key-encryption', before?.sealed ?? '')
  expect(plaintext).not.toBeNull()
  expect(await openWith(fresh, 'signing-key-encryption', after?.sealed ?? '')).toBe(plaintext)
  expect(await openWith(old, 'signing-key-encryption', after?.sealed ?? '')).toBeNull()
})
