/**
 * The load generator, in a process of its own (pinned to CPU 0 with `taskset` when the machine
 * allows, while the servers run on CPU 1), so the measuring never competes with the orchestrator
 * and the orchestrator's work never shows in a measurement: wrk when it is installed (bench/wrk.ts),
 * else autocannon in a Node child (bench/load-worker.ts); every result names which one measured it.
 * Given the server's pid, a load also reads the server's CPU time before and after (utime + stime
 * from /proc/<pid>/stat), so each result carries the server's CPU µs per request: steadier than
 * req/s on a shared machine.
 */

import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { runWrk, wrkAvailable } from './wrk.ts'

export type Generator = 'wrk' | 'autocannon'

export interface LoadVariant {
  headers: Record<string, string>
  /** Replaces the URL's path (and query). */
  path?: string
  body?: string
}

export interface LoadSpec {
  url: string
  method: 'GET' | 'POST'
  /** Request variants, one per request in turn (a pool of credentials): headers, and optionally a path and body. */
  variants: LoadVariant[]
  connections: number
  seconds: number
  /** For the soak: successful requests per second in windows of this many seconds. */
  windowSeconds?: number
  /** Count answers by status (wrk then runs a Lua hook per response, which costs throughput). */
  countStatuses?: boolean
}

export interface LoadResult {
  generator: Generator
  requestsPerSecond: number
  total: number
  seconds: number
  latency: { p50: number; p90: number; p99: number; max: number; mean: number }
  errors: number
  non2xx: number
  timeouts: number
  statusCodes: Record<string, number>
  windows?: number[]
  /** The server's CPU time (user + system) during the load ÷ the requests it answered, µs. */
  serverCpuUsPerRequest?: number
}

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

/** A process's CPU time so far (utime + stime, fields 14 and 15 of /proc/<pid>/stat), µs; NaN when unreadable. */
export function cpuMicros(pid: number | undefined): number {
  if (!pid) return Number.NaN
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces), starting with field 3 (state).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    return (ticks * 1e6) / CLOCK_TICKS_PER_SECOND
  } catch {
    return Number.NaN
  }
}

type Pending = { resolve: (result: LoadResult) => void; reject: (error: Error) => void }

export class LoadGenerator {
  private child: ChildProcess | null = null
  private pending = new Map<number, Pending>()
  private nextId = 1
  private ready: Promise<void> | null = null
  /** wrk when installed (and not turned off with BENCH_GENERATOR=autocannon). */
  readonly generator: Generator = wrkAvailable() ? 'wrk' : 'autocannon'

  constructor(private readonly pinCpu: number | null) {}

  /** The autocannon worker, started on first use. */
  private worker(): { child: ChildProcess; ready: Promise<void> } {
    if (this.child && this.ready) return { child: this.child, ready: this.ready }
    const pinCpu = this.pinCpu
    const node = [process.execPath, '--import', 'tsx', 'bench/load-worker.ts']
    const [command, ...args] = pinCpu === null ? node : ['taskset', '-c', String(pinCpu), ...node]
    const child = spawn(command as string, args, {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, NODE_ENV: 'production' },
    })
    this.child = child
    this.ready = new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the load generator exited (${code})`)))
      child.on('message', (message: { ready?: true; id?: number; result?: LoadResult; error?: string }) => {
        if (message.ready) return resolve()
        const waiting = message.id === undefined ? undefined : this.pending.get(message.id)
        if (!waiting || message.id === undefined) return
        this.pending.delete(message.id)
        if (message.result) waiting.resolve(message.result)
        else waiting.reject(new Error(message.error ?? 'load failed'))
      })
    })
    return { child, ready: this.ready }
  }

  /** One load; with `serverPid`, the result carries that server's CPU µs per request. */
  async run(spec: LoadSpec, serverPid?: number): Promise<LoadResult> {
    const before = cpuMicros(serverPid)
    const result = this.generator === 'wrk' ? await runWrk(spec, this.pinCpu) : await this.autocannon(spec)
    const after = cpuMicros(serverPid)
    if (Number.isFinite(before) && Number.isFinite(after) && result.total > 0)
      result.serverCpuUsPerRequest = (after - before) / result.total
    return result
  }

  private async autocannon(spec: LoadSpec): Promise<LoadResult> {
    const { child, ready } = this.worker()
    await ready
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      child.send({ id, spec })
    })
  }

  stop(): void {
    this.child?.kill('SIGTERM')
  }
}
