/**
 * A TCP proxy that can play a database outage: put it between the app and Postgres, then `down()`
 * refuses new connections and cuts the open ones, as a crashed or restarting server would, and
 * `up()` lets traffic through again. The real Postgres server, shared with other work, is never
 * touched.
 */

import { connect, createServer, type Server, type Socket } from 'node:net'

/** A running fault proxy. */
export interface FaultProxy {
  /** The loopback port it listens on (chosen by the system). */
  port: number
  /** Whether connections are let through. */
  readonly isUp: boolean
  /** Accepts connections again and forwards them. */
  up(): void
  /** Destroys every open connection (both sides) and refuses new ones until `up()`. */
  down(): void
  /** Stops listening and destroys every connection. */
  close(): Promise<void>
  /** A copy of `url` (a postgres:// URL) pointing at the proxy instead of the upstream server. */
  urlFor(url: string): string
}

/** Starts a proxy on a random loopback port forwarding to `target`; it starts up unless `startDown`. */
export async function startFaultProxy(
  target: { host: string; port: number },
  options: { startDown?: boolean } = {},
): Promise<FaultProxy> {
  let isUp = !options.startDown
  const open = new Set<Socket>()
  const track = (socket: Socket) => {
    open.add(socket)
    socket.once('close', () => open.delete(socket))
    // A reset during `down()` is the point of the exercise, not a failure of the proxy.
    socket.on('error', () => socket.destroy())
  }

  const server: Server = createServer((downstream) => {
    track(downstream)
    if (!isUp) {
      // Listening but refusing: the closest a userland proxy gets to ECONNREFUSED.
      downstream.resetAndDestroy()
      return
    }
    const upstream = connect(target.port, target.host)
    track(upstream)
    downstream.pipe(upstream)
    upstream.pipe(downstream)
    downstream.once('close', () => upstream.destroy())
    upstream.once('close', () => downstream.destroy())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('fault proxy: no port')

  const cutAll = () => {
    for (const socket of open) socket.resetAndDestroy()
    open.clear()
  }

  return {
    port: address.port,
    get isUp() {
      return isUp
    },
    up() {
      isUp = true
    },
    down() {
      isUp = false
      cutAll()
    },
    async close() {
      isUp = false
      cutAll()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
    urlFor(url: string) {
      const parsed = new URL(url)
      parsed.hostname = '127.0.0.1'
      parsed.port = String(address.port)
      return parsed.toString()
    },
  }
}
