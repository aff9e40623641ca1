/**
 * Micro-benchmark: two production builds of the app side by side on real Postgres, to show what a
 * change did to the hot paths (issue 10's targets, as same-round ratios). Not `npm run bench`.
 *
 * Each build gets its own throwaway database and port; every round runs every target on both, the
 * order rotated. Targets: `anon` ($getClient without credentials), `jwt` ($whoAmI with a bearer
 * session JWT), `mint` (POST /api/sessions/:id/tokens with the client token), `dashboard` (SSR of
 * /dashboard with the browser's cookies), `example` (SSR of /examples/dashboard, the ungated twin;
 * skipped where the build has no such page), `signin` (sequential $createSignIn latency, ms), and
 * the server's VmRSS after each round.
 *
 *   npx vite build && cp -r .output /tmp/base-output      # the "before" build (any commit)
 *   … change, npx vite build …                            # the "after" build in .output
 *   BASE_OUTPUT=/tmp/base-output npx tsx bench/micro/app-paths.ts
 *
 * The same build with two settings: BASE_OUTPUT=.output BASE_CONFIG='{}' NEW_CONFIG='{"tokens":{"algorithm":"ES256"}}'.
 *
 * Env: BASE_OUTPUT (omit to run only .output), BASE_CONFIG / NEW_CONFIG (JSON merged into that
 * server's TESSERA_CONFIG), BASE_NODE_ARGS / NEW_NODE_ARGS (node flags for that server), ROUNDS (3), SECONDS (5), CONNECTIONS (32),
 * SIGNINS (15 per round), ONLY (comma list of targets), PORT_BASE (5610), DATABASE_URL.
 */

import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { hash, verify } from '@node-rs/argon2'
import autocannon from 'autocannon'
import { toJSONAsync } from 'seroval'
import { ARGON2_OPTIONS } from '../../app/server/passwords.server.ts'
import { createThrowawayDatabase, dropThrowawayDatabase, LOCAL_POSTGRES_URL } from '../../db/throwaway.ts'

const ROUNDS = Number(process.env.ROUNDS ?? 3)
const SECONDS = Number(process.env.SECONDS ?? 5)
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32)
const SIGNINS = Number(process.env.SIGNINS ?? 15)
const PORT_BASE = Number(process.env.PORT_BASE ?? 5610)
const ONLY = process.env.ONLY?.split(',')
const adminUrl = process.env.DATABASE_URL ?? LOCAL_POSTGRES_URL

const builds: { name: string; output: string }[] = [
  ...(process.env.BASE_OUTPUT ? [{ name: 'base', output: process.env.BASE_OUTPUT }] : []),
  { name: 'new', output: path.resolve('.output') },
]

const children: ChildProcess[] = []
/** Each build's TESSERA_CONFIG: sign-in limits out of the way, plus BASE_CONFIG / NEW_CONFIG (JSON). */
function overridesFor(name: string): string {
  const file = path.join(tmpdir(), `tessera-perf-config-${process.pid}-${name}.json`)
  const extra = JSON.parse(process.env[`${name.toUpperCase()}_CONFIG`] ?? '{}')
  // Sequential sign-ins from one address would hit the sign-in rate limits.
  const rateLimits = {
    sign_in_ip: { limit: 100_000, windowSeconds: 60 },
    sign_in_identifier: { limit: 100_000, windowSeconds: 60 },
  }
  writeFileSync(file, JSON.stringify({ rateLimits, ...extra }))
  return file
}

