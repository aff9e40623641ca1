/**
 * The fault tests' world: the production build on a throwaway Postgres database, reached through a
 * fault proxy, and HTTP clients that behave like a browser (a cookie jar, same-origin headers, an
 * address of their own in X-Forwarded-For).
 */

import { randomBytes } from 'node:crypto'
import { createWriteStream, mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import postgres from 'postgres'
import { createThrowawayDatabase, dropThrowawayDatabase, LOCAL_POSTGRES_URL } from '../../db/throwaway.ts'
import { productionServerEnv, spawnProductionServer } from '../../e2e/support/production-server.ts'
import { encodePayload, sameOriginHeaders } from '../../e2e/support/server-fn.ts'
import { type FaultProxy, startFaultProxy } from './fault-proxy.ts'

/** The Postgres server the throwaway databases live on. */
export const ADMIN_URL = process.env.DATABASE_URL ?? LOCAL_POSTGRES_URL

/** A production server whose database connection runs through `proxy`. */
export interface FaultServer {
  baseUrl: string
  proxy: FaultProxy
  /** SQL on the throwaway database, directly (not through the proxy), for checking invariants. */
  sql: postgres.Sql
  testingToken: string
  /** The server's pid: the same value before and after an outage means it never restarted. */
  pid: number
  /** Whether the server process has exited (it must not, during an outage). */
  exited(): boolean
  /** Creates a user with a verified email address (and a password unless null) through the testing API. */
  createUser(email: string, password: string | null): Promise<{ id: string }>
  /** Stops the server (SIGTERM), the proxy, and drops the database. */
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
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
  const port = await freePort()
  const testingToken = randomBytes(24).toString('base64url')
  const env = productionServerEnv({
    port,
    testingToken,
    extra: { ...options.env, DATABASE_URL: proxy.urlFor(directUrl), LOG_LEVEL: 'info' },
  })
  mkdirSync('.data', { recursive: true })
  const log = createWriteStream(`.data/${databaseName}.log`, { flags: 'w' })
  const server = spawnProductionServer(env)
  server.stdout?.pipe(log)
  server.stderr?.pipe(log)
  const baseUrl = `http://localhost:${port}`
  const sql = postgres(directUrl, { max: 2, onnotice: () => {} })
  const exited = () => server.exitCode !== null || server.signalCode !== null

  const stop = async () => {
    if (!exited()) {
      const gone = new Promise((resolve) => server.once('exit', resolve))
      server.kill('SIGTERM')
      await gone
    }
    await proxy.close()
    await sql.end({ timeout: 5 })
    await dropThrowawayDatabase(ADMIN_URL, databaseName)
  }

  try {
    const path = options.startDown ? '/health/live' : '/health/ready'
    await waitFor(
      `${baseUrl}${path}`,
      async () => {
        if (exited()) throw new Error('the server exited')
        return (await fetch(`${baseUrl}${path}`)).ok
      },
      30_000,
    )
  } catch (error) {
    await stop()
    throw error
  }

  return {
    baseUrl,
    proxy,
    sql,
    testingToken,
    pid: server.pid ?? -1,
    exited,
    async createUser(email, password) {
      const response = await fetch(`${baseUrl}/api/testing/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${testingToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      })
      if (response.status !== 201) throw new Error(`createUser: ${response.status} ${await response.text()}`)
      return (await response.json()) as { id: string }
    },
    stop,
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

/**
 * A browser, as far as the server can tell: it keeps cookies, sends same-origin headers with server
 * functions, and comes from its own address (the server trusts one proxy hop), so per-IP rate
 * limits count it separately.
 */
export class VirtualClient {
  readonly cookies = new Map<string, string>()
  readonly ip: string

  constructor(
    readonly baseUrl: string,
    index: number,
  ) {
    this.ip = `10.77.${(index >> 8) & 255}.${index & 255}`
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
    const response = await fetch(`${this.baseUrl}${path}`, { ...init, headers, redirect: 'manual' })
    const text = await response.text()
    const ms = performance.now() - started
    this.remember(response)
    return { status: response.status, retryAfter: response.headers.get('retry-after'), strings: stringsOf(text), ms }
  }

  /** Calls a server function as Start's browser client encodes it (see e2e/support/server-fn.ts). */
  async serverFn(
    id: string,
    data?: unknown,
    options: { method?: 'GET' | 'POST'; only?: string[] } = {},
  ): Promise<Answer> {
    const headers = sameOriginHeaders(this.baseUrl)
    const payload = await encodePayload(data)
    if (options.method === 'GET') {
      return this.request(`/_serverFn/${id}?payload=${encodeURIComponent(payload)}`, { headers, only: options.only })
    }
    return this.request(`/_serverFn/${id}`, { method: 'POST', headers, body: payload, only: options.only })
  }
}
