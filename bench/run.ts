/**
 * `npm run bench` (issue 10): Tessera's production build on real Postgres, side by side with the
 * machine's ceilings and with Better Auth, in one go. Phases:
 *
 * 1. build (when stale), a fresh `tessera_bench` database seeded in bulk, servers started;
 * 2. main rounds: every target once per round, order rotated each round, ratios within a round;
 *    sequential password sign-ins (ours and the peer's) each round, and one Argon2id verify of our
 *    stored hash alone (the part of our sign-in that is the hash);
 * 3. database work of the JWT path (and, for contrast, the client-token path);
 * 3b. profiles: where each request's CPU goes, by part of the build, ours beside the framework's
 *    (bench/profile.ts);
 * 4. scale: the JWT and database paths at 10 k, 100 k and 1 M session rows; the device list of a
 *    user with 1 000 sessions, one connection;
 * 5. soak: the database path for BENCH_SOAK_SECONDS, req/s per 10 s window, server RSS;
 * 6. minting's floor: signatures per second per core for RS256-2048, RS256-3072, ES256 and EdDSA
 *    (bench/signing.ts; `npm run bench -- minting` runs this phase alone);
 *    (`npm run bench -- devices`, bench/devices.ts: the devices list from 10 to 10 000 sessions
 *    per user, on its own database, alone);
 * 7. bench/results/<date>.{json,md,svg}, and the table on stdout.
 *
 * Knobs (environment): see bench/config.ts and the README's Benchmark section.
 */

import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { verifyPassword } from '../app/server/passwords.server.ts'
import { createThrowawayDatabase, dropThrowawayDatabase } from '../db/throwaway.ts'
import { createTestUser, encodePayload, mintJwts, serverFnHeaders, signIn, statusOf } from './app-client.ts'
import { ensureBuild, ensureFrameworkBuild } from './build.ts'
import { renderChart } from './chart.ts'
import { settings } from './config.ts'
import { type QueryCount, queryCount, settle, snapshot } from './db-stats.ts'
import { devicesOnly } from './devices.ts'
import { LoadGenerator, type LoadResult, type LoadSpec } from './load.ts'
import { measureMintAlgorithms } from './mint-algorithms.ts'
import { loadPeer, type PeerServer } from './peer.ts'
import { attribute, PROFILED_TARGETS, profiled, SAMPLING_INTERVAL_US } from './profile.ts'
import { renderMarkdown, targetRows } from './report.ts'
import type { BenchResults, Sample, ScaleSample, TargetInfo } from './results.ts'
import {
  countSessions,
  sampleIndexes,
  seededClientToken,
  seededSessionId,
  seedSessions,
  vacuumAnalyze,
} from './seed.ts'
import {
  LOAD_CPU,
  LOG_DIR,
  rssMb,
  SERVER_CPU,
  type Server,
  startApp,
  startBareJwt,
  startCeiling,
  startFramework,
  stopAll,
} from './servers.ts'
import { measureSigning, renderSigning, type SigningResults } from './signing.ts'
import { bearer, type Credential, clientCookie, fnGetHeaders, get, post, type Target } from './targets.ts'

const log = (message: string) => console.log(`bench: ${message}`)
const S = settings
const pinned = S.pin && os.cpus().length >= 2
const LISTING_BASE = 2_000_000_000

const credentialOf = (index: number): Credential => ({
  sessionId: seededSessionId(index),
  clientToken: seededClientToken(index),
})

function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = {}
  for (const name of [
    '@tanstack/react-start',
    '@tanstack/react-router',
    'react',
    'postgres',
    'drizzle-orm',
    'jose',
    '@node-rs/argon2',
    'seroval',
    'autocannon',
    'vite',
    '@vitejs/plugin-react',
    'nitro',
  ]) {
    try {
      versions[name] = JSON.parse(readFileSync(path.join('node_modules', name, 'package.json'), 'utf8')).version
    } catch {
      versions[name] = 'unknown'
    }
  }
  return versions
}

/** `{ m, t, p }` of the PHC string the app stored for a password. */
function argon2Params(phc: string | undefined) {
  const match = phc ? /^\$argon2id\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(phc) : null
  return match ? { m: Number(match[1]), t: Number(match[2]), p: Number(match[3]) } : null
}