async function waitFor(url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${url} did not come up`)
}

interface Server {
  name: string
  origin: string
  pid: number
  database: string
  clientToken: string
  sessionJwt: string
  sessionId: string
  email: string
  password: string
  hasExample: boolean
}

async function serverFnPost(origin: string, id: string, data: unknown, headers: Record<string, string> = {}) {
  return fetch(`${origin}/_serverFn/${id}`, {
    method: 'POST',
    headers: { origin, 'x-tsr-serverfn': 'true', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(await toJSONAsync({ data })),
  })
}

async function startServer(name: string, output: string, port: number): Promise<Server> {
  const database = `tessera_perf_bench_${name}`
  const databaseUrl = await createThrowawayDatabase(adminUrl, database)
  const testingToken = randomBytes(32).toString('base64url')
  const origin = `http://127.0.0.1:${port}`
  const nodeArgs = process.env[`${name.toUpperCase()}_NODE_ARGS`]?.split(' ').filter(Boolean) ?? []
  const child = spawn(process.execPath, [...nodeArgs, path.join(output, 'server/index.mjs')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_URL: origin,
      DATABASE_URL: databaseUrl,
      TESSERA_SECRET: randomBytes(32).toString('base64url'),
      TESSERA_TESTING_TOKEN: testingToken,
      TESSERA_CONFIG: overridesFor(name),
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'ignore'],
  })
  children.push(child)
  await waitFor(`${origin}/health/ready`)
  const email = `perf-${name}-${Date.now()}@example.com`
  const password = 'a benchmark passphrase'
  const created = await fetch(`${origin}/api/testing/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${testingToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (created.status !== 201) throw new Error(`${name}: could not create the user: ${created.status}`)
  const signedIn = await serverFnPost(origin, '$createSignIn', { identifier: email, password })
  const cookies = signedIn.headers.getSetCookie().map((cookie) => cookie.split(';')[0] ?? '')
  const clientToken = cookies.find((c) => c.startsWith('__client='))?.slice('__client='.length) ?? ''
  const sessionJwt = cookies.find((c) => c.startsWith('__session='))?.slice('__session='.length) ?? ''
  const sessionId = JSON.parse(Buffer.from(sessionJwt.split('.')[1] ?? '', 'base64url').toString()).sid as string
  const hasExample = (await fetch(`${origin}/examples/dashboard`)).status === 200
  return {
    name,
    origin,
    pid: child.pid ?? 0,
    database,
    clientToken,
    sessionJwt,
    sessionId,
    email,
    password,
    hasExample,
  }
}

/** The process's CPU time so far (user + system), in ms: /proc/<pid>/stat fields 14 and 15, in clock ticks. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
}

const rss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024

let measuredPid = 0

/**
 * Load for SECONDS; besides req/s, the server's own CPU time per request (µs), which the other
 * processes sharing the machine disturb far less than throughput: 1e6 ÷ it is requests per
 * second per core of the app server.
 */
async function load(url: string, options: { method?: 'GET' | 'POST'; headers: Record<string, string> }) {
  const cpuBefore = cpuMs(measuredPid)
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    method: options.method ?? 'GET',
    headers: options.headers,
  })
  const cpuUs = ((cpuMs(measuredPid) - cpuBefore) * 1000) / Math.max(1, result.requests.total)
  return { value: result.requests.average, p99: result.latency.p99, errors: result.non2xx + result.errors, cpuUs }
}

async function freshJwt(server: Server) {
  const response = await fetch(`${server.origin}/api/sessions/${server.sessionId}/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.clientToken}` },
  })
  return ((await response.json()) as { jwt: string }).jwt
}

const argon2Ms: number[] = []

type Target = (server: Server) => Promise<{ value: number; p99: number; errors: number; cpuUs?: number } | null>
const targets: Record<string, Target> = {
  anon: (s) => load(`${s.origin}/_serverFn/$getClient`, { headers: { 'x-tsr-serverfn': 'true' } }),
  jwt: async (s) =>
    load(`${s.origin}/_serverFn/$whoAmI`, {
      headers: { 'x-tsr-serverfn': 'true', authorization: `Bearer ${await freshJwt(s)}` },
    }),
  mint: (s) =>
    load(`${s.origin}/api/sessions/${s.sessionId}/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.clientToken}` },
    }),
  dashboard: async (s) =>
    load(`${s.origin}/dashboard`, {
      headers: { cookie: `__client=${s.clientToken}; __session=${await freshJwt(s)}` },
    }),
  example: async (s) => (s.hasExample ? load(`${s.origin}/examples/dashboard`, { headers: {} }) : null),
  signin: async (s) => {
    const times: number[] = []
    // The hash alone, same parameters, in this process, interleaved: what a sign-in cannot go below.
    const stored = await hash(s.password, ARGON2_OPTIONS)
    const hashTimes: number[] = []
    for (let i = 0; i < SIGNINS; i++) {
      const hashStarted = performance.now()
      await verify(stored, s.password)
      hashTimes.push(performance.now() - hashStarted)
      const started = performance.now()
      const response = await serverFnPost(s.origin, '$createSignIn', { identifier: s.email, password: s.password })
      await response.arrayBuffer()
      if (!response.ok) throw new Error(`${s.name}: sign-in answered ${response.status}`)
      times.push(performance.now() - started)
    }
    argon2Ms.push(median(hashTimes))
    return { value: median(times), p99: Math.max(...times), errors: 0 }
  },
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
const fmt = (values: number[]) =>
  values.length === 0
    ? '–'
    : `${median(values).toFixed(values[0] !== undefined && values[0] < 100 ? 2 : 0)} [${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}]`

async function main() {
  for (const build of builds)
    if (!existsSync(path.join(build.output, 'server/index.mjs'))) throw new Error(`no build in ${build.output}`)
  const servers: Server[] = []
  try {
    for (const [index, build] of builds.entries())
      servers.push(await startServer(build.name, build.output, PORT_BASE + index))
    const names = Object.keys(targets).filter((name) => !ONLY || ONLY.includes(name))
    const results: Record<string, number[]> = {}
    const push = (key: string, value: number) => {
      results[key] ??= []
      results[key].push(value)
    }
    for (const server of servers) push(`${server.name} rss-start MB`, rss(server.pid))
    for (let round = 0; round < ROUNDS; round++) {
      const order = names.map((_, i) => names[(i + round) % names.length] ?? '')
      const inRound: Record<string, number> = {}
      for (const name of order) {
        for (const server of round % 2 === 0 ? servers : [...servers].reverse()) {
          measuredPid = server.pid
          const sample = await targets[name]?.(server)
          if (!sample) continue
          inRound[`${server.name} ${name}`] = sample.value
          push(`${server.name} ${name}`, sample.value)
          if (sample.cpuUs !== undefined) {
            inRound[`${server.name} ${name} cpu`] = sample.cpuUs
            push(`${server.name} ${name} cpu µs/req`, sample.cpuUs)
          }
          console.log(
            `round ${round + 1} ${server.name.padEnd(4)} ${name.padEnd(9)} ${sample.value.toFixed(1)}${name === 'signin' ? ' ms' : ' req/s'}  p99 ${sample.p99}  errors ${sample.errors}${sample.cpuUs === undefined ? '' : `  cpu ${sample.cpuUs.toFixed(0)} µs/req`}`,
          )
        }
      }
      for (const server of servers) {
        const r = (a: string, b: string) => {
          const x = inRound[`${server.name} ${a}`]
          const y = inRound[`${server.name} ${b}`]
          if (x !== undefined && y !== undefined) push(`${server.name} ${a}÷${b}`, x / y)
        }
        r('jwt', 'anon')
        r('dashboard', 'example')
        r('anon cpu', 'jwt cpu')
        r('example cpu', 'dashboard cpu')
        push(`${server.name} rss MB`, rss(server.pid))
      }
      if (servers.length === 2)
        for (const name of names) {
          const a = inRound[`new ${name}`]
          const b = inRound[`base ${name}`]
          if (a !== undefined && b !== undefined) push(`new÷base ${name}`, a / b)
        }
    }
    console.log(`\n${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections; median [min–max]\n`)
    if (argon2Ms.length > 0) results['argon2id verify alone ms'] = argon2Ms
    for (const [key, values] of Object.entries(results)) console.log(`${key.padEnd(28)} ${fmt(values)}`)
  } finally {
    for (const child of children) child.kill('SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 1500))
    for (const server of servers) await dropThrowawayDatabase(adminUrl, server.database).catch(() => undefined)
  }
}

await main()
