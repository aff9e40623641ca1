/**
 * `npm run bench -- compare`: two or more production builds of the app side by side in ONE run,
 * beside the framework-only reference (bench/framework/), on the paths every page and call pays
 * (issue 23, item 3). A change's effect is read between builds measured in the same rounds, so
 * what else the machine runs weighs on both alike; server CPU µs per request is the steadier figure.
 *
 * BENCH_BUILDS=before=.data/perf-builds/0-baseline,after=.output names the builds (label=directory
 * holding `server/index.mjs`; a build is a copy of `.output` taken after `vite build`). Each build
 * runs as its own server on the same database, with the same secret; JWTs are minted per server
 * (the issuer is the server's origin). BENCH_ROUNDS, BENCH_SECONDS, BENCH_WARMUP_SECONDS,
 * BENCH_CONNECTIONS, BENCH_PORT and BENCH_DATABASE apply as in the full run.
 */

import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createThrowawayDatabase, dropThrowawayDatabase } from '../db/throwaway.ts'
import { createTestUser, mintJwt, signIn } from './app-client.ts'
import { ensureFrameworkBuild } from './build.ts'
import { settings as S } from './config.ts'
import { LoadGenerator, type LoadResult } from './load.ts'
import { LOAD_CPU, type Server, startApp, startFramework, stopAll } from './servers.ts'
import { median } from './stats.ts'
import { fnGetHeaders, get } from './targets.ts'

const log = (message: string) => console.log(`bench compare: ${message}`)
const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')

interface Build {
  label: string
  entry: string
}

function buildsFromEnv(): Build[] {
  const raw = process.env.BENCH_BUILDS ?? 'current=.output'
  return raw.split(',').map((pair) => {
    const [label, dir] = pair.split('=')
    if (!label || !dir) throw new Error(`BENCH_BUILDS: expected label=directory, got ${pair}`)
    const entry = path.join(dir, 'server/index.mjs')
    if (!existsSync(entry)) throw new Error(`BENCH_BUILDS: ${entry} is missing`)
    return { label, entry }
  })
}

/** The app's paths, each with the framework's equivalent (or, for the gated page, its ungated twin). */
const APP_TARGETS = [
  { key: 'fn-anon', label: '$getClient, signed out', path: '/_serverFn/$getClient', fn: true, versus: 'fw-ping' },
  { key: 'health-live', label: 'GET /health/live', path: '/health/live', fn: false, versus: 'fw-ping' },
  { key: 'ssr-anon', label: 'SSR /sign-in, signed out', path: '/sign-in', fn: false, versus: 'fw-home' },
  {
    key: 'ssr-ungated',
    label: 'SSR /examples/dashboard',
    path: '/examples/dashboard',
    fn: false,
    versus: 'fw-list',
  },
  { key: 'ssr-gated', label: 'SSR /dashboard, signed in', path: '/dashboard', fn: false, versus: 'ssr-ungated' },
] as const
const FRAMEWORK_TARGETS = [
  { key: 'fw-ping', label: 'framework: $ping', path: '/_serverFn/$ping', fn: true },
  { key: 'fw-home', label: 'framework: /', path: '/', fn: false },
  { key: 'fw-list', label: 'framework: /list (~150 elements)', path: '/list', fn: false },
] as const

interface Sample {
  server: string
  target: string
  round: number
  result: LoadResult
}

