/**
 * Where a request's CPU goes: a sampled V8 profile of a warm server under load, attributed to the
 * parts of the build that spent it, in µs per request (issue 23: "the profile attribution").
 *
 * The servers start with `--inspect-port=<n>` and no inspector; `SIGUSR1` opens it (Node's
 * documented way to profile a running process: https://nodejs.org/en/learn/getting-started/debugging),
 * and the DevTools protocol's `Profiler` domain samples only while one load runs, so warm-up and
 * start-up never count. Self time goes to the file of the frame that spent it; a built-in without
 * a file (`JSON.stringify`, a regex) counts for the nearest caller that has one.
 */

/** The parts of a production build (`.output/server/`, and the framework app's same layout). */
export const PROFILE_PARTS = [
  'tessera',
  'framework',
  'server runtime',
  'database',
  'jwt',
  'validation',
  'other libraries',
  'node',
  'gc',
  'v8',
] as const
export type ProfilePart = (typeof PROFILE_PARTS)[number]

export const PROFILE_PART_LABELS: Record<ProfilePart, string> = {
  tessera: 'app code',
  framework: 'Start, Router, React, seroval',
  'server runtime': 'nitro, h3, srvx',
  database: 'postgres.js, Drizzle',
  jwt: 'jose',
  validation: 'zod',
  'other libraries': 'other libraries',
  node: 'Node.js (http, streams, crypto)',
  gc: 'garbage collection',
  v8: 'V8, unattributed',
}

/** The DevTools protocol's `Profiler.Profile`, as much of it as is read here. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

/**
 * Start's own code that the build puts beside the app's modules in `_ssr/`: its request handler
 * (`ssr.mjs`) and the server-function glue. (`start-*.mjs` and `router-*.mjs` are the app's
 * `start.ts` and `router.tsx`.)
 */
const START_GLUE = /\/_ssr\/(?:ssr|createServerRpc|createSsrRpc|empty-plugin-adapters)[-.]/

export function partOfUrl(url: string): ProfilePart | null {
  if (url === '') return null
  if (url.startsWith('node:')) return 'node'
  if (START_GLUE.test(url)) return 'framework'
  if (url.includes('/_ssr/')) return 'tessera'
  if (/\/_libs\/(?:@tanstack\/|seroval|tanstack__)/.test(url)) return 'framework'
  if (/\/_libs\/(?:drizzle-orm|postgres)/.test(url)) return 'database'
  if (url.includes('/_libs/jose')) return 'jwt'
  if (url.includes('/_libs/zod')) return 'validation'
  if (/\/_libs\/h3|\/_runtime\.mjs|\/_chunks\/|\/server\/index\.mjs/.test(url)) return 'server runtime'
  if (url.includes('/_libs/') || url.includes('/node_modules/')) return 'other libraries'
  return 'v8'
}

/**
 * µs of CPU per request by part, from a profile taken while `requests` requests were served.
 * Idle samples are left out; a sample lasts until the next one (DevTools' convention).
 */
export function attribute(profile: CpuProfile, requests: number): Record<ProfilePart, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const partCache = new Map<number, ProfilePart | 'idle'>()
  const partOf = (id: number): ProfilePart | 'idle' => {
    const cached = partCache.get(id)
    if (cached) return cached
    const node = byId.get(id)
    let part: ProfilePart | 'idle'
    if (!node) part = 'v8'
    else if (node.callFrame.functionName === '(idle)') part = 'idle'
    else if (node.callFrame.functionName === '(garbage collector)') part = 'gc'
    else if (node.callFrame.functionName === '(program)' || node.callFrame.functionName === '(root)') part = 'v8'
    else {
      const own = partOfUrl(node.callFrame.url)
      const up = parent.get(id)
      part = own ?? (up === undefined ? 'v8' : partOf(up))
    }
    partCache.set(id, part)
    return part
  }
  const totals = Object.fromEntries(PROFILE_PARTS.map((part) => [part, 0])) as Record<ProfilePart, number>
  for (let i = 0; i < profile.samples.length; i++) {
    const sample = profile.samples[i]
    const duration = profile.timeDeltas[i + 1] ?? 0
    if (sample === undefined || duration <= 0) continue
    const part = partOf(sample)
    if (part !== 'idle') totals[part] += duration
  }
  for (const part of PROFILE_PARTS) totals[part] = requests > 0 ? totals[part] / requests : Number.NaN
  return totals
}

/** A DevTools protocol session over the inspector's WebSocket. */
class Inspector {
  #nextId = 1
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } }
      const waiting = message.id === undefined ? undefined : this.#pending.get(message.id)
      if (!waiting || message.id === undefined) return
      this.#pending.delete(message.id)
      if (message.error) waiting.reject(new Error(message.error.message))
      else waiting.resolve(message.result)
    })
  }

  static async open(url: string): Promise<Inspector> {
    const socket = new WebSocket(url)
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true })
      socket.addEventListener('error', () => reject(new Error(`cannot reach the inspector at ${url}`)), { once: true })
    })
    return new Inspector(socket)
  }

  send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.#nextId++
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      this.socket.send(JSON.stringify({ id, method, params }))
    })
  }

  close(): void {
    this.socket.close()
  }
}

/** Opens the inspector of the process `pid` (started with `--inspect-port=<port>`) and connects. */
async function attach(pid: number, port: number): Promise<Inspector> {
  process.kill(pid, 'SIGUSR1')
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    const targets = await fetch(`http://127.0.0.1:${port}/json/list`).then(
      (response) => response.json() as Promise<{ webSocketDebuggerUrl?: string }[]>,
      () => [],
    )
    const url = targets[0]?.webSocketDebuggerUrl
    if (url) return Inspector.open(url)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`process ${pid} opened no inspector on port ${port}`)
}

/** Sampling period, µs: fine enough for a few hundred µs per request, cheap enough not to distort it. */
export const SAMPLING_INTERVAL_US = 250

/** What the profile phase samples: each of ours beside its framework equivalent (report.ts). */
export const PROFILED_TARGETS = [
  'fw-ping',
  'fn-anon',
  'fn-jwt',
  'fw-home',
  'ssr-anon',
  'fw-list',
  'ssr-ungated',
  'ssr-gated',
]

/** Runs `work` (one load) while the process samples itself; returns the load's result and the profile. */
export async function profiled<T>(
  pid: number,
  inspectPort: number,
  work: () => Promise<T>,
): Promise<{ result: T; profile: CpuProfile }> {
  const inspector = await attach(pid, inspectPort)
  try {
    await inspector.send('Profiler.enable')
    await inspector.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US })
    await inspector.send('Profiler.start')
    const result = await work()
    const { profile } = await inspector.send<{ profile: CpuProfile }>('Profiler.stop')
    await inspector.send('Profiler.disable')
    return { result, profile }
  } finally {
    inspector.close()
  }
}
