/**
 * The load generator, in a child process of its own (pinned to CPU 0 with `taskset` when the
 * machine allows, while the servers run on CPU 1), so the measuring never competes with the
 * orchestrator and the orchestrator's work never shows in a measurement.
 */

import { type ChildProcess, spawn } from 'node:child_process'

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
}

export interface LoadResult {
  requestsPerSecond: number
  total: number
  seconds: number
  latency: { p50: number; p90: number; p99: number; max: number; mean: number }
  errors: number
  non2xx: number
  timeouts: number
  statusCodes: Record<string, number>
  windows?: number[]
}

type Pending = { resolve: (result: LoadResult) => void; reject: (error: Error) => void }

export class LoadGenerator {
  private child: ChildProcess
  private pending = new Map<number, Pending>()
  private nextId = 1
  private ready: Promise<void>

  constructor(pinCpu: number | null) {
    const node = [process.execPath, '--import', 'tsx', 'bench/load-worker.ts']
    const [command, ...args] = pinCpu === null ? node : ['taskset', '-c', String(pinCpu), ...node]
    this.child = spawn(command as string, args, {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, NODE_ENV: 'production' },
    })
    this.ready = new Promise((resolve, reject) => {
      this.child.once('exit', (code) => reject(new Error(`the load generator exited (${code})`)))
      this.child.on('message', (message: { ready?: true; id?: number; result?: LoadResult; error?: string }) => {
        if (message.ready) return resolve()
        const waiting = message.id === undefined ? undefined : this.pending.get(message.id)
        if (!waiting || message.id === undefined) return
        this.pending.delete(message.id)
        if (message.result) waiting.resolve(message.result)
        else waiting.reject(new Error(message.error ?? 'load failed'))
      })
    })
  }

  get pid(): number | undefined {
    return this.child.pid
  }

  async run(spec: LoadSpec): Promise<LoadResult> {
    await this.ready
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.child.send({ id, spec })
    })
  }

  stop(): void {
    this.child.kill('SIGTERM')
  }
}
