/**
 * Better Auth, the peer `npm run bench` measures beside Tessera: installed on its own in
 * `bench/peers/better-auth/` (never by the root `npm ci`), its tables created and seeded on the same
 * Postgres server, its node:http server started and stopped here. Setup as in perf-anchors.md §4.
 *
 * The cookies `betterAuthUsers` returns are signed with this process's secret, which every server
 * started here shares, so any of them validates them. With the cookie cache on, make the users on the
 * cache-on server: only its sign-in sets the `session_data` cookie that lets get-session skip the
 * database (a load generator does not keep the cookie get-session would set).
 */

import { type ChildProcess, spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { accessSync, constants, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import postgres from 'postgres'

const PEER_DIR = join(import.meta.dirname, 'better-auth')
const LOCKFILE = join(PEER_DIR, 'package-lock.json')
const NODE_MODULES = join(PEER_DIR, 'node_modules')
/** Written after a successful `npm ci`: the sha256 of the lockfile it installed. */
const INSTALL_STAMP = join(NODE_MODULES, '.tessera-lock-sha256')

const peerPackage = JSON.parse(readFileSync(join(PEER_DIR, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>
}

export const BETTER_AUTH_VERSION: string = peerPackage.dependencies['better-auth'] ?? 'unknown'

/** One secret for every server this process starts, so a cookie from one is valid on the others. */
const SECRET = process.env.BETTER_AUTH_SECRET ?? randomBytes(32).toString('hex')

function lockfileHash(): string {
  return createHash('sha256').update(readFileSync(LOCKFILE)).digest('hex')
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // npm's output goes to stderr so that the bench's stdout stays its own.
    const child = spawn(command, args, { cwd, stdio: ['ignore', 2, 2] })
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      if (code === 0) resolve()
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}) in ${cwd}`))
    })
  })
}

/** npm ci in bench/peers/better-auth when its node_modules is missing (or stale vs the lockfile). */
export async function installBetterAuth(): Promise<void> {
  const wanted = lockfileHash()
  if (existsSync(INSTALL_STAMP) && readFileSync(INSTALL_STAMP, 'utf8').trim() === wanted) return
  await run('npm', ['ci', '--no-audit', '--no-fund'], PEER_DIR)
  writeFileSync(INSTALL_STAMP, `${wanted}\n`)
}

async function withSql<T>(databaseUrl: string, body: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  try {
    return await body(sql)
  } finally {
    await sql.end({ timeout: 5 })
  }
}

/** Creates Better Auth's tables in `databaseUrl` (runs schema.sql; idempotent). */
export async function prepareBetterAuth(databaseUrl: string): Promise<void> {
  const ddl = readFileSync(join(PEER_DIR, 'schema.sql'), 'utf8')
  await withSql(databaseUrl, async (sql) => {
    await sql.unsafe(ddl)
  })
}

/**
 * Bulk-seeds `users` users (each with a credential account, as a real sign-up makes) and `sessions`
 * sessions (spread over those users, unexpired) with SQL generate_series, for a fair table size.
 * Ids and tokens are 32 characters, like Better Auth's; times are UTC wall times, as its Drizzle
 * schema (`timestamp` without time zone) stores them. Seeding again with larger counts adds the rest.
 */
export async function seedBetterAuth(databaseUrl: string, counts: { users: number; sessions: number }): Promise<void> {
  const users = Math.max(0, Math.floor(counts.users))
  const sessions = Math.max(0, Math.floor(counts.sessions))
  if (sessions > 0 && users === 0) throw new Error('seedBetterAuth: sessions need at least one user')
  await withSql(databaseUrl, async (sql) => {
    await sql`
      insert into "user" (id, name, email, email_verified, created_at, updated_at)
      select md5('seed-user-' || i), 'Seed User ' || i, 'seed-' || i || '@bench.invalid', true,
             now() at time zone 'utc', now() at time zone 'utc'
      from generate_series(1, ${users}::int) as i
      on conflict do nothing`
    await sql`
      insert into account (id, account_id, provider_id, user_id, password, created_at, updated_at)
      select md5('seed-account-' || i), md5('seed-user-' || i), 'credential', md5('seed-user-' || i),
             md5('seed-salt-' || i) || ':' || md5('seed-key-' || i) || md5('seed-key2-' || i),
             now() at time zone 'utc', now() at time zone 'utc'
      from generate_series(1, ${users}::int) as i
      on conflict do nothing`
    await sql`
      insert into session (id, expires_at, token, created_at, updated_at, ip_address, user_agent, user_id)
      select md5('seed-session-' || i), (now() at time zone 'utc') + interval '7 days', md5('seed-token-' || i),
             now() at time zone 'utc', now() at time zone 'utc', '127.0.0.1', 'tessera-bench-seed',
             md5('seed-user-' || (1 + (i - 1) % ${users}::int))
      from generate_series(1, ${sessions}::int) as i
      on conflict do nothing`
    await sql`analyze "user", account, session`
  })
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    if (!dir) return false
    try {
      accessSync(join(dir, command), constants.X_OK)
      return true
    } catch {
      return false
    }
  })
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

/** Spawns server.mjs with plain `process.execPath` on 127.0.0.1:port; resolves once /health answers; stop() sends SIGTERM and waits for exit. */
export async function startBetterAuth(options: {
  port: number
  databaseUrl: string
  cookieCache: boolean
  cpu?: number
}): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const url = `http://127.0.0.1:${options.port}`
  const node = [process.execPath, join(PEER_DIR, 'server.mjs')]
  const [command, ...args] =
    options.cpu !== undefined && onPath('taskset') ? ['taskset', '-c', String(options.cpu), ...node] : node
  const child = spawn(command as string, args, {
    cwd: PEER_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(options.port),
      DATABASE_URL: options.databaseUrl,
      COOKIE_CACHE: options.cookieCache ? 'on' : 'off',
      BETTER_AUTH_SECRET: SECRET,
      BASE_URL: url,
      BETTER_AUTH_TELEMETRY: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  let exitReason: string | undefined
  child.once('exit', (code, signal) => {
    exitReason = signal ?? `exit ${code}`
  })
  child.once('error', (error) => {
    exitReason = error.message
  })

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const done = exited(child)
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await done
    clearTimeout(timer)
  }

  const deadline = Date.now() + 60_000
  while (true) {
    if (exitReason !== undefined) throw new Error(`Better Auth server on port ${options.port} exited: ${exitReason}`)
    const ok = await fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    )
    if (ok) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`Better Auth server on port ${options.port} did not answer /health within 60 s`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  if (child.pid === undefined) throw new Error('Better Auth server has no pid')
  return { url, pid: child.pid, stop }
}

/** `name=value` of every Set-Cookie, joined with '; ' (a Cookie header). */
function cookieHeader(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';', 1)[0]?.trim() ?? '')
    .filter((pair) => pair.includes('=') && !pair.endsWith('='))
    .join('; ')
}

async function postJson(url: string, path: string, body: unknown): Promise<Response> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`)
  return response
}

/**
 * Signs up `count` distinct users through POST /api/auth/sign-up/email, then signs each in through
 * POST /api/auth/sign-in/email, and returns the credentials and the `cookie` header value to send
 * (all Set-Cookie name=value pairs joined with '; '). Emails are unique per call; four at a time.
 */
export async function betterAuthUsers(
  url: string,
  count: number,
): Promise<{ email: string; password: string; cookie: string }[]> {
  const batch = randomBytes(6).toString('hex')
  const users: { email: string; password: string; cookie: string }[] = new Array(count)
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      const email = `ba-${batch}-${i}@bench.example.com`
      const password = `bench-${randomBytes(9).toString('base64url')}`
      const signUp = await postJson(url, '/api/auth/sign-up/email', { email, password, name: `Bench User ${i}` })
      await signUp.arrayBuffer()
      const signIn = await postJson(url, '/api/auth/sign-in/email', { email, password })
      await signIn.arrayBuffer()
      const cookie = cookieHeader(signIn)
      if (!cookie) throw new Error(`sign-in of ${email} set no cookie`)
      users[i] = { email, password, cookie }
    }
  }
  await Promise.all(Array.from({ length: Math.min(4, count) }, worker))
  return users
}