/** `npm run bench -- minting`: the signing phase alone (no build, no database, no servers). */
async function mintingOnly() {
  const date = new Date().toISOString().slice(0, 10)
  log(
    `signing micro-benchmark: ${S.signingRounds} rounds × ${S.signingSeconds} s; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  )
  const signing = await measureSigning({ rounds: S.signingRounds, seconds: S.signingSeconds, log })
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}; Node ${process.version}; jose ${packageVersions().jose}; load average at end ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}.`
  const markdown = [`# Tessera minting micro-benchmark, ${date}`, '', machine, '', ...renderSigning(signing)].join('\n')
  mkdirSync(S.resultsDir, { recursive: true })
  const base = path.join(S.resultsDir, `${date}-minting`)
  writeFileSync(`${base}.json`, `${JSON.stringify({ date, machine, signing }, null, 2)}\n`)
  writeFileSync(`${base}.md`, `${markdown}\n`)
  console.log(`\n${markdown}`)
  log(`wrote ${base}.json and ${base}.md`)
}

async function main() {
  const startedAt = new Date()
  const loadavgAtStart = os.loadavg()
  const notes: string[] = []
  if (S.seconds > 55) {
    // JWT pools are minted right before each load and live 60 s (+5 s leeway).
    notes.push(`BENCH_SECONDS=${S.seconds}: session JWTs expire after 60 s, so JWT-path loads end in 401s.`)
    log(notes.at(-1) ?? '')
  }
  ensureBuild(S.build)
  const framework = !S.skip.has('framework')
  if (framework) ensureFrameworkBuild(S.build)

  const databaseUrl = await createThrowawayDatabase(S.adminUrl, S.database)
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} })
  const testingToken = randomBytes(32).toString('base64url')
  // Sign-ins are rate limited per IP and identifier: the bench signs in far more often than a person.
  const configFile = path.join(os.tmpdir(), `tessera-bench-config-${process.pid}.json`)
  const relaxed = { limit: 100_000, windowSeconds: 60 }
  const rateLimits = Object.fromEntries(
    (['sign_in_ip', 'sign_in_identifier', 'sign_in_start_ip', 'sign_in_start_identifier'] as const).map((rule) => [
      rule,
      relaxed,
    ]),
  )
  writeFileSync(configFile, JSON.stringify({ rateLimits }))
  const load = new LoadGenerator(pinned ? LOAD_CPU : null)
  const peerServers: PeerServer[] = []
  let peerDatabaseUrl: string | null = null
  let cleaned: Promise<void> | null = null
  const cleanup = () => {
    cleaned ??= (async () => {
      load.stop()
      await Promise.all(peerServers.map(async (server) => server.stop()))
      await stopAll()
      await sql.end({ timeout: 5 })
      if (!S.keepDatabases) {
        await dropThrowawayDatabase(S.adminUrl, S.database)
        if (peerDatabaseUrl) await dropThrowawayDatabase(S.adminUrl, S.peerDatabase)
      }
    })()
    return cleaned
  }
  // Ctrl-C stops every server this run started and drops its databases.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the servers`)
      void cleanup().finally(() => process.exit(130))
    })
  }

  try {
    log(
      `${S.database} on ${new URL(S.adminUrl).host}; servers ${pinned ? `on CPU ${SERVER_CPU}, load on CPU ${LOAD_CPU}` : 'unpinned'}; load generator ${load.generator}${load.generator === 'autocannon' ? ' (wrk not installed: apt-get install wrk)' : ''}`,
    )
    const app = await startApp({
      port: S.ports.app,
      inspectPort: S.ports.appInspector,
      databaseUrl,
      secret: randomBytes(32).toString('base64url'),
      testingToken,
      configFile,
      pin: pinned,
    })
    const APP = app.url

    // --- data -----------------------------------------------------------------------------------
    const mainUser = { email: `bench-${Date.now()}@example.com`, password: 'a benchmark passphrase 2026' }
    await createTestUser(APP, testingToken, { ...mainUser, firstName: 'Ada' })
    const main = await signIn(APP, mainUser.email, mainUser.password)
    const [credentialRow] = await sql`select hash from password_credentials limit 1`
    const argon2 = argon2Params(credentialRow?.hash)

    let seeded = 0
    const resizeTo = async (size: number) => {
      const began = Date.now()
      // The table only grows (deleting sessions would scan clients for each one's last-active
      // reference), so sizes are visited in ascending order. Batches of 100 k keep each
      // transaction and its WAL moderate.
      if (size <= seeded) return
      for (let from = seeded; from < size; from += 100_000) {
        await seedSessions(sql, { from, to: Math.min(size, from + 100_000) })
      }
      seeded = size
      await vacuumAnalyze(sql)
      log(
        `sessions table: ${(await countSessions(sql)).toLocaleString('en-US')} rows (${((Date.now() - began) / 1000).toFixed(1)} s)`,
      )
    }
    const scaleSizes = [...new Set(S.scaleSizes)].sort((a, b) => a - b)
    await resizeTo(Math.min(S.baseSessions, scaleSizes[0] ?? S.baseSessions))
    const poolOf = (size: number) => sampleIndexes(0, size, S.credentialPool).map(credentialOf)
    let pool = poolOf(seeded)
    const jwtPool = async (credentials = pool) => mintJwts(APP, credentials.slice(0, Math.min(credentials.length, 200)))

    // --- servers --------------------------------------------------------------------------------
    const ceilingJson = await startCeiling({ mode: 'json', port: S.ports.ceilingJson, pin: pinned })
    const ceilingPg = await startCeiling({ mode: 'pg', port: S.ports.ceilingPg, databaseUrl, pin: pinned })
    const bareJwt = await startBareJwt({ port: S.ports.bareJwt, appUrl: APP, pin: pinned })
    const servers: Record<string, Server | PeerServer> = { app, ceilingJson, ceilingPg, bareJwt }
    if (framework) {
      servers.framework = await startFramework({
        port: S.ports.framework,
        inspectPort: S.ports.frameworkInspector,
        pin: pinned,
      })
    }

    const { peer, why } = S.peer ? await loadPeer() : { peer: null, why: 'BENCH_PEER=0' }
    let peerVersion = ''
    const peerCookies: Record<'off' | 'on', string[]> = { off: [], on: [] }
    let peerUsers: { email: string; password: string }[] = []
    if (peer) {
      log(`Better Auth ${peer.BETTER_AUTH_VERSION}: installing, seeding ${S.peerDatabase}`)
      peerVersion = peer.BETTER_AUTH_VERSION
      await peer.installBetterAuth()
      peerDatabaseUrl = await createThrowawayDatabase(S.adminUrl, S.peerDatabase)
      await peer.prepareBetterAuth(peerDatabaseUrl)
      await peer.seedBetterAuth(peerDatabaseUrl, { users: Math.ceil(S.baseSessions / 10), sessions: S.baseSessions })
      for (const [mode, port] of [
        ['off', S.ports.peerOff],
        ['on', S.ports.peerOn],
      ] as const) {
        const server = await peer.startBetterAuth({
          port,
          databaseUrl: peerDatabaseUrl,
          cookieCache: mode === 'on',
          ...(pinned ? { cpu: SERVER_CPU } : {}),
        })
        peerServers.push(server)
        servers[`peer-${mode}`] = server
        const users = await peer.betterAuthUsers(server.url, 32)
        peerCookies[mode] = users.map((user) => user.cookie)
        if (mode === 'off') peerUsers = users
      }
    } else {
      log(`peer not available: ${why}`)
      notes.push(`Better Auth was not measured: ${why}.`)
    }

    // --- targets --------------------------------------------------------------------------------
    const C = S.connections
    const pidOf = (name: string) => () => servers[name]?.pid
    const fn = (name: string) => `${APP}/_serverFn/${name}`
    const sessionCookie = async () => {
      const jwts = await jwtPool()
      return jwts.map((jwt, i) => ({
        headers: { cookie: `__client=${pool[i]?.clientToken}; __session=${jwt}` },
      }))
    }
    const ssrAnonPath = '/sign-in'
    const ungatedPath = '/examples/dashboard'
    const ungatedStatus = await statusOf(`${APP}${ungatedPath}`)
    const gatedProbe = await statusOf(`${APP}/dashboard`, { cookie: `__client=${main.clientToken}` })
    const peerMissing = { unavailable: `not available (${why || 'peer disabled'})` }

    const frameworkMissing = { unavailable: 'not measured (BENCH_SKIP=framework)' }
    const fw = (path: string) => `${servers.framework?.url}${path}`
    const frameworkFnHeaders = () => fnGetHeaders(servers.framework?.url ?? '')
    const targets: Target[] = [
      // The framework-only reference (bench/framework/): what Start itself costs, same versions.
      {
        key: 'fw-ping',
        label: 'framework: GET server function $ping',
        side: 'framework',
        pid: pidOf('framework'),
        spec: async () =>
          servers.framework
            ? get(fw('/_serverFn/$ping'), [{ headers: frameworkFnHeaders() }], C, S.seconds)
            : frameworkMissing,
      },
      {
        key: 'fw-ping-mw',
        label: 'framework: $ping behind one trivial middleware',
        side: 'framework',
        pid: pidOf('framework'),
        spec: async () =>
          servers.framework
            ? get(fw('/_serverFn/$pingWithMiddleware'), [{ headers: frameworkFnHeaders() }], C, S.seconds)
            : frameworkMissing,
      },
      {
        key: 'fw-ping-headers',
        label: "framework: $ping answering with Tessera's response headers",
        side: 'framework',
        pid: pidOf('framework'),
        spec: async () =>
          servers.framework
            ? get(fw('/_serverFn/$pingWithHeaders'), [{ headers: frameworkFnHeaders() }], C, S.seconds)
            : frameworkMissing,
      },
      {
        key: 'fw-echo',
        label: 'framework: POST server function $echo',
        side: 'framework',
        pid: pidOf('framework'),
        spec: async () =>
          servers.framework
            ? post(
                fw('/_serverFn/$echo'),
                [
                  {
                    headers: { ...frameworkFnHeaders(), 'content-type': 'application/json' },
                    body: await encodePayload({ value: 'x' }),
                  },
                ],
                C,
                S.seconds,
              )
            : frameworkMissing,
      },
      {
        key: 'fw-home',
        label: 'framework: SSR page, small (/)',
        side: 'framework',
        pid: pidOf('framework'),
        spec: async () => (servers.framework ? get(fw('/'), [{ headers: {} }], C, S.seconds) : frameworkMissing),
      },
      {
        key: 'fw-list',
        label: 'framework: SSR page, ~150 elements (/list)',
        side: 'framework',
        pid: pidOf('framework'),
        spec: async () => (servers.framework ? get(fw('/list'), [{ headers: {} }], C, S.seconds) : frameworkMissing),
      },
      {
        key: 'ceiling-json',
        label: 'node:http {"ok":true} (ceiling)',
        side: 'ceiling',
        pid: pidOf('ceilingJson'),
        spec: async () => get(`${ceilingJson.url}/`, [{ headers: {} }], C, S.seconds),
      },
      {
        key: 'ceiling-pg',
        label: 'node:http + 1 prepared postgres.js lookup (ceiling)',
        side: 'ceiling',
        pid: pidOf('ceilingPg'),
        spec: async () =>
          get(
            `${ceilingPg.url}/`,
            pool.map((c) => ({ headers: clientCookie(c.clientToken) })),
            C,
            S.seconds,
          ),
      },
      {
        key: 'ceiling-jwt',
        label: 'node:http + jose verify of our JWT (ceiling)',
        side: 'ceiling',
        pid: pidOf('bareJwt'),
        spec: async () =>
          get(
            `${bareJwt.url}/`,
            (await jwtPool()).map((jwt) => ({ headers: bearer(jwt) })),
            C,
            S.seconds,
          ),
      },
      {
        key: 'fn-anon',
        label: 'server function, unauthenticated ($getClient)',
        side: 'ceiling',
        pid: pidOf('app'),
        spec: async () => get(fn('$getClient'), [{ headers: fnGetHeaders(APP) }], C, S.seconds),
      },
      {
        key: 'health-live',
        label: 'GET /health/live (no database)',
        side: 'ceiling',
        pid: pidOf('app'),
        spec: async () => get(`${APP}/health/live`, [{ headers: {} }], C, S.seconds),
      },
      {
        key: 'ssr-anon',
        label: `SSR page, unauthenticated (${ssrAnonPath})`,
        side: 'ceiling',
        pid: pidOf('app'),
        spec: async () => get(`${APP}${ssrAnonPath}`, [{ headers: {} }], C, S.seconds),
      },
      {
        key: 'fn-jwt',
        label: '$whoAmI, JWT path (Bearer)',
        side: 'tessera',
        pid: pidOf('app'),
        spec: async () =>
          get(
            fn('$whoAmI'),
            (await jwtPool()).map((jwt) => ({ headers: fnGetHeaders(APP, bearer(jwt)) })),
            C,
            S.seconds,
          ),
      },
      {
        key: 'fn-db',
        label: '$whoAmI, client-token path (cookie, database)',
        side: 'tessera',
        pid: pidOf('app'),
        spec: async () =>
          get(
            fn('$whoAmI'),
            pool.map((c) => ({ headers: fnGetHeaders(APP, clientCookie(c.clientToken)) })),
            C,
            S.seconds,
          ),
      },
      {
        key: 'ssr-gated',
        label: 'SSR /dashboard, gated (session cookies)',
        side: 'tessera',
        pid: pidOf('app'),
        spec: async () =>
          gatedProbe === 200
            ? get(`${APP}/dashboard`, await sessionCookie(), C, S.seconds)
            : { unavailable: `not available (/dashboard answered ${gatedProbe} to a signed-in client)` },
      },
      {
        key: 'ssr-ungated',
        label: `SSR ${ungatedPath}, same page ungated`,
        side: 'tessera',
        pid: pidOf('app'),
        spec: async () =>
          ungatedStatus === 200
            ? get(`${APP}${ungatedPath}`, [{ headers: {} }], C, S.seconds)
            : { unavailable: `not available (${ungatedPath} answered ${ungatedStatus} in this build)` },
      },
      {
        key: 'api-me',
        label: 'GET /api/me (Bearer)',
        side: 'tessera',
        pid: pidOf('app'),
        spec: async () =>
          get(
            `${APP}/api/me`,
            (await jwtPool()).map((jwt) => ({ headers: bearer(jwt) })),
            C,
            S.seconds,
          ),
      },
      {
        key: 'mint',
        label: 'token minting, POST /api/sessions/:id/tokens',
        side: 'tessera',
        pid: pidOf('app'),
        spec: async () =>
          post(
            `${APP}/`,
            pool.map((c) => ({ path: `/api/sessions/${c.sessionId}/tokens`, headers: bearer(c.clientToken) })),
            C,
            S.seconds,
          ),
      },
      {
        key: 'touch',
        label: '$touchSession (cookie)',
        side: 'tessera',
        pid: pidOf('app'),
        spec: async () =>
          post(
            fn('$touchSession'),
            await Promise.all(
              pool.map(async (c) => ({
                headers: {
                  ...serverFnHeaders(APP),
                  'content-type': 'application/json',
                  ...clientCookie(c.clientToken),
                },
                body: await encodePayload({ sessionId: c.sessionId, intent: 'focus' }),
              })),
            ),
            C,
            S.seconds,
          ),
      },
      {
        key: 'peer-off',
        label: 'Better Auth get-session, cookie cache off',
        side: 'peer',
        pid: pidOf('peer-off'),
        spec: async () =>
          servers['peer-off']
            ? get(
                `${servers['peer-off'].url}/api/auth/get-session`,
                peerCookies.off.map((cookie) => ({ headers: { cookie } })),
                C,
                S.seconds,
              )
            : peerMissing,
      },
      {
        key: 'peer-on',
        label: 'Better Auth get-session, cookie cache on',
        side: 'peer',
        pid: pidOf('peer-on'),
        spec: async () =>
          servers['peer-on']
            ? get(
                `${servers['peer-on'].url}/api/auth/get-session`,
                peerCookies.on.map((cookie) => ({ headers: { cookie } })),
                C,
                S.seconds,
              )
            : peerMissing,
      },
    ]

    // Probe each target once: a target that answers non-2xx is reported, not silently measured.
    const infos: TargetInfo[] = []
    const runnable: Target[] = []
    for (const target of targets) {
      const spec = await target.spec()
      const info: TargetInfo = { key: target.key, label: target.label, side: target.side }
      if ('unavailable' in spec) info.unavailable = spec.unavailable
      else runnable.push(target)
      infos.push(info)
    }

    const perLoad = S.seconds + 1.5
    const estimate =
      runnable.length * (S.warmupSeconds + 1) +
      S.rounds * (runnable.length * perLoad + S.signIns * 0.4) +
      (4 * 11 + 3 * S.seconds) +
      S.scaleSizes.length * (2 * S.rounds * perLoad + 20) +
      S.rounds * perLoad +
      (S.mintAlgorithms.length + 1) * S.rounds * perLoad +
      S.mintAlgorithms.length * 20 +
      S.rounds * S.admissionConnections.length * perLoad +
      S.soakSeconds
    log(`about ${Math.ceil(estimate / 60)} min to go (more on a busy machine; seeding 1 M rows adds a minute or two)`)

    // --- warm-up --------------------------------------------------------------------------------
    const run = async (spec: LoadSpec, pid?: number) => load.run(spec, pid)
    if (S.warmupSeconds > 0) {
      log(`warm-up: ${runnable.length} targets × ${S.warmupSeconds} s`)
      for (const target of runnable) {
        const spec = await target.spec()
        if (!('unavailable' in spec)) await run({ ...spec, seconds: S.warmupSeconds }, target.pid())
      }
    }
    const rssAfterWarmupMb: Record<string, number> = {}
    for (const [name, server] of Object.entries(servers)) rssAfterWarmupMb[name] = rssMb(server.pid)

    const show = (label: string, result: LoadResult, rss: number) =>
      log(
        `${label.padEnd(34)} ${String(Math.round(result.requestsPerSecond)).padStart(7)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  cpu ${Math.round(result.serverCpuUsPerRequest ?? Number.NaN)} µs/req  errors ${result.errors}  rss ${Math.round(rss)} MB`,
      )

    // --- scale, the sizes up to the main rounds' -------------------------------------------------
    const fnJwt = runnable.find((target) => target.key === 'fn-jwt')
    const fnDb = runnable.find((target) => target.key === 'fn-db')
    const scale: ScaleSample[] = []
    const measureScale = async (size: number) => {
      log(`scale: ${size.toLocaleString('en-US')} session rows`)
      await resizeTo(size)
      pool = poolOf(size)
      // The bare JSON ceiling rides along as the machine's reference: these phases are minutes
      // apart, so a busier machine shows there rather than being mistaken for the table's size.
      const reference = runnable.find((target) => target.key === 'ceiling-json')
      const trio = [fnJwt, fnDb, reference].filter((target): target is Target => Boolean(target))
      for (let round = 0; round < S.rounds; round++) {
        for (const target of trio.map((_, i) => trio[(i + round) % trio.length] as Target)) {
          const spec = await target.spec()
          if ('unavailable' in spec) continue
          const result = await run(spec, target.pid())
          scale.push({ sessions: size, target: target.key, round, result })
          show(`${size} ${target.key}`, result, rssMb(target.pid()))
        }
      }
    }
    const scaling = !S.skip.has('scale')
    if (scaling) for (const size of scaleSizes.filter((size) => size < S.baseSessions)) await measureScale(size)
    await resizeTo(S.baseSessions)
    pool = poolOf(S.baseSessions)

    // --- main rounds ----------------------------------------------------------------------------
    const samples: Sample[] = []
    const signIns: BenchResults['signIns'] = []
    const argon2VerifyMs: number[] = []
    for (let round = 0; round < S.rounds; round++) {
      const order = runnable.map((_, index) => runnable[(index + round) % runnable.length] as Target)
      for (const [position, target] of order.entries()) {
        const spec = await target.spec()
        if ('unavailable' in spec) continue
        const result = await run(spec, target.pid())
        const rss = rssMb(target.pid())
        samples.push({ target: target.key, round, position, result, rssMb: rss })
        show(`round ${round + 1} ${target.key}`, result, rss)
      }
      // Sequential password sign-ins, ours and the peer's, alternating which goes first.
      const sides = round % 2 === 0 ? (['tessera', 'peer'] as const) : (['peer', 'tessera'] as const)
      for (const side of S.skip.has('signins') ? [] : sides) {
        const ms: number[] = []
        for (let i = 0; i < S.signIns; i++) {
          if (side === 'tessera') ms.push((await signIn(APP, mainUser.email, mainUser.password)).ms)
          else if (servers['peer-off'] && peerUsers.length > 0) {
            const user = peerUsers[i % peerUsers.length] as { email: string; password: string }
            const started = performance.now()
            const response = await fetch(`${servers['peer-off'].url}/api/auth/sign-in/email`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', origin: servers['peer-off'].url },
              body: JSON.stringify({ email: user.email, password: user.password }),
            })
            await response.arrayBuffer()
            if (response.ok) ms.push(performance.now() - started)
          }
        }
        if (ms.length > 0) signIns.push({ round, side, ms })
      }
      // The floor under our sign-in: one verify of the same stored hash, as the app does it, alone.
      if (!S.skip.has('signins') && credentialRow?.hash) {
        for (let i = 0; i < S.signIns; i++) {
          const started = performance.now()
          await verifyPassword(credentialRow.hash, mainUser.password)
          argon2VerifyMs.push(performance.now() - started)
        }
      }
    }

    if (scaling && scaleSizes.includes(S.baseSessions)) await measureScale(S.baseSessions)
    pool = poolOf(S.baseSessions)

    // --- token minting by signing algorithm -----------------------------------------------------
    if (S.mintAlgorithms.length > 0 && S.rounds > 0 && !S.skip.has('mint')) {
      const minting = await measureMintAlgorithms({
        load,
        pinned,
        main: app,
        mainIndexes: sampleIndexes(0, seeded, S.credentialPool),
        log,
      })
      infos.push(...minting.targets)
      samples.push(...minting.samples)
    }

    // --- minting's floor: signatures per second per core by signing setting ----------------------
    let signing: SigningResults | null = null
    if (S.signingRounds > 0) signing = await measureSigning({ rounds: S.signingRounds, seconds: S.signingSeconds, log })

    // --- database work per request --------------------------------------------------------------
    // An idle window, then the JWT load, then the client-token load, each followed by the time
    // Postgres needs to flush its counters; the requests' own work is what exceeds the idle window.
    const dbQueries: { jwt: QueryCount | null; database: QueryCount | null } = { jwt: null, database: null }
    if (fnJwt && fnDb && !S.skip.has('dbwork')) {
      log(`counting database work on the JWT and client-token paths (about ${Math.round(4 * 11 + 3 * S.seconds)} s)`)
      await settle()
      const s0 = await snapshot(sql, S.database)
      await new Promise((resolve) => setTimeout(resolve, S.seconds * 1000))
      await settle()
      const s1 = await snapshot(sql, S.database)
      const jwtSpec = await fnJwt.spec()
      await settle()
      const s2 = await snapshot(sql, S.database)
      const jwtLoad = 'unavailable' in jwtSpec ? null : await run(jwtSpec, app.pid)
      await settle()
      const s3 = await snapshot(sql, S.database)
      const dbSpec = await fnDb.spec()
      const dbLoad = 'unavailable' in dbSpec ? null : await run(dbSpec, app.pid)
      await settle()
      const s4 = await snapshot(sql, S.database)
      if (jwtLoad) dbQueries.jwt = queryCount([s0, s1], [s2, s3], jwtLoad.total)
      if (dbLoad) dbQueries.database = queryCount([s0, s1], [s3, s4], dbLoad.total)
      notes.push(
        'Database work per request: transactions in the bench database (pg_stat_database) and scans of sessions, clients and users (pg_stat_user_tables) during one load, minus an idle window of the same length (background jobs), each read after 11 s idle so every backend has flushed its counters.',
      )
    }

    // --- where the CPU goes: sampled profiles of warm servers, per part of the build -------------
    const profiles: NonNullable<BenchResults['profiles']> = []
    if (!S.skip.has('profile')) {
      const keys = PROFILED_TARGETS.filter((key) => runnable.some((target) => target.key === key))
      log(`profiles: ${keys.join(', ')} (${S.seconds} s each, sampled every ${SAMPLING_INTERVAL_US} µs)`)
      for (const key of keys) {
        const target = runnable.find((candidate) => candidate.key === key) as Target
        const pid = target.pid()
        const spec = await target.spec()
        if (pid === undefined || 'unavailable' in spec) continue
        const port = target.side === 'framework' ? S.ports.frameworkInspector : S.ports.appInspector
        const { result, profile } = await profiled(pid, port, () => run(spec, pid))
        profiles.push({ target: key, requests: result.total, usPerRequest: attribute(profile, result.total) })
        show(`profile ${key}`, result, rssMb(pid))
      }
    }

    // --- scale, the sizes above the main rounds' ------------------------------------------------
    if (scaling) for (const size of scaleSizes.filter((size) => size > S.baseSessions)) await measureScale(size)

    // --- one user with many sessions ------------------------------------------------------------
    let listing: BenchResults['listing'] = null
    if (S.listingSessions > 0 && !S.skip.has('listing')) {
      log(`device list of one user with ${S.listingSessions} sessions`)
      await seedSessions(sql, { from: LISTING_BASE, to: LISTING_BASE + S.listingSessions, fixedUser: LISTING_BASE })
      await vacuumAnalyze(sql)
      const owner = credentialOf(LISTING_BASE)
      const listingSamples: Sample[] = []
      for (let round = 0; round < S.rounds; round++) {
        const [jwt] = await mintJwts(APP, [owner])
        // One connection: the target is one person's wait for their list, not a queue of 32.
        const spec = get(fn('$listDevices'), [{ headers: fnGetHeaders(APP, bearer(jwt ?? '')) }], 1, S.seconds)
        const result = await run(spec, app.pid)
        const rss = rssMb(app.pid)
        listingSamples.push({ target: 'listing', round, position: 0, result, rssMb: rss })
        show(`listing ${S.listingSessions}`, result, rss)
      }
      listing = { sessions: S.listingSessions, samples: listingSamples }
    }

    // --- admission control (ADR 028) ------------------------------------------------------------
    // One database-bound page at 32 connections and well past the 64 in flight + 256 queued the
    // process admits: what is admitted keeps a bounded p99, the rest is refused with 503.
    const admission: NonNullable<BenchResults['admission']> = []
    const gated = runnable.find((target) => target.key === 'ssr-gated')
    if (gated && !S.skip.has('admission') && S.admissionConnections.length > 0) {
      log(`admission control: /dashboard at ${S.admissionConnections.join(' and ')} connections`)
      for (let round = 0; round < S.rounds; round++) {
        const counts = round % 2 === 0 ? S.admissionConnections : [...S.admissionConnections].reverse()
        for (const connections of counts) {
          const spec = await gated.spec()
          if ('unavailable' in spec) continue
          const result = await run({ ...spec, connections, countStatuses: true }, app.pid)
          admission.push({ connections, round, result })
          show(`admission ${connections} connections`, result, rssMb(app.pid))
          log(`  statuses ${JSON.stringify(result.statusCodes)}`)
        }
      }
    }

    // --- soak -----------------------------------------------------------------------------------
    let soak: BenchResults['soak'] = null
    if (S.soakSeconds > 0 && fnDb && !S.skip.has('soak')) {
      log(`soak: the client-token path for ${S.soakSeconds} s`)
      const spec = await fnDb.spec()
      if (!('unavailable' in spec)) {
        // Warmed first, so the first window measures the path rather than cold index pages.
        if (S.warmupSeconds > 0) await run({ ...spec, seconds: S.warmupSeconds }, app.pid)
        const rss: number[] = []
        const timer = setInterval(() => rss.push(rssMb(app.pid)), 5000)
        const result = await run({ ...spec, seconds: S.soakSeconds, windowSeconds: 10 }, app.pid)
        clearInterval(timer)
        rss.push(rssMb(app.pid))
        soak = { seconds: S.soakSeconds, windowSeconds: 10, windows: result.windows ?? [], rssMb: rss, result }
        log(`soak windows (req/s): ${soak.windows.map((w) => Math.round(w)).join(' ')}`)
      }
    }

    // --- report ---------------------------------------------------------------------------------
    const [pgVersion] = await sql`select version() as version`
    const finishedAt = new Date()
    const date = startedAt.toISOString().slice(0, 10)
    const results: BenchResults = {
      date,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationSeconds: Math.round((finishedAt.getTime() - startedAt.getTime()) / 1000),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        kernel: `${os.type()} ${os.release()}`,
        node: process.version,
        postgres: String(pgVersion?.version ?? 'unknown'),
        pinned,
        loadavgAtStart,
        loadavgAtEnd: [],
        packages: { ...packageVersions(), ...(peerVersion ? { 'better-auth': peerVersion } : {}) },
      },
      settings: { ...S, skip: [...S.skip], generator: load.generator, adminUrl: new URL(S.adminUrl).host },
      notes: [
        ...notes,
        'The bare postgres.js ceiling runs one prepared statement: the client by token hash, joined to its last active session and that session\u2019s user (the app\u2019s own lookup joins client and session only, then mints a JWT).',
        'Scale sizes are measured in phases minutes apart (the table only grows), so their ratios are not same-round ratios; the bare JSON ceiling measured in each phase shows how busy the machine was.',
      ],
      targets: infos,
      samples,
      rssAfterWarmupMb,
      signIns,
      argon2VerifyMs,
      argon2,
      dbQueries,
      scale,
      listing,
      profiles,
      admission,
      soak,
      signing,
      rows: [],
    }
    results.machine.loadavgAtEnd = os.loadavg()
    results.rows = targetRows(results)
    const markdown = renderMarkdown(results)
    mkdirSync(S.resultsDir, { recursive: true })
    const base = path.join(S.resultsDir, date)
    writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`)
    writeFileSync(`${base}.md`, markdown)
    writeFileSync(`${base}.svg`, renderChart(results))
    console.log(`\n${markdown}`)
    log(`wrote ${base}.json, ${base}.md and ${base}.svg in ${results.durationSeconds} s (server logs in ${LOG_DIR})`)
  } finally {
    await cleanup()
  }
}

const only = process.argv.slice(2)
if (only.includes('minting')) await mintingOnly()
else if (only.includes('devices')) await devicesOnly()
else if (only.includes('compare')) await import('./compare.ts')
else await main()
