/**
 * wrk (https://github.com/wg/wrk; Debian's `wrk` package) as the load generator when it is
 * installed: a C event loop that serves the fast paths an order of magnitude past autocannon's
 * ~14 k req/s cap. Each load gets a Lua script of its own: the requests (method, path, headers,
 * body per credential) are formatted once (wrk.format adds Host and Content-Length), `request()` hands them out in turn, and `done()` prints
 * the latency histogram's percentiles (the distribution `--latency` prints, exact in µs) and the
 * totals as one JSON line the bench reads back.
 */

import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { LoadResult, LoadSpec } from './load.ts'

export const WRK = process.env.BENCH_WRK ?? '/usr/bin/wrk'

/** wrk unless BENCH_GENERATOR=autocannon, or when it is not installed. */
export const wrkAvailable = (): boolean => process.env.BENCH_GENERATOR !== 'autocannon' && existsSync(WRK)

const MARK = 'TESSERA_WRK '

/** A Lua string literal for any string (bytes outside printable ASCII as decimal escapes). */
export function luaString(value: string): string {
  let out = '"'
  for (const byte of Buffer.from(value, 'utf8')) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte)
    else out += `\\${byte}`
  }
  return `${out}"`
}

const luaTable = (headers: Record<string, string>) =>
  `{${Object.entries(headers)
    .map(([name, value]) => `[${luaString(name)}]=${luaString(value)}`)
    .join(',')}}`

/**
 * The script for one load. `countStatuses` adds a `response()` hook that counts answers by status
 * (wrk then hands every response to Lua, which costs throughput: only for the loads that need it).
 */
export function wrkScript(spec: LoadSpec, options: { countStatuses?: boolean } = {}): string {
  const url = new URL(spec.url)
  const basePath = `${url.pathname}${url.search}`
  const variants = spec.variants.length > 0 ? spec.variants : [{ headers: {} }]
  const lines: string[] = []
  if (variants.length === 1) {
    // One request: wrk builds it once (no `request()` call per request).
    const [only] = variants as [(typeof variants)[number]]
    lines.push(`wrk.method = ${luaString(spec.method)}`)
    lines.push(`wrk.path = ${luaString(only.path ?? basePath)}`)
    for (const [name, value] of Object.entries(only.headers))
      lines.push(`wrk.headers[${luaString(name)}] = ${luaString(value)}`)
    if (only.body !== undefined) lines.push(`wrk.body = ${luaString(only.body)}`)
  } else {
    // Formatted in init(): wrk sets the Host header only after the script's top level has run.
    lines.push('local requests = {}', 'init = function(args)')
    for (const variant of variants) {
      const body = variant.body === undefined ? 'nil' : luaString(variant.body)
      lines.push(
        `  requests[#requests + 1] = wrk.format(${luaString(spec.method)}, ${luaString(variant.path ?? basePath)}, ${luaTable(variant.headers)}, ${body})`,
      )
    }
    lines.push(
      'end',
      'local n = 0',
      'request = function()',
      '  n = n + 1',
      '  return requests[(n % #requests) + 1]',
      'end',
    )
  }
  lines.push('local threads = {}', 'setup = function(thread) threads[#threads + 1] = thread end')
  if (options.countStatuses) {
    lines.push(
      'statuses = {}',
      'response = function(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end',
    )
  }
  lines.push(
    'done = function(summary, latency, requests)',
    '  local counts = {}',
    ...(options.countStatuses
      ? [
          '  for _, thread in ipairs(threads) do',
          '    for status, count in pairs(thread:get("statuses") or {}) do',
          '      counts[#counts + 1] = string.format(\'"%d":%d\', status, count)',
          '    end',
          '  end',
        ]
      : []),
    '  local e = summary.errors',
    `  io.write(string.format('${MARK}{"requests":%d,"durationUs":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%f,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"statuses":{%s}}\\n',`,
    '    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),',
    '    latency.max, latency.mean, e.connect, e.read, e.write, e.status, e.timeout, table.concat(counts, ",")))',
    'end',
  )
  return `${lines.join('\n')}\n`
}

interface WrkSummary {
  requests: number
  durationUs: number
  p50: number
  p90: number
  p99: number
  max: number
  mean: number
  connect: number
  read: number
  write: number
  status: number
  timeout: number
  statuses: Record<string, number>
}

