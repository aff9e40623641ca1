/**
 * The fault tests' world: the production build on a throwaway Postgres database, reached through a
 * fault proxy, and HTTP clients that behave like a browser (a cookie jar, same-origin headers, an
 * address of their own in X-Forwarded-For).
 */

import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath, pathToFileURL } from 'node:url'
import postgres from 'postgres'
import { createThrowawayDatabase, dropThrowawayDatabase, LOCAL_POSTGRES_URL } from '../../db/throwaway.ts'
import { productionServerEnv, spawnProductionServer } from '../../e2e/support/production-server.ts'
import { encodePayload, sameOriginHeaders } from '../../e2e/support/server-fn.ts'
import { type FaultProxy, startFaultProxy } from './fault-proxy.ts'

/** The Postgres server the throwaway databases live on. */
export const ADMIN_URL = process.env.DATABASE_URL ?? LOCAL_POSTGRES_URL

/**
 * REL-02 (docs/security.md §6.3): the server's RSS grows less than this over a soak, and no single
 * abusive request (a 300 MB body) may cost more.
 */
export const RSS_GROWTH_LIMIT_BYTES = 30 * 1024 * 1024

/** The application_name of the tests' own database connections (not the app's). */
export const TEST_APPLICATION_NAME = 'tessera-fault-test'

/** A production server whose database connection runs through `proxy`. */
export interface FaultServer {
  baseUrl: string
  proxy: FaultProxy
  /** SQL on the throwaway database, directly (not through the proxy), for checking invariants. */
  sql: postgres.Sql
  /** The throwaway database's URL, directly (not through the proxy), for scripts. */
  databaseUrl: string
  /** Its APP_URL: its own origin, or for `another()` the first instance's (both behind one name). */
  publicUrl: string
  testingToken: string
  /** TESSERA_SECRET, shared by every instance: an operator's scripts (`npm run keys`) need it too. */
  secret: string
  /** The file the server's stdout and stderr (its structured log) are written to. */
  logPath: string
  /** The server's pid: the same value before and after an outage means it never restarted. */
  readonly pid: number
  /** Whether the server process has exited (it must not, during an outage). */
  exited(): boolean
  /** Creates a user with a verified email address (and a password unless null) through the testing API. */
  createUser(email: string, password: string | null): Promise<{ id: string }>
  /** Sends `signal` and waits for the process to exit: how long it took, and how it ended. */
  kill(signal: NodeJS.Signals): Promise<{ ms: number; code: number | null; signal: NodeJS.Signals | null }>
  /**
   * Starts the server again (after `kill`) on the same port and database; resolves once ready. `env`
   * replaces what the previous start added to the environment (a new TESSERA_SECRET: a rotation).
   */
  restart(env?: NodeJS.ProcessEnv): Promise<void>
  /**
   * A one-off server process on its own port over this database with `env` added, expected to refuse
   * to start: resolves once it has exited (its exit code and everything it wrote), or after
   * `timeoutMs` with `code: null` and whether it had become ready (it is then stopped).
   */
  runUntilExit(
    env: NodeJS.ProcessEnv,
    timeoutMs: number,
  ): Promise<{ code: number | null; output: string; becameReady: boolean }>
  /**
   * A second server process on its own port sharing this one's database and secret (stopped by
   * `stop`). `env` adds to its environment only (`skewedClockEnv`); with `readyOrLive: 'live'` it
   * resolves once `/health/live` answers, for an instance that is not meant to become ready.
   */
  another(options?: { env?: NodeJS.ProcessEnv; readyOrLive?: 'ready' | 'live' }): Promise<FaultServer>
  /** The process's resident set size in bytes (from /proc; null where unavailable). */
  rss(): number | null
  /** Stops the server (SIGTERM), the proxy, and drops the database (the first instance only). */
  stop(): Promise<void>
}

