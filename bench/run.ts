/**
 * `npm run bench`: the session-token paths of the production build, on real Postgres, measured
 * side by side with a bare node:http server that only verifies the same JWT with jose.
 *
 * Targets (each round runs all of them, in a rotated order; numbers are medians with [min–max]):
 * - bare-jwt       node:http + jose jwtVerify against our JWKS: the ceiling for the JWT path
 * - app-anonymous  an unauthenticated server function (`$getClient` without credentials): the
 *                  framework's own ceiling for a server function
 * - app-jwt        a server function authenticated by `Authorization: Bearer <session JWT>`
 * - app-fallback   the same function with only the client cookie: one lookup, and a mint
 * - mint           POST /api/sessions/:id/tokens: session row read, activity, RS256 signature
 *
 * Environment: DATABASE_URL (else the local server), BENCH_ROUNDS (3), BENCH_SECONDS (5),
 * BENCH_CONNECTIONS (32). The server and the load generator share the machine's cores.
 */

import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import autocannon from 'autocannon'
import { toJSONAsync } from 'seroval'
import { createThrowawayDatabase, dropThrowawayDatabase, LOCAL_POSTGRES_URL } from '../db/throwaway.ts'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32)
const APP_PORT = 4500
const BARE_PORT = 4501
const APP = `http://localhost:${APP_PORT}`
const DATABASE = 'tessera_bench'

const children: ChildProcess[] = []

async function waitFor(url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    )
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${url} did not come up`)
}

function start(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] })
  children.push(child)
  return child
}

async function serverFnPost(id: string, data: unknown, headers: Record<string, string> = {}) {
  return fetch(`${APP}/_serverFn/${id}`, {
    method: 'POST',
    headers: { origin: APP, 'x-tsr-serverfn': 'true', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(await toJSONAsync({ data })),
  })
}

interface Sample {
  requests: number
  p50: number
  p99: number
  errors: number
}

async function load(
  url: string,
  options: { method?: 'GET' | 'POST'; headers: Record<string, string> },
): Promise<Sample> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    method: options.method ?? 'GET',
    headers: options.headers,
  })
  return {
    requests: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
const range = (values: number[]) => `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))}`

async function main() {
  if (!existsSync('.output/server/index.mjs')) throw new Error('Build first: npm run build')
  const adminUrl = process.env.DATABASE_URL ?? LOCAL_POSTGRES_URL
  const databaseUrl = await createThrowawayDatabase(adminUrl, DATABASE)
  const testingToken = randomBytes(32).toString('base64url')
  try {
    start(process.execPath, ['.output/server/index.mjs'], {
      NODE_ENV: 'production',
      PORT: String(APP_PORT),
      HOST: '127.0.0.1',
      APP_URL: APP,
      DATABASE_URL: databaseUrl,
      TESSERA_SECRET: randomBytes(32).toString('base64url'),
      TESSERA_TESTING_TOKEN: testingToken,
      LOG_LEVEL: 'error',
    })
    await waitFor(`${APP}/health/ready`)

    const user = { email: `bench-${Date.now()}@example.com`, password: 'a benchmark passphrase' }
    const created = await fetch(`${APP}/api/testing/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testingToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(user),
    })
    if (created.status !== 201) throw new Error(`could not create the bench user: ${created.status}`)
    const signedIn = await serverFnPost('$createSignIn', { identifier: user.email, password: user.password })
    const cookies = signedIn.headers.getSetCookie().map((cookie) => cookie.split(';')[0] ?? '')
    const clientToken = cookies.find((cookie) => cookie.startsWith('__client='))?.slice('__client='.length) ?? ''
    const sessionJwt = cookies.find((cookie) => cookie.startsWith('__session='))?.slice('__session='.length) ?? ''
    const sessionId = JSON.parse(Buffer.from(sessionJwt.split('.')[1] ?? '', 'base64url').toString()).sid as string
    const mintUrl = `${APP}/api/sessions/${sessionId}/tokens`
    const freshJwt = async () => {
      const response = await fetch(mintUrl, { method: 'POST', headers: { authorization: `Bearer ${clientToken}` } })
      return ((await response.json()) as { jwt: string }).jwt
    }

    start(process.execPath, ['--import', 'tsx', 'bench/bare-verify-server.ts'], {
      PORT: String(BARE_PORT),
      JWKS_URL: `${APP}/.well-known/jwks.json`,
      ISSUER: APP,
    })
    await waitFor(`http://localhost:${BARE_PORT}/health`)

    const targets: Record<string, (jwt: string) => Promise<Sample>> = {
      'bare-jwt': (jwt) => load(`http://localhost:${BARE_PORT}/`, { headers: { authorization: `Bearer ${jwt}` } }),
      'app-anonymous': () => load(`${APP}/_serverFn/$getClient`, { headers: { 'x-tsr-serverfn': 'true' } }),
      'app-jwt': (jwt) =>
        load(`${APP}/_serverFn/$whoAmI`, { headers: { 'x-tsr-serverfn': 'true', authorization: `Bearer ${jwt}` } }),
      'app-fallback': () =>
        load(`${APP}/_serverFn/$whoAmI`, { headers: { 'x-tsr-serverfn': 'true', cookie: `__client=${clientToken}` } }),
      mint: () => load(mintUrl, { method: 'POST', headers: { authorization: `Bearer ${clientToken}` } }),
    }
    const names = Object.keys(targets)
    const samples: Record<string, Sample[]> = Object.fromEntries(names.map((name) => [name, []]))
    const ratios: number[] = []
    const authCost: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const order = names.map((_, index) => names[(index + round) % names.length] ?? '')
      const inRound: Record<string, Sample> = {}
      for (const name of order) {
        const sample = await targets[name]?.(await freshJwt())
        if (!sample) continue
        inRound[name] = sample
        samples[name]?.push(sample)
        console.log(
          `round ${round + 1}  ${name.padEnd(13)} ${Math.round(sample.requests)} req/s  p50 ${sample.p50} ms  p99 ${sample.p99} ms  errors ${sample.errors}`,
        )
      }
      const jwt = inRound['app-jwt']
      if (jwt && inRound['bare-jwt']) ratios.push(jwt.requests / inRound['bare-jwt'].requests)
      if (jwt && inRound['app-anonymous']) authCost.push(jwt.requests / inRound['app-anonymous'].requests)
    }

    console.log(`\n${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections (medians [min–max])\n`)
    console.log('| target | req/s | p50 ms | p99 ms | errors |')
    console.log('| --- | --- | --- | --- | --- |')
    for (const name of names) {
      const list = samples[name] ?? []
      const requests = list.map((sample) => sample.requests)
      console.log(
        `| ${name} | ${Math.round(median(requests))} [${range(requests)}] | ${median(list.map((s) => s.p50))} | ${median(list.map((s) => s.p99))} | ${list.reduce((sum, s) => sum + s.errors, 0)} |`,
      )
    }
    const show = (values: number[]) =>
      `${median(values).toFixed(2)} [${values.map((value) => value.toFixed(2)).join(', ')}]`
    console.log(`\napp-jwt ÷ bare-jwt, same round: ${show(ratios)} (the tokens issue's target: ≥ 0.80)`)
    console.log(`app-jwt ÷ app-anonymous, same round: ${show(authCost)} (the performance issue's target: ≥ 0.90)`)
  } finally {
    for (const child of children) child.kill('SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 1500))
    await dropThrowawayDatabase(adminUrl, DATABASE)
  }
}

await main()