/** wrk's output (with the script's `done()` line) as the bench's LoadResult; latencies in ms. */
export function parseWrk(stdout: string): LoadResult {
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(MARK))
  if (!line) throw new Error(`wrk printed no summary:\n${stdout.slice(0, 2000)}`)
  const summary = JSON.parse(line.slice(MARK.length)) as WrkSummary
  const seconds = summary.durationUs / 1e6
  const ms = (us: number) => Math.round(us) / 1000
  const socketErrors = summary.connect + summary.read + summary.write
  const statusCodes =
    Object.keys(summary.statuses).length > 0
      ? summary.statuses
      : { '2xx/3xx': summary.requests - summary.status, ...(summary.status ? { other: summary.status } : {}) }
  return {
    generator: 'wrk',
    requestsPerSecond: seconds > 0 ? summary.requests / seconds : 0,
    total: summary.requests,
    seconds,
    latency: {
      p50: ms(summary.p50),
      p90: ms(summary.p90),
      p99: ms(summary.p99),
      max: ms(summary.max),
      mean: ms(summary.mean),
    },
    errors: summary.status + socketErrors + summary.timeout,
    non2xx: summary.status,
    timeouts: summary.timeout,
    statusCodes,
  }
}

const scriptDir = path.join(os.tmpdir(), `tessera-bench-wrk-${process.pid}`)
let scripts = 0

async function runOnce(spec: LoadSpec, seconds: number, pinCpu: number | null, countStatuses: boolean) {
  mkdirSync(scriptDir, { recursive: true })
  const script = path.join(scriptDir, `${++scripts}.lua`)
  writeFileSync(script, wrkScript(spec, { countStatuses }))
  // One thread: the generator has one CPU of its own; more threads would only share it.
  const wrk = [
    WRK,
    '-t1',
    `-c${spec.connections}`,
    `-d${seconds}s`,
    '--timeout',
    '10s',
    '--latency',
    '-s',
    script,
    spec.url,
  ]
  const [command, ...args] = pinCpu === null ? wrk : ['taskset', '-c', String(pinCpu), ...wrk]
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = spawn(command as string, args, { stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      let err = ''
      child.stdout.on('data', (chunk) => {
        out += chunk
      })
      child.stderr.on('data', (chunk) => {
        err += chunk
      })
      child.once('error', reject)
      child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk exited ${code}: ${err || out}`))))
    })
    return parseWrk(stdout)
  } finally {
    rmSync(script, { force: true })
  }
}

/**
 * One load with wrk. With `windowSeconds` (the soak), consecutive runs of that length: each
 * window's req/s, the totals summed, p50 the median and p99/max the worst of the windows.
 */
export async function runWrk(
  spec: LoadSpec,
  pinCpu: number | null,
  options: { countStatuses?: boolean } = {},
): Promise<LoadResult> {
  const countStatuses = options.countStatuses ?? spec.countStatuses ?? false
  const windowSeconds = spec.windowSeconds ?? 0
  if (windowSeconds <= 0) return runOnce(spec, spec.seconds, pinCpu, countStatuses)
  const parts: LoadResult[] = []
  for (let elapsed = 0; elapsed + windowSeconds <= spec.seconds; elapsed += windowSeconds) {
    parts.push(await runOnce(spec, windowSeconds, pinCpu, countStatuses))
  }
  const sum = (pick: (part: LoadResult) => number) => parts.reduce((total, part) => total + pick(part), 0)
  const sorted = (pick: (part: LoadResult) => number) => parts.map(pick).sort((a, b) => a - b)
  const total = sum((part) => part.total)
  const seconds = sum((part) => part.seconds)
  const statusCodes: Record<string, number> = {}
  for (const part of parts)
    for (const [code, count] of Object.entries(part.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count
  return {
    generator: 'wrk',
    requestsPerSecond: seconds > 0 ? total / seconds : 0,
    total,
    seconds,
    latency: {
      p50: sorted((part) => part.latency.p50)[Math.floor(parts.length / 2)] ?? Number.NaN,
      p90: Math.max(...parts.map((part) => part.latency.p90)),
      p99: Math.max(...parts.map((part) => part.latency.p99)),
      max: Math.max(...parts.map((part) => part.latency.max)),
      mean: total > 0 ? sum((part) => part.latency.mean * part.total) / total : Number.NaN,
    },
    errors: sum((part) => part.errors),
    non2xx: sum((part) => part.non2xx),
    timeouts: sum((part) => part.timeouts),
    statusCodes,
    windows: parts.map((part) => (part.total - part.non2xx) / part.seconds),
  }
}
