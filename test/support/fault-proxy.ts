/**
 * A TCP proxy that can play a database outage: put it between the app and Postgres, then `down()`
 * cuts the open connections and stops listening, so new ones are refused (ECONNREFUSED) as by a
 * crashed or restarting server, and `up()` listens on the same port again. `blackhole()` plays the
 * nastier failure, a network that drops packets: connections are accepted and kept, but nothing is
 * forwarded either way (bytes are held) until `heal()`, which delivers what was held and resumes,
 * as TCP does when a partition ends. The real Postgres server, shared with other work, is never
 * touched.
 */

import { connect, createServer, type Server, type Socket } from 'node:net'

/** A running fault proxy. */
export interface FaultProxy {
  /** The loopback port it listens on (chosen by the system). */
  port: number
  /** Whether connections are let through. */
  readonly isUp: boolean
  /** Whether bytes are being held instead of forwarded. */
  readonly isBlackholed: boolean
  /** From now on, accepts connections but forwards nothing, in either direction, on any connection. */
  blackhole(): void
  /** Ends the blackhole: held bytes are delivered, held connections reach the database. */
  heal(): void
  /** Listens again (same port) and forwards connections. */
  up(): Promise<void>
  /** Destroys every open connection (both sides) and stops listening until `up()`. */
  down(): Promise<void>
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
  let isUp = false
  const open = new Set<Socket>()
  const track = (socket: Socket) => {
    open.add(socket)
    socket.once('close', () => open.delete(socket))
    // A reset during `down()` is the point of the exercise, not a failure of the proxy.
    socket.on('error', () => socket.destroy())
  }

  let blackholed = false
  // While blackholed, every forwarding step waits here; heal() runs them in order.
  let held: (() => void)[] = []
  const forward = (step: () => void) => {
    if (blackholed) held.push(step)
    else step()
  }

  const server: Server = createServer((downstream) => {
    track(downstream)
    let upstream: Socket | null = null
    const early: Buffer[] = []
    downstream.on('data', (chunk: Buffer) =>
      forward(() => {
        if (upstream) upstream.write(chunk)
        else early.push(chunk)
      }),
    )
    forward(() => {
      if (downstream.destroyed) return
      const socket = connect(target.port, target.host)
      upstream = socket
      track(socket)
      for (const chunk of early.splice(0)) socket.write(chunk)
      socket.on('data', (chunk: Buffer) => forward(() => downstream.write(chunk)))
      downstream.once('close', () => socket.destroy())
      socket.once('close', () => downstream.destroy())
    })
  })
  let port = 0
  const listen = async () => {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
    const address = server.address()
    if (!address || typeof address === 'string') throw new Error('fault proxy: no port')
    port = address.port
    isUp = true
  }
  const stopListening = async () => {
    isUp = false
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    for (const socket of open) socket.resetAndDestroy()
    open.clear()
    await closed
  }

  // The port is chosen once, by listening; a proxy that starts down then closes it again.
  await listen()
  if (options.startDown) await stopListening()

  return {
    get port() {
      return port
    },
    get isUp() {
      return isUp
    },
    get isBlackholed() {
      return blackholed
    },
    blackhole() {
      blackholed = true
    },
    heal() {
      blackholed = false
      for (const step of held.splice(0)) step()
      held = []
    },
    async up() {
      if (!isUp) await listen()
    },
    async down() {
      if (isUp) await stopListening()
    },
    async close() {
      if (isUp) await stopListening()
    },
    urlFor(url: string) {
      const parsed = new URL(url)
      parsed.hostname = '127.0.0.1'
      parsed.port = String(port)
      return parsed.toString()
    },
  }
}