async function main() {
  const builds = buildsFromEnv()
  const pinned = S.pin && os.cpus().length >= 2
  const loadavgAtStart = loadavg()
  const startedAt = new Date()
  ensureFrameworkBuild(S.build)
  const database = `${S.database}_compare`
  const databaseUrl = await createThrowawayDatabase(S.adminUrl, database)
  const secret = randomBytes(32).toString('base64url')
  const testingToken = randomBytes(32).toString('base64url')
  const configFile = path.join(os.tmpdir(), `tessera-bench-compare-${process.pid}.json`)
  writeFileSync(configFile, JSON.stringify({}))
  const load = new LoadGenerator(pinned ? LOAD_CPU : null)
  const servers: Record<string, Server> = {}
  try {
    // One after the other: the first start migrates the database.
    for (const [index, build] of builds.entries()) {
      servers[build.label] = await startApp({
        entry: build.entry,
        name: `tessera-${build.label}`,
        port: S.ports.app + 20 + index,
        databaseUrl,
        secret,
        testingToken,
        configFile,
        pin: pinned,
      })
    }
    servers.framework = await startFramework({ port: S.ports.framework, pin: pinned })
    const first = servers[builds[0]?.label ?? ''] as Server
    const user = { email: `compare-${Date.now()}@example.com`, password: 'a benchmark passphrase 2026' }
    await createTestUser(first.url, testingToken, { ...user, firstName: 'Ada' })
    const signedIn = await signIn(first.url, user.email, user.password)
    log(
      `builds ${builds.map((b) => `${b.label}=${b.entry}`).join(', ')}; load generator ${load.generator}; ${pinned ? 'pinned' : 'unpinned'}; load average ${loadavgAtStart}`,
    )

    type Job = { server: string; target: string; spec: () => Promise<ReturnType<typeof get>> }
    const jobs: Job[] = []
    const C = S.connections
    const fw = servers.framework as Server
    for (const target of FRAMEWORK_TARGETS) {
      jobs.push({
        server: 'framework',
        target: target.key,
        spec: async () =>
          get(`${fw.url}${target.path}`, [{ headers: target.fn ? fnGetHeaders(fw.url) : {} }], C, S.seconds),
      })
    }
    for (const target of APP_TARGETS) {
      for (const build of builds) {
        const app = servers[build.label] as Server
        jobs.push({
          server: build.label,
          target: target.key,
          spec: async () => {
            const headers: Record<string, string> = target.fn ? fnGetHeaders(app.url) : {}
            if (target.key === 'ssr-gated') {
              // A JWT of this server (its issuer), minted right before the load (it lives 60 s).
              const jwt = await mintJwt(app.url, signedIn.sessionId, signedIn.clientToken)
              headers.cookie = `__client=${signedIn.clientToken}; __session=${jwt}`
            }
            return get(`${app.url}${target.path}`, [{ headers }], C, S.seconds)
          },
        })
      }
    }

    // What each page sends: bytes and <link> tags, from one request.
    const pages: Record<string, { status: number; bytes: number; links: number; scripts: number }> = {}
    for (const job of jobs) {
      const spec = await job.spec()
      const response = await fetch(spec.url, { headers: spec.variants[0]?.headers, redirect: 'manual' })
      const body = await response.text()
      pages[`${job.server} ${job.target}`] = {
        status: response.status,
        bytes: Buffer.byteLength(body),
        links: (body.match(/<link\b/g) ?? []).length,
        scripts: (body.match(/<script\b/g) ?? []).length,
      }
    }

    if (S.warmupSeconds > 0) {
      log(`warm-up: ${jobs.length} loads × ${S.warmupSeconds} s`)
      for (const job of jobs) {
        const spec = await job.spec()
        await load.run({ ...spec, seconds: S.warmupSeconds }, servers[job.server]?.pid)
      }
    }
    const samples: Sample[] = []
    for (let round = 0; round < S.rounds; round++) {
      const order = jobs.map((_, index) => jobs[(index + round * 3) % jobs.length] as Job)
      for (const job of order) {
        const result = await load.run(await job.spec(), servers[job.server]?.pid)
        samples.push({ server: job.server, target: job.target, round, result })
        log(
          `round ${round + 1} ${job.server.padEnd(10)} ${job.target.padEnd(12)} ${String(Math.round(result.requestsPerSecond)).padStart(6)} req/s  cpu ${Math.round(result.serverCpuUsPerRequest ?? Number.NaN)} µs/req  p99 ${result.latency.p99} ms  non-2xx ${result.non2xx} errors ${result.errors}`,
        )
      }
    }

    // Medians by server and target; ratios within each round, then their median.
    const of = (server: string, target: string) => samples.filter((s) => s.server === server && s.target === target)
    const med = (server: string, target: string, pick: (r: LoadResult) => number) =>
      median(of(server, target).map((s) => pick(s.result)))
    const ratio = (server: string, target: string, refServer: string, refTarget: string) =>
      median(
        of(server, target).flatMap((s) => {
          const ref = samples.find((r) => r.server === refServer && r.target === refTarget && r.round === s.round)
          return ref ? [s.result.requestsPerSecond / ref.result.requestsPerSecond] : []
        }),
      )
    const rps = (r: LoadResult) => r.requestsPerSecond
    const cpu = (r: LoadResult) => r.serverCpuUsPerRequest ?? Number.NaN
    const lines: string[] = []
    const date = startedAt.toISOString().slice(0, 10)
    lines.push(`# Tessera builds side by side, ${startedAt.toISOString()}`)
    lines.push('')
    lines.push(
      `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}; Node ${process.version}; ${load.generator}; ${S.rounds} rounds × ${S.seconds} s × ${S.connections} connections after ${S.warmupSeconds} s warm-up per load; servers ${pinned ? `pinned to CPU 1, load to CPU ${LOAD_CPU}` : 'unpinned'}; load average at start ${loadavgAtStart}, at end ${loadavg()}.`,
    )
    lines.push('')
    lines.push(
      `Builds: ${builds.map((b) => `\`${b.label}\``).join(', ')}. Medians of the rounds; ratios are req/s against the equivalent measured in the same round (the framework's, or for \`/dashboard\` the same build's ungated twin).`,
    )
    lines.push('')
    lines.push(`| path | framework | ${builds.map((b) => `${b.label}`).join(' | ')} |`)
    lines.push(`| --- | --- | ${builds.map(() => '---').join(' | ')} |`)
    for (const target of FRAMEWORK_TARGETS) {
      lines.push(
        `| ${target.label} | ${Math.round(med('framework', target.key, rps))} req/s, ${Math.round(med('framework', target.key, cpu))} µs | ${builds.map(() => '').join(' | ')} |`,
      )
    }
    for (const target of APP_TARGETS) {
      const cells = builds.map((build) => {
        const refServer = target.versus === 'ssr-ungated' ? build.label : 'framework'
        return `${Math.round(med(build.label, target.key, rps))} req/s, **${Math.round(med(build.label, target.key, cpu))} µs**, ×${ratio(build.label, target.key, refServer, target.versus).toFixed(2)} of ${target.versus}`
      })
      lines.push(`| ${target.label} | | ${cells.join(' | ')} |`)
    }
    lines.push('')
    lines.push('What each response carries (one request):')
    lines.push('')
    lines.push(`| path | ${builds.map((b) => b.label).join(' | ')} |`)
    lines.push(`| --- | ${builds.map(() => '---').join(' | ')} |`)
    for (const target of APP_TARGETS) {
      lines.push(
        `| ${target.path} | ${builds
          .map((b) => {
            const page = pages[`${b.label} ${target.key}`]
            return page ? `${page.status}, ${page.bytes} B, ${page.links} \`<link>\`, ${page.scripts} \`<script>\`` : ''
          })
          .join(' | ')} |`,
      )
    }
    const markdown = lines.join('\n')
    console.log(`\n${markdown}\n`)
    mkdirSync(S.resultsDir, { recursive: true })
    const base = path.join(
      S.resultsDir,
      `${date}-compare-${process.env.BENCH_COMPARE_NAME ?? builds.map((b) => b.label).join('-')}`,
    )
    writeFileSync(`${base}.md`, `${markdown}\n`)
    writeFileSync(
      `${base}.json`,
      `${JSON.stringify({ startedAt, loadavgAtStart, loadavgAtEnd: loadavg(), builds, pages, samples }, null, 2)}\n`,
    )
    log(`wrote ${base}.md and .json`)
  } finally {
    load.stop()
    await stopAll()
    if (!S.keepDatabases) await dropThrowawayDatabase(S.adminUrl, database)
  }
}

await main()
