/**
 * `npm run bench -- devices` (issue 23, item 2): the devices list (`$listDevices`) of users with
 * 10, 100, 1 000 and 10 000 signed-in sessions, and of a user with 10 000 sessions on 10 000
 * distinct User-Agents, on a database of its own (`<BENCH_DATABASE>_devices`, dropped afterwards).
 * For each user: the first page, and a later page (the one that starts halfway down the list, by
 * its cursor), each after a warm-up, one connection at a time (the latency of one call, not of a
 * queue), BENCH_SECONDS each for BENCH_ROUNDS rounds. Target: p50 ≤ 50 ms and flat across sizes.
 *
 * Seeded rows carry their device columns as session creation fills them (bench/seed.ts), so what
 * is measured is the read: one keyset page and the count, no User-Agent parsing.
 */

import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { createThrowawayDatabase, dropThrowawayDatabase } from '../db/throwaway.ts'
import { encodePayload, mintJwts } from './app-client.ts'
import { ensureBuild } from './build.ts'
import { settings as S } from './config.ts'
import { LoadGenerator, type LoadResult } from './load.ts'
import { seededClientToken, seededSessionId, seedSessions, vacuumAnalyze } from './seed.ts'
import { LOAD_CPU, rssMb, startApp, stopAll } from './servers.ts'
import { bearer, fnGetHeaders, get } from './targets.ts'

const log = (message: string) => console.log(`bench: ${message}`)
const pinned = S.pin && os.cpus().length >= 2
/** Row numbers of the seeded sessions (far from the main run's), one block per user. */
const DEVICES_BASE = 3_000_000_000
const BLOCK = 20_000

interface DevicesCase {
  label: string
  sessions: number
  distinctUserAgents: boolean
}

const CASES: DevicesCase[] = [
  { label: '10 sessions', sessions: 10, distinctUserAgents: false },
  { label: '100 sessions', sessions: 100, distinctUserAgents: false },
  { label: '1,000 sessions', sessions: 1_000, distinctUserAgents: false },
  { label: '10,000 sessions', sessions: 10_000, distinctUserAgents: false },
  { label: '10,000 sessions, 10,000 User-Agents', sessions: 10_000, distinctUserAgents: true },
]

interface DevicesSample {
  case: string
  sessions: number
  page: 'first' | 'later'
  round: number
  bytes: number
  result: LoadResult
}

const loadavg = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

