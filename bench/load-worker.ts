/**
 * The load generator's process (pinned to its own CPU by load.ts): runs autocannon for each spec
 * it receives over IPC and sends back the summary, rotating through the given header sets so the
 * server sees many distinct credentials.
 */

import autocannon from 'autocannon'
import type { LoadResult, LoadSpec } from './load.ts'

async function run(spec: LoadSpec): Promise<LoadResult> {
  let next = 0
  const variants = spec.variants.length > 0 ? spec.variants : [{ headers: {} }]
  const windowMs = (spec.windowSeconds ?? 0) * 1000
  const windows: number[] = []
  const started = Date.now()
  let instance: autocannon.Instance | undefined
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.seconds,
        timeout: 10,
        requests: [
          {
            method: spec.method,
            setupRequest: (request) => {
              const variant = variants[next++ % variants.length] ?? { headers: {} }
              return {
                ...request,
                headers: { ...request.headers, ...variant.headers },
                ...(variant.path === undefined ? {} : { path: variant.path }),
                ...(variant.body === undefined ? {} : { body: variant.body }),
              }
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    )
  })
  if (windowMs > 0) {
    instance?.on('response', (_client, statusCode) => {
      if (statusCode < 200 || statusCode >= 300) return
      const index = Math.floor((Date.now() - started) / windowMs)
      windows[index] = (windows[index] ?? 0) + 1
    })
  }
  const result = await finished
  const statusCodes: Record<string, number> = {}
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stats?.count ?? 0
  return {
    generator: 'autocannon',
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    seconds: result.duration,
    latency: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.average,
    },
    errors: result.non2xx + result.errors + result.timeouts,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    statusCodes,
    ...(windowMs > 0
      ? {
          windows: Array.from(
            { length: Math.floor((spec.seconds * 1000) / windowMs) },
            (_, i) => (windows[i] ?? 0) / (windowMs / 1000),
          ),
        }
      : {}),
  }
}

process.on('message', async (message: { id: number; spec: LoadSpec }) => {
  try {
    process.send?.({ id: message.id, result: await run(message.spec) })
  } catch (error) {
    process.send?.({ id: message.id, error: String((error as Error)?.stack ?? error) })
  }
})
process.send?.({ ready: true })