/** A loopback port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const address = probe.address()
  await new Promise((resolve) => probe.close(resolve))
  if (!address || typeof address === 'string') throw new Error('no free port')
  return address.port
}

/** Polls `check` every 100 ms until it returns true; throws once `timeoutMs` has passed. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = performance.now()
  for (;;) {
    if (await check().catch(() => false)) return performance.now() - started
    if (performance.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

interface Shared {
  databaseName: string
  directUrl: string
  proxy: FaultProxy
  sql: postgres.Sql
  testingToken: string
  secret: string
  env: NodeJS.ProcessEnv
}

/**
 * One server process on `port` over `shared`'s database; `onStop` runs after it has exited. It is
 * started once `/health/ready` answers, or `/health/live` with `liveOnly` (a database down, a clock off).
 */
async function runInstance(
  shared: Shared,
  options: { liveOnly: boolean; onStop: () => Promise<void>; publicUrl?: string; env?: NodeJS.ProcessEnv },
): Promise<FaultServer> {
  const port = await freePort()
  const publicUrl = options.publicUrl ?? `http://localhost:${port}`
  const envOn = (onPort: number, added: NodeJS.ProcessEnv | undefined) =>
    productionServerEnv({
      port: onPort,
      testingToken: shared.testingToken,
      extra: {
        ...shared.env,
        TESSERA_SECRET: shared.secret,
        // Instances behind one load balancer share the public origin (the tokens' issuer, CSRF's origin).
        APP_URL: publicUrl,
        DATABASE_URL: shared.proxy.urlFor(shared.directUrl),
        LOG_LEVEL: 'info',
        ...added,
      },
    })
  let env = envOn(port, options.env)
  mkdirSync('.data', { recursive: true })
  const logPath = `.data/${shared.databaseName}-${port}.log`
  const log = createWriteStream(logPath, { flags: 'a' })
  const baseUrl = `http://localhost:${port}`
  let child: ChildProcess
  const exited = () => child.exitCode !== null || child.signalCode !== null
  const spawnAndWait = async (path: string) => {
    child = spawnProductionServer(env)
    child.stdout?.pipe(log, { end: false })
    child.stderr?.pipe(log, { end: false })
    await waitFor(
      `${baseUrl}${path}`,
      async () => {
        if (exited()) throw new Error('the server exited')
        return (await fetch(`${baseUrl}${path}`)).ok
      },
      30_000,
    )
  }
  const kill = async (signal: NodeJS.Signals) => {
    const started = performance.now()
    if (exited()) return { ms: 0, code: child.exitCode, signal: child.signalCode }
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    child.kill(signal)
    await gone
    return { ms: performance.now() - started, code: child.exitCode, signal: child.signalCode }
  }
  const extra: FaultServer[] = []
  const stop = async () => {
    for (const other of extra) await other.stop()
    await kill('SIGTERM')
    await options.onStop()
  }
  try {
    await spawnAndWait(options.liveOnly ? '/health/live' : '/health/ready')
  } catch (error) {
    await stop()
    throw error
  }
  return {
    baseUrl,
    proxy: shared.proxy,
    sql: shared.sql,
    databaseUrl: shared.directUrl,
    publicUrl,
    testingToken: shared.testingToken,
    secret: shared.secret,
    logPath,
    get pid() {
      return child.pid ?? -1
    },
    exited,
    async createUser(email, password) {
      const response = await fetch(`${baseUrl}/api/testing/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${shared.testingToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      })
      if (response.status !== 201) throw new Error(`createUser: ${response.status} ${await response.text()}`)
      return (await response.json()) as { id: string }
    },
    kill,
    async restart(added) {
      if (!exited()) throw new Error('restart: the server is still running')
      if (added) env = envOn(port, added)
      await spawnAndWait('/health/ready')
    },
    async runUntilExit(added, timeoutMs) {
      const onePort = await freePort()
      const one = spawnProductionServer(envOn(onePort, added))
      let output = ''
      one.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString()
      })
      one.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString()
      })
      const gone = new Promise<number | null>((resolve) => one.once('exit', (code) => resolve(code)))
      const started = performance.now()
      let becameReady = false
      while (one.exitCode === null && one.signalCode === null && performance.now() - started < timeoutMs) {
        const answer = await fetch(`http://localhost:${onePort}/health/ready`).catch(() => null)
        becameReady ||= answer?.ok ?? false
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      if (one.exitCode !== null || one.signalCode !== null) return { code: await gone, output, becameReady }
      one.kill('SIGTERM')
      await gone
      return { code: null, output, becameReady }
    },
    async another(another = {}) {
      const other = await runInstance(shared, {
        liveOnly: another.readyOrLive === 'live',
        onStop: async () => {},
        publicUrl,
        env: another.env,
      })
      extra.push(other)
      return other
    },
    rss() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
        const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1]
        return kb ? Number(kb) * 1024 : null
      } catch {
        return null
      }
    },
    stop,
  }
}

