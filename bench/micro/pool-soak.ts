/**
 * Micro-benchmark: postgres.js's pool under sustained saturation (perf-anchors finding F2).
 *
 * What it shows: with stock postgres.js 3.4.9, one long-lived pool slows down steadily under
 * continuous load, because its internal `Queue` (src/queue.js) never compacts the holes `shift()`
 * leaves and `remove()` scans them with `indexOf`. With the fix in `patches/postgres+3.4.9.patch`
 * (applied by patch-package at install) the same pool holds its throughput.
 *
 * How it runs: ONE pool per variant (max 10), 64 concurrent callers running a prepared
 * `select 1`-style query by primary key, in 3-second phases, alternating stock and fixed phase by
 * phase, for SOAK_SECONDS (60 by default) per variant. The stock driver is a pristine copy of the
 * published package, unpacked to a temp folder with `npm pack postgres@3.4.9`; the fixed one is the
 * project's installed (patched) `postgres`.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/micro/pool-soak.ts
 *   SOAK_SECONDS=120 PHASE_SECONDS=3 CALLERS=64 POOL=10 (defaults 60, 3, 64, 10)
 */

import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const SOAK_SECONDS = Number(process.env.SOAK_SECONDS ?? 60)
const PHASE_SECONDS = Number(process.env.PHASE_SECONDS ?? 3)
const CALLERS = Number(process.env.CALLERS ?? 64)
const POOL = Number(process.env.POOL ?? 10)

type Sql = ((strings: TemplateStringsArray, ...values: unknown[]) => Promise<unknown>) & {
  end: (options?: { timeout: number }) => Promise<void>
}
type Postgres = (url: string, options: Record<string, unknown>) => Sql

/** The published package, untouched: `npm pack` into a temp folder, unpacked once. */
function stockCopy(): string {
  const dir = path.join(tmpdir(), 'tessera-pool-soak-postgres-3.4.9')
  const entry = path.join(dir, 'package', 'src', 'index.js')
  if (existsSync(entry)) return entry
  mkdirSync(dir, { recursive: true })
  const tarball = execFileSync('npm', ['pack', 'postgres@3.4.9', '--silent', '--pack-destination', dir], {
    encoding: 'utf8',
  }).trim()
  execFileSync('tar', ['-xzf', path.join(dir, tarball), '-C', dir])
  return entry
}

async function main() {
  const stock = (await import(pathToFileURL(stockCopy()).href)).default as Postgres
  const fixed = (await import('postgres')).default as unknown as Postgres
  const variants = { stock, fixed }
  const pools = Object.fromEntries(
    Object.entries(variants).map(([name, postgres]) => [name, postgres(url, { max: POOL, onnotice: () => {} })]),
  ) as Record<keyof typeof variants, Sql>
  for (const sql of Object.values(pools)) await sql`select 1`

  async function phase(sql: Sql): Promise<number> {
    let done = 0
    const until = Date.now() + PHASE_SECONDS * 1000
    await Promise.all(
      Array.from({ length: CALLERS }, async () => {
        while (Date.now() < until) {
          await sql`select ${done % 1000}::int as n`
          done++
        }
      }),
    )
    return done / PHASE_SECONDS
  }

  const series: Record<string, number[]> = { stock: [], fixed: [] }
  const phases = Math.max(2, Math.round(SOAK_SECONDS / PHASE_SECONDS))
  console.log(`pool ${POOL}, ${CALLERS} callers, ${phases} phases × ${PHASE_SECONDS} s per variant, alternating`)
  for (let index = 0; index < phases; index++) {
    const order = index % 2 === 0 ? (['stock', 'fixed'] as const) : (['fixed', 'stock'] as const)
    const line: string[] = []
    for (const name of order) {
      const rate = await phase(pools[name])
      series[name]?.push(rate)
      line.push(`${name} ${Math.round(rate)}`)
    }
    console.log(`phase ${String(index + 1).padStart(2)}  ${line.join('  ')} q/s`)
  }
  for (const sql of Object.values(pools)) await sql.end({ timeout: 5 })
  // The machine's load moves both variants together; the same-phase ratio cancels most of it.
  const ratios = (series.fixed ?? []).map((fixed, index) => fixed / (series.stock?.[index] ?? fixed))

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
  const tenth = Math.max(1, Math.round(phases / 5))
  console.log('\n| variant | first 20 % q/s (median) | last 20 % q/s (median) | last ÷ first |')
  console.log('| --- | --- | --- | --- |')
  for (const [name, values] of Object.entries(series)) {
    const first = median(values.slice(0, tenth))
    const last = median(values.slice(-tenth))
    console.log(`| ${name} | ${Math.round(first)} | ${Math.round(last)} | ${(last / first).toFixed(2)} |`)
  }
  console.log(
    `\nfixed ÷ stock in the same phase: first 20 % ${median(ratios.slice(0, tenth)).toFixed(2)}, last 20 % ${median(ratios.slice(-tenth)).toFixed(2)}`,
  )
}

await main()
