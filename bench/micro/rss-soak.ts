/**
 * Micro-benchmark: the server's resident memory under sustained mixed load (issue 10: ≤ 300 MB
 * with the Postgres driver). One production server on a throwaway database; 32 connections cycle
 * through the hot paths (JWT server function, client-token server function, token minting, gated
 * /dashboard SSR, /examples/dashboard) in 10 s slices; VmRSS and the req/s of each slice are
 * printed, then first / last / max RSS.
 *
 *   npx vite build && DURATION=120 npx tsx bench/micro/rss-soak.ts     (PORT 5640, DATABASE_URL)
 *   ONLY=dashboard,example (slices: jwt, client, mint, dashboard, example)
 *   SERVER_ARGS=--trace-gc SERVER_LOG=/tmp/gc.log (is it garbage not yet collected, or kept?)
 */

import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { openSync, readFileSync } from 'node:fs'
import autocannon from 'autocannon'
import { toJSONAsync } from 'seroval'
import { createThrowawayDatabase, dropThrowawayDatabase, LOCAL_POSTGRES_URL } from '../../db/throwaway.ts'

const DURATION = Number(process.env.DURATION ?? 120)
const PORT = Number(process.env.PORT ?? 5640)
const adminUrl = process.env.DATABASE_URL ?? LOCAL_POSTGRES_URL
const database = 'tessera_perf_rss'
const origin = `http://127.0.0.1:${PORT}`

const rss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024

const url = await createThrowawayDatabase(adminUrl, database)
const testingToken = randomBytes(32).toString('base64url')
// SERVER_ARGS: extra node flags for the server (e.g. --trace-gc, with SERVER_LOG=file for its output).
const serverArgs = process.env.SERVER_ARGS?.split(' ').filter(Boolean) ?? []
const serverLog = process.env.SERVER_LOG ? openSync(process.env.SERVER_LOG, 'w') : 'ignore'
const only = process.env.ONLY?.split(',')
const child = spawn(process.execPath, [...serverArgs, '.output/server/index.mjs'], {
  env: {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(PORT),
    HOST: '127.0.0.1',
    APP_URL: origin,
    DATABASE_URL: url,
    TESSERA_SECRET: randomBytes(32).toString('base64url'),
    TESSERA_TESTING_TOKEN: testingToken,
    LOG_LEVEL: 'error',
  },
  stdio: ['ignore', serverLog, serverLog],
})
try {
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(`${origin}/health/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  const user = { email: 'rss@example.com', password: 'a benchmark passphrase' }
  await fetch(`${origin}/api/testing/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${testingToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(user),
  })
  const signedIn = await fetch(`${origin}/_serverFn/$createSignIn`, {
    method: 'POST',
    headers: { origin, 'x-tsr-serverfn': 'true', 'content-type': 'application/json' },
    body: JSON.stringify(await toJSONAsync({ data: { identifier: user.email, password: user.password } })),
  })
  const cookies = signedIn.headers.getSetCookie().map((cookie) => cookie.split(';')[0] ?? '')
  const client = cookies.find((c) => c.startsWith('__client='))?.slice('__client='.length) ?? ''
  const sessionJwt = cookies.find((c) => c.startsWith('__session='))?.slice('__session='.length) ?? ''
  const sessionId = JSON.parse(Buffer.from(sessionJwt.split('.')[1] ?? '', 'base64url').toString()).sid as string
  const mintUrl = `${origin}/api/sessions/${sessionId}/tokens`
  const jwt = async () =>
    (
      (await (await fetch(mintUrl, { method: 'POST', headers: { authorization: `Bearer ${client}` } })).json()) as {
        jwt: string
      }
    ).jwt
  const all = {
    jwt: async () => ({
      url: `${origin}/_serverFn/$whoAmI`,
      headers: { 'x-tsr-serverfn': 'true', authorization: `Bearer ${await jwt()}` },
    }),
    client: async () => ({
      url: `${origin}/_serverFn/$whoAmI`,
      headers: { 'x-tsr-serverfn': 'true', cookie: `__client=${client}` },
    }),
    mint: async () => ({ url: mintUrl, method: 'POST' as const, headers: { authorization: `Bearer ${client}` } }),
    dashboard: async () => ({
      url: `${origin}/dashboard`,
      headers: { cookie: `__client=${client}; __session=${await jwt()}` },
    }),
    example: async () => ({ url: `${origin}/examples/dashboard`, headers: {} }),
  }
  const slices = Object.entries(all)
    .filter(([name]) => !only || only.includes(name))
    .map(([, make]) => make)
  const samples: number[] = [rss(child.pid ?? 0)]
  console.log(`start: ${samples[0]?.toFixed(0)} MB`)
  const until = Date.now() + DURATION * 1000
  for (let slice = 0; Date.now() < until; slice++) {
    const make = slices[slice % slices.length]
    if (!make) break
    const options = await make()
    const result = await autocannon({ ...options, connections: 32, duration: 10 })
    samples.push(rss(child.pid ?? 0))
    console.log(
      `${String(slice + 1).padStart(3)}  ${new URL(options.url).pathname.slice(0, 40).padEnd(40)} ${Math.round(result.requests.average)} req/s  RSS ${samples.at(-1)?.toFixed(0)} MB`,
    )
  }
  console.log(
    `\nRSS MB: start ${samples[0]?.toFixed(0)}, after first slice ${samples[1]?.toFixed(0)}, last ${samples.at(-1)?.toFixed(0)}, max ${Math.max(...samples).toFixed(0)}`,
  )
} finally {
  child.kill('SIGTERM')
  await new Promise((resolve) => child.on('exit', resolve))
  await dropThrowawayDatabase(adminUrl, database)
}