/**
 * Starts the production build (build it first) on a new throwaway database behind a fault proxy.
 * With `startDown`, the proxy refuses connections from the start and this returns as soon as the
 * server answers `/health/live`; otherwise once `/health/ready` says the database is ready. `env`
 * adds to the server's environment (TESSERA_CONFIG, …).
 */
export async function startFaultServer(
  name: string,
  options: { startDown?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<FaultServer> {
  const databaseName = `tessera_fault_${name}_${randomBytes(4).toString('hex')}`
  const directUrl = await createThrowawayDatabase(ADMIN_URL, databaseName)
  const upstream = new URL(directUrl)
  const proxy = await startFaultProxy(
    { host: upstream.hostname, port: Number(upstream.port || 5432) },
    { startDown: options.startDown ?? false },
  )
  // Named, so pg_stat_activity can tell the test's own connections from the app's pool.
  const sql = postgres(directUrl, {
    max: 2,
    onnotice: () => {},
    connection: { application_name: TEST_APPLICATION_NAME },
  })
  const shared: Shared = {
    databaseName,
    directUrl,
    proxy,
    sql,
    testingToken: randomBytes(24).toString('base64url'),
    // One secret for every process on this database (restarts, a second instance), as in a deployment.
    secret: randomBytes(32).toString('base64url'),
    env: options.env ?? {},
  }
  return runInstance(shared, {
    liveOnly: options.startDown ?? false,
    onStop: async () => {
      await proxy.close()
      await sql.end({ timeout: 5 })
      await dropThrowawayDatabase(ADMIN_URL, databaseName)
    },
  })
}

/**
 * The environment of a server whose clock runs `offsetMs` ahead (negative: behind), through the
 * test/support/skewed-clock.mjs preload: production code has no clock hook.
 */
export function skewedClockEnv(offsetMs: number): NodeJS.ProcessEnv {
  const preload = fileURLToPath(new URL('./skewed-clock.mjs', import.meta.url))
  return {
    CLOCK_OFFSET_MS: String(offsetMs),
    NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import=${pathToFileURL(preload).href}`].filter(Boolean).join(' '),
  }
}

/** An answer: its status, Retry-After, every string in its body (enough to find ids and codes). */
export interface Answer {
  status: number
  retryAfter: string | null
  strings: string[]
  ms: number
}

function stringsOf(text: string): string[] {
  const strings: string[] = []
  const walk = (value: unknown) => {
    if (typeof value === 'string') strings.push(value)
    else if (value && typeof value === 'object') for (const item of Object.values(value)) walk(item)
  }
  try {
    walk(JSON.parse(text))
  } catch {
    strings.push(text)
  }
  return strings
}

/** One HTTP request as the client saw it: status 0 means no HTTP answer (refused, reset). */
export interface RequestRecord {
  path: string
  start: number
  end: number
  status: number
  error?: string
}

/**
 * A browser, as far as the server can tell: it keeps cookies, sends same-origin headers with server
 * functions, and comes from its own address (the server trusts one proxy hop), so per-IP rate
 * limits count it separately.
 */
export class VirtualClient {
  /** Sees every request any client makes (REL-09 checks each one begun before SIGTERM). */
  static observer: ((record: RequestRecord) => void) | null = null
  readonly cookies = new Map<string, string>()
  readonly ip: string

  /** The app's public origin (APP_URL): what a browser's Origin header names; baseUrl unless behind a balancer. */
  publicUrl: string

  constructor(
    readonly baseUrl: string,
    index: number,
  ) {
    this.publicUrl = baseUrl
    this.ip = `10.77.${(index >> 8) & 255}.${index & 255}`
  }

  /** The same browser (cookies, address) pointed at another instance behind the same origin. */
  at(server: FaultServer): VirtualClient {
    const moved = new VirtualClient(server.baseUrl, 0)
    Object.defineProperty(moved, 'ip', { value: this.ip })
    moved.publicUrl = server.publicUrl
    for (const [name, value] of this.cookies) moved.cookies.set(name, value)
    return moved
  }

  private remember(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';')
      const at = pair.indexOf('=')
      const name = pair.slice(0, at).trim()
      const value = pair.slice(at + 1).trim()
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute)) || value === ''
      if (expired) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  /** A request with this client's cookies (`only`: just those named) and address. */
  async request(path: string, init: RequestInit & { only?: string[] } = {}): Promise<Answer> {
    const cookies = [...this.cookies].filter(([name]) => !init.only || init.only.includes(name))
    const headers = new Headers(init.headers)
    headers.set('x-forwarded-for', this.ip)
    if (cookies.length > 0) headers.set('cookie', cookies.map(([name, value]) => `${name}=${value}`).join('; '))
    const started = performance.now()
    try {
      const response = await fetch(`${this.baseUrl}${path}`, { ...init, headers, redirect: 'manual' })
      const text = await response.text()
      const ms = performance.now() - started
      this.remember(response)
      VirtualClient.observer?.({ path, start: started, end: started + ms, status: response.status })
      return { status: response.status, retryAfter: response.headers.get('retry-after'), strings: stringsOf(text), ms }
    } catch (error) {
      const cause = String((error as Error).cause ?? error)
      VirtualClient.observer?.({ path, start: started, end: performance.now(), status: 0, error: cause })
      throw error
    }
  }

  /** Calls a server function as Start's browser client encodes it (see e2e/support/server-fn.ts). */
  async serverFn(
    id: string,
    data?: unknown,
    options: { method?: 'GET' | 'POST'; only?: string[] } = {},
  ): Promise<Answer> {
    const headers = sameOriginHeaders(this.publicUrl)
    const payload = await encodePayload(data)
    if (options.method === 'GET') {
      return this.request(`/_serverFn/${id}?payload=${encodeURIComponent(payload)}`, { headers, only: options.only })
    }
    return this.request(`/_serverFn/${id}`, { method: 'POST', headers, body: payload, only: options.only })
  }
}

/** Signs `browser` in with a password through the server functions; returns the new session's id. */
export async function signInWithPassword(browser: VirtualClient, email: string, password: string): Promise<string> {
  const answer = await browser.serverFn('$createSignIn', { identifier: email, password })
  const sessionId = answer.strings.find((value) => value.startsWith('sess_'))
  if (answer.status !== 200 || !sessionId)
    throw new Error(`sign-in ${email}: ${answer.status} ${answer.strings.join(' ')}`)
  return sessionId
}

/** The latest six-digit code emailed to `email`, from the testing API's outbox (null if none). */
export async function latestEmailCode(server: FaultServer, email: string): Promise<string | null> {
  const response = await fetch(`${server.baseUrl}/api/testing/outbox?to=${encodeURIComponent(email)}`, {
    headers: { authorization: `Bearer ${server.testingToken}` },
  })
  if (response.status !== 200) throw new Error(`outbox: ${response.status}`)
  const messages = (await response.json()) as { body: string }[]
  return messages[0]?.body.match(/\b(\d{6})\b/)?.[1] ?? null
}

/** The app's connections to its database, by state (the tests' own connections left out). */
export async function appConnections(server: FaultServer): Promise<Record<string, number>> {
  const rows = await server.sql<{ state: string | null; count: number }[]>`
    select coalesce(state, 'unknown') as state, count(*)::int as count from pg_stat_activity
    where datname = current_database() and application_name <> ${TEST_APPLICATION_NAME} and backend_type = 'client backend'
    group by 1`
  return Object.fromEntries(rows.map((row) => [row.state, row.count]))
}

/** The p-th percentile (0–100) of `values`, NaN when empty. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

/** Counts of each value. */
export function tally(values: (string | number)[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1
  return counts
}