export async function devicesOnly(): Promise<void> {
  const startedAt = new Date()
  const loadavgAtStart = loadavg()
  ensureBuild(S.build)
  const database = `${S.database}_devices`
  const databaseUrl = await createThrowawayDatabase(S.adminUrl, database)
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} })
  const configFile = path.join(os.tmpdir(), `tessera-bench-devices-config-${process.pid}.json`)
  writeFileSync(configFile, JSON.stringify({}))
  const load = new LoadGenerator(pinned ? LOAD_CPU : null)
  const cleanup = async () => {
    load.stop()
    await stopAll()
    await sql.end({ timeout: 5 })
    if (!S.keepDatabases) await dropThrowawayDatabase(S.adminUrl, database)
  }
  try {
    const app = await startApp({
      port: S.ports.app,
      databaseUrl,
      secret: randomBytes(32).toString('base64url'),
      testingToken: randomBytes(32).toString('base64url'),
      configFile,
      pin: pinned,
    })
    const url = `${app.url}/_serverFn/$listDevices`
    log(`${database}: seeding ${CASES.map((c) => c.label).join('; ')}`)
    const owners = CASES.map((_, index) => DEVICES_BASE + index * BLOCK)
    for (const [index, devicesCase] of CASES.entries()) {
      const from = owners[index] ?? 0
      await seedSessions(sql, {
        from,
        to: from + devicesCase.sessions,
        fixedUser: from,
        distinctUserAgents: devicesCase.distinctUserAgents,
        spreadActivity: true,
      })
    }
    await vacuumAnalyze(sql)

    const samples: DevicesSample[] = []
    for (let round = 0; round < S.rounds; round++) {
      for (const [index, devicesCase] of CASES.entries()) {
        const owner = owners[index] ?? 0
        // The page starting halfway down the list: its cursor is the row just before it.
        const [middle] = await sql`
          select id, (extract(epoch from last_active_at) * 1000000)::bigint::text as at_us from sessions
          where user_id = ${`user_${String(owner).padStart(26, '0')}`}
          order by last_active_at desc, id desc offset ${Math.floor(devicesCase.sessions / 2) - 1} limit 1`
        const pages: Array<['first' | 'later', string]> = [['first', url]]
        if (middle && devicesCase.sessions > 50) {
          const payload = await encodePayload({ cursor: `${middle.at_us}.${middle.id}` })
          pages.push(['later', `${url}?payload=${encodeURIComponent(payload)}`])
        }
        for (const [page, pageUrl] of pages) {
          // Session JWTs live 60 s: one per load.
          const [jwt] = await mintJwts(app.url, [
            { sessionId: seededSessionId(owner), clientToken: seededClientToken(owner) },
          ])
          const headers = fnGetHeaders(app.url, bearer(jwt ?? ''))
          const probe = await fetch(pageUrl, { headers })
          const body = await probe.text()
          if (!probe.ok) throw new Error(`${devicesCase.label}, ${page} page: ${probe.status} ${body.slice(0, 200)}`)
          const spec = get(pageUrl, [{ headers }], 1, S.seconds)
          await load.run({ ...spec, seconds: Math.min(S.warmupSeconds, 3) }, app.pid)
          const result = await load.run(spec, app.pid)
          samples.push({
            case: devicesCase.label,
            sessions: devicesCase.sessions,
            page,
            round,
            bytes: body.length,
            result,
          })
          log(
            `${`${devicesCase.label}, ${page} page`.padEnd(48)} p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  ${Math.round(result.requestsPerSecond)} req/s  cpu ${Math.round(result.serverCpuUsPerRequest ?? Number.NaN)} µs/req  ${body.length} B  errors ${result.errors + result.non2xx}  rss ${Math.round(rssMb(app.pid))} MB`,
          )
        }
      }
    }

    const rows = CASES.flatMap((devicesCase) =>
      (['first', 'later'] as const).flatMap((page) => {
        const mine = samples.filter((sample) => sample.case === devicesCase.label && sample.page === page)
        if (mine.length === 0) return []
        const of = (pick: (result: LoadResult) => number) => median(mine.map((sample) => pick(sample.result)))
        const p50 = of((result) => result.latency.p50)
        return [
          `| ${devicesCase.label} | ${page} | ${p50} | ${of((result) => result.latency.p99)} | ${Math.round(of((result) => result.requestsPerSecond))} | ${Math.round(of((result) => result.serverCpuUsPerRequest ?? Number.NaN))} | ${mine[0]?.bytes ?? 0} | ${p50 <= 50 ? 'met' : 'missed'} |`,
        ]
      }),
    )
    const date = startedAt.toISOString().slice(0, 10)
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}; Node ${process.version}; load generator ${load.generator}${pinned ? `, pinned to CPU ${LOAD_CPU}` : ''}; load average ${loadavgAtStart} at start, ${loadavg()} at end.`
    const markdown = [
      `# Tessera devices list, ${date}`,
      '',
      machine,
      '',
      `One connection, ${S.rounds} round(s) × ${S.seconds} s per page after a warm-up; medians over rounds. A later page is the one starting halfway down the list (by its cursor). Target: p50 ≤ 50 ms, flat from 10 to 10,000 sessions and for any number of distinct User-Agents.`,
      '',
      '| user | page | p50 ms | p99 ms | req/s | server CPU µs/req | response bytes | p50 ≤ 50 ms |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
    ].join('\n')
    mkdirSync(S.resultsDir, { recursive: true })
    const base = path.join(S.resultsDir, `${date}-devices`)
    writeFileSync(
      `${base}.json`,
      `${JSON.stringify({ date, machine, settings: { rounds: S.rounds, seconds: S.seconds }, samples }, null, 2)}\n`,
    )
    writeFileSync(`${base}.md`, `${markdown}\n`)
    console.log(`\n${markdown}`)
    log(`wrote ${base}.json and ${base}.md`)
  } finally {
    await cleanup()
  }
}
