/**
 * Security finding "unbounded bodies before authentication" (docs/security.md): a 300 MB body sent
 * to the token endpoint with a well-formed (unknown) client token and session id, the most an
 * anonymous caller can reach. It used to be read whole before the caller was checked (RSS 144 →
 * 1,020 MB, never returned). Every server route now refuses a body over its limit with a coded 413
 * before any authentication, database or parsing work (ADR 021):
 * - declared in Content-Length: refused from the header, before a byte of the body is read;
 * - streamed in chunks without a length: refused once the limit is passed;
 * - a Content-Length that lies (a small one, then 300 MB): the server reads only what was declared,
 *   and Node's parser refuses the rest as a malformed next request and closes the connection.
 *
 * The proof that the body was not read is how much of it the client had sent when the answer came
 * (a few socket buffers, not 300 MB), and the server's RSS afterwards, held to the soak's bound
 * (REL-02: less than 30 MB of growth).
 *
 * Needs the production build (`npm run test:faults` builds it) and a Postgres server.
 */

import { readFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type FaultServer, RSS_GROWTH_LIMIT_BYTES, startFaultServer } from '../support/fault-server.ts'

const BODY_BYTES = 300 * 1024 * 1024
const CHUNK_BYTES = 64 * 1024
// What may be in flight (socket buffers on both ends) when the answer arrives: far below the body.
const IN_FLIGHT_MAX_BYTES = 32 * 1024 * 1024
const FAKE_CLIENT_TOKEN = 'A'.repeat(43)
const TOKEN_PATH = `/api/sessions/sess_${'0'.repeat(26)}/tokens`

let server: FaultServer

beforeAll(async () => {
  server = await startFaultServer('body_limits')
})

afterAll(async () => {
  await server?.stop()
})

type Framing = 'content-length' | 'chunked' | 'lying-content-length'

interface Sent {
  status: number
  code: string | null
  /** Body bytes the client had written when the first byte of the answer arrived. */
  sentWhenAnswered: number
  ms: number
}

/**
 * POSTs a `BODY_BYTES` JSON body (`{"template":"aaaa…"}`, well-formed, so nothing refuses it for
 * its shape) over a raw socket, writing as fast as the server takes it, and stops at the answer.
 */
function sendHugeBody(framing: Framing): Promise<Sent> {
  const target = new URL(server.baseUrl)
  const prefix = Buffer.from('{"template":"')
  const filler = Buffer.alloc(CHUNK_BYTES, 'a')
  const length = framing === 'lying-content-length' ? 1000 : BODY_BYTES
  const head =
    `POST ${TOKEN_PATH} HTTP/1.1\r\nHost: ${target.host}\r\nAuthorization: Bearer ${FAKE_CLIENT_TOKEN}\r\n` +
    'Content-Type: application/json\r\n' +
    (framing === 'chunked' ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${length}\r\n`) +
    '\r\n'
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const socket = connect(Number(target.port), target.hostname)
    let sent = 0
    let sentWhenAnswered = -1
    let answer = ''
    let settled = false
    const finish = () => {
      if (settled) return
      settled = true
      socket.destroy()
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)
      const code = /"code":"([a-z_]+)"/.exec(answer)?.[1] ?? null
      resolve({ status, code, sentWhenAnswered, ms: Math.round(performance.now() - started) })
    }
    socket.on('data', (data: Buffer) => {
      if (sentWhenAnswered === -1) sentWhenAnswered = sent
      answer += data.toString('latin1')
      // One whole answer (headers and a short body, with a length or chunked) is all this needs.
      const end = answer.indexOf('\r\n\r\n')
      const declared = Number(/\r\ncontent-length: (\d+)/i.exec(answer)?.[1] ?? Number.NaN)
      if (end === -1) return
      if (answer.length - end - 4 >= declared || answer.endsWith('\r\n0\r\n\r\n')) finish()
    })
    socket.on('close', finish)
    // The server may close while we are still writing (EPIPE, ECONNRESET): the answer decides.
    socket.on('error', () => finish())
    socket.once('connect', async () => {
      try {
        socket.write(head)
        while (sent < BODY_BYTES && !settled) {
          const chunk = sent === 0 ? Buffer.concat([prefix, filler.subarray(prefix.length)]) : filler
          const framed =
            framing === 'chunked'
              ? [Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]
              : [chunk]
          let drained = true
          for (const part of framed) drained = socket.write(part) && drained
          sent += chunk.length
          if (!drained) await drainedOrClosed(socket)
        }
        if (!settled) socket.write(framing === 'chunked' ? '0\r\n\r\n' : '')
      } catch (error) {
        if (!settled) reject(error)
      }
    })
  })
}

/** Until the socket takes more (or closes, when the server has answered and hung up). */
function drainedOrClosed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done).off('close', done)
      resolve()
    }
    socket.on('drain', done).on('close', done)
  })
}

it('refuses a 300 MB body to the token endpoint with a coded 413 before reading it, and RSS stays bounded', async () => {
  // Warm up the route (and the process) with a small refused request first, so RSS starts settled.
  for (let i = 0; i < 20; i++) {
    const warm = await fetch(`${server.baseUrl}${TOKEN_PATH}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${FAKE_CLIENT_TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(warm.status).toBe(401)
  }
  const rssBefore = server.rss() ?? 0

  const results: Record<Framing, Sent> = {
    'content-length': await sendHugeBody('content-length'),
    chunked: await sendHugeBody('chunked'),
    'lying-content-length': await sendHugeBody('lying-content-length'),
  }
  const rssAfter = server.rss() ?? 0
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10
  console.info(
    '[body limits]',
    JSON.stringify({
      results,
      rssMb: { before: mb(rssBefore), after: mb(rssAfter), growth: mb(rssAfter - rssBefore) },
    }),
  )

  for (const framing of ['content-length', 'chunked'] as const) {
    expect(results[framing], framing).toMatchObject({ status: 413, code: 'payload_too_large' })
    expect(results[framing].sentWhenAnswered, framing).toBeLessThan(IN_FLIGHT_MAX_BYTES)
  }
  // The lie: the declared 1,000 bytes are a malformed body, and the rest is no request at all: the
  // first 400 to arrive is ours (invalid_input) or Node's parser refusing the rest, then it hangs up.
  expect(results['lying-content-length'].status).toBe(400)
  expect(results['lying-content-length'].sentWhenAnswered).toBeLessThan(IN_FLIGHT_MAX_BYTES)
  expect(rssAfter - rssBefore).toBeLessThan(RSS_GROWTH_LIMIT_BYTES)

  // The server is fine, and logged each refusal without the credential.
  expect((await fetch(`${server.baseUrl}/health/ready`)).status).toBe(200)
  const log = readFileSync(server.logPath, 'utf8')
  expect(log.match(/"errorCode":"payload_too_large"/g)?.length ?? 0).toBeGreaterThanOrEqual(2)
  expect(log).not.toContain(FAKE_CLIENT_TOKEN)
})
