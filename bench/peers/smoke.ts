/**
 * `npx tsx bench/peers/smoke.ts`: proves the Better Auth peer end to end in a throwaway database
 * (`tessera_peer_smoke` on DATABASE_URL's server, else the local one). Installs the peer if needed,
 * creates and seeds its tables (1 000 users, 10 000 sessions), starts it with the cookie cache off
 * (port 4700) and on (port 4701), makes 5 users on each, checks get-session and sign-in on both,
 * measures get-session with autocannon (5 s, 32 connections) and 20 sequential sign-ins, then stops
 * everything and drops the database. Exits non-zero on any failed check.
 */

import autocannon from 'autocannon'
import { createThrowawayDatabase, dropThrowawayDatabase, LOCAL_POSTGRES_URL } from '../../db/throwaway.ts'
import {
  BETTER_AUTH_VERSION,
  betterAuthUsers,
  installBetterAuth,
  prepareBetterAuth,
  seedBetterAuth,
  startBetterAuth,
} from './better-auth.ts'

const ADMIN_URL = process.env.DATABASE_URL ?? LOCAL_POSTGRES_URL
const DATABASE = 'tessera_peer_smoke'
const SECONDS = 5
const CONNECTIONS = 32

type User = { email: string; password: string; cookie: string }

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`smoke: ${message}`)
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

async function sessionEmail(url: string, cookie: string): Promise<string | undefined> {
  const response = await fetch(`${url}/api/auth/get-session`, { headers: { cookie } })
  check(response.ok, `get-session on ${url} answered ${response.status}`)
  const body = (await response.json()) as { user?: { email?: string } } | null
  return body?.user?.email
}

async function signIn(url: string, user: User): Promise<number> {
  const started = performance.now()
  const response = await fetch(`${url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email: user.email, password: user.password }),
  })
  const body = (await response.json()) as { user?: { email?: string } }
  const elapsed = performance.now() - started
  check(response.ok && body.user?.email === user.email, `sign-in of ${user.email} on ${url}: ${response.status}`)
  check(response.headers.getSetCookie().length > 0, `sign-in on ${url} set no cookie`)
  return elapsed
}

async function load(url: string, users: User[]) {
  let i = 0
  const result = await autocannon({
    url: `${url}/api/auth/get-session`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        setupRequest: (request) => {
          const user = users[i++ % users.length] as User
          return { ...request, headers: { ...request.headers, cookie: user.cookie } }
        },
      },
    ],
  })
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
  }
}

async function main() {
  console.log(`better-auth ${BETTER_AUTH_VERSION}: installing (if needed)`)
  await installBetterAuth()
  const databaseUrl = await createThrowawayDatabase(ADMIN_URL, DATABASE)
  const stops: (() => Promise<void>)[] = []
  try {
    await prepareBetterAuth(databaseUrl)
    await prepareBetterAuth(databaseUrl) // idempotent
    let started = performance.now()
    await seedBetterAuth(databaseUrl, { users: 1000, sessions: 10_000 })
    console.log(`seeded 1000 users / 10000 sessions in ${Math.round(performance.now() - started)} ms`)

    const off = await startBetterAuth({ port: 4700, databaseUrl, cookieCache: false })
    stops.push(off.stop)
    const on = await startBetterAuth({ port: 4701, databaseUrl, cookieCache: true })
    stops.push(on.stop)
    console.log(`started: cache off pid ${off.pid} at ${off.url}, cache on pid ${on.pid} at ${on.url}`)

    started = performance.now()
    const offUsers = await betterAuthUsers(off.url, 5)
    const onUsers = await betterAuthUsers(on.url, 5)
    console.log(`made 5 + 5 users in ${Math.round(performance.now() - started)} ms`)
    check(
      onUsers.every((user) => user.cookie.includes('session_data=')),
      'cache-on sign-in set no session_data cookie',
    )
    check(
      offUsers.every((user) => !user.cookie.includes('session_data=')),
      'cache-off sign-in set a session_data cookie',
    )

    for (const user of [...offUsers, ...onUsers]) {
      for (const server of [off, on]) {
        check((await sessionEmail(server.url, user.cookie)) === user.email, `get-session on ${server.url}`)
      }
    }
    check((await sessionEmail(off.url, 'better-auth.session_token=nope')) === undefined, 'a bad cookie got a session')
    for (const server of [off, on]) await signIn(server.url, offUsers[0] as User)
    console.log('checks passed: get-session on both servers for all 10 cookies, sign-in on both')

    const loadOff = await load(off.url, offUsers)
    const loadOn = await load(on.url, onUsers)
    for (const [name, result] of [
      ['get-session, cookie cache off', loadOff],
      ['get-session, cookie cache on ', loadOn],
    ] as const) {
      console.log(
        `${name}: ${Math.round(result.rps)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors}`,
      )
      check(result.errors === 0, `${name}: ${result.errors} errors`)
    }
    console.log(`cache on ÷ off: ${(loadOn.rps / loadOff.rps).toFixed(2)}`)

    const times: number[] = []
    for (let n = 0; n < 20; n++) times.push(await signIn(off.url, offUsers[n % offUsers.length] as User))
    console.log(
      `sign-in, 20 sequential: median ${median(times).toFixed(1)} ms [${Math.min(...times).toFixed(1)}–${Math.max(...times).toFixed(1)}]`,
    )
  } finally {
    for (const stop of stops.reverse()) await stop()
    await dropThrowawayDatabase(ADMIN_URL, DATABASE)
  }
  console.log('smoke passed')
}

await main()
