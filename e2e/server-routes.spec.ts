/**
 * The server routes (the APIs, the JWKS, health, the SSO callback, the testing API) answer a
 * method they do not handle with a coded 405 and `Allow`, never with the page shell: before, Start
 * handed such a request to the page router, and `POST /api/me` answered 200 with HTML. And a
 * client that hangs up in the middle of its request is the client's doing, not a server error (nor
 * a database outage): the server logs `request.aborted`, no stack trace, and carries on. A body over
 * a route's limit is refused with a coded 413 before anything else (the 300 MB case, with the
 * server's memory measured, is test/faults/body-limits.fault.test.ts).
 */

import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { expect, test } from './fixtures.ts'
import { BASE_URL, E2E_LOG_FILE } from './support/env.ts'

/** Each server route with the methods it handles (HEAD comes with GET). */
const SERVER_ROUTES: Array<{ path: string; methods: string[] }> = [
  { path: '/api/me', methods: ['GET'] },
  { path: '/api/sessions/sess_x/tokens', methods: ['POST'] },
  { path: '/.well-known/jwks.json', methods: ['GET'] },
  { path: '/health/live', methods: ['GET'] },
  { path: '/health/ready', methods: ['GET'] },
  { path: '/sso/callback/conn_x', methods: ['GET'] },
  { path: '/api/testing/outbox', methods: ['GET'] },
  { path: '/api/testing/users', methods: ['POST', 'DELETE'] },
]
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

test('a server route answers a method it does not handle with a coded 405 and Allow', async ({ request }) => {
  for (const route of SERVER_ROUTES) {
    const allow = (route.methods.includes('GET') ? [...route.methods, 'HEAD'] : route.methods).join(', ')
    for (const method of METHODS.filter((method) => !route.methods.includes(method))) {
      const response = await request.fetch(route.path, { method, headers: { origin: BASE_URL } })
      expect(response.status(), `${method} ${route.path}`).toBe(405)
      expect(response.headers().allow, `${method} ${route.path}`).toBe(allow)
      expect(response.headers()['content-type']).toBe('application/problem+json')
      expect(await response.json()).toMatchObject({ code: 'method_not_allowed', meta: { allow } })
    }
  }
})

test('a server route refuses a body over its limit with a coded 413, before looking at the caller', async ({
  request,
}) => {
  // No credential at all: the size is refused first (a credential would be looked up only after).
  const body = JSON.stringify({ template: 'x'.repeat(1024 * 1024) })
  for (const route of SERVER_ROUTES) {
    for (const method of route.methods) {
      const response = await request.fetch(route.path, {
        method,
        data: body,
        headers: { 'content-type': 'application/json', origin: BASE_URL },
      })
      expect(response.status(), `${method} ${route.path}`).toBe(413)
      // The rest of the body is discarded, not a reason to hang up (a lingering close, ADR 021).
      expect(response.headers().connection, `${method} ${route.path}`).not.toBe('close')
      expect(await response.json()).toMatchObject({ code: 'payload_too_large' })
    }
  }
})

/** Sends the headers (and `headers`) and part of a body, then resets the connection. */
function hangUpMidBody(path: string, headers = ''): Promise<void> {
  const target = new URL(BASE_URL)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(target.port), target.hostname, () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${target.host}\r\nOrigin: ${BASE_URL}\r\nSec-Fetch-Site: same-origin\r\n` +
          `${headers}Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"partial`,
        () => setImmediate(() => socket.resetAndDestroy()),
      )
    })
    socket.on('close', () => resolve())
    socket.on('error', reject)
  })
}

test('a client hanging up mid-body is logged as an abort, without a stack trace', async ({ request }) => {
  // Both read the body only after their checks pass: a well-formed (unknown) client token and
  // session id get the token endpoint that far.
  const requests = [
    { path: `/api/sessions/sess_${'0'.repeat(26)}/tokens`, headers: `Authorization: Bearer ${'A'.repeat(43)}\r\n` },
    { path: '/_serverFn/$createSignIn', headers: '' },
  ]
  const logged = () =>
    readFileSync(E2E_LOG_FILE, 'utf8')
      .split('\n')
      .filter((line) => line.includes('"event":"request.aborted"'))
  const before = logged().length
  for (const { path, headers } of requests) await hangUpMidBody(path, headers)

  await expect.poll(() => logged().length - before).toBeGreaterThanOrEqual(requests.length)
  const log = readFileSync(E2E_LOG_FILE, 'utf8')
  expect(log).not.toContain('Error: aborted')
  expect(log).not.toContain('ECONNRESET')
  expect((await request.get('/health/ready')).status()).toBe(200)
})
