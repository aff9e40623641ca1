/**
 * The server-route wrapper's checks, in the order it runs them, on plain Requests: the method, the
 * body's limit (declared and while streaming), the credential and the CSRF rule, the parameters,
 * the JSON body, and only then the credential's verification (mocked here: it stands for the
 * database read or the signature check, and must not run for a request refused before it).
 */

import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as z from 'zod'

const TESTING_TOKEN = 't'.repeat(40)
const CLIENT_TOKEN = 'C'.repeat(43)
const ORIGIN = 'http://app.example'

const state = vi.hoisted(() => {
  process.env.TESSERA_TESTING_TOKEN = 't'.repeat(40)
  return { request: new Request('http://app.example/') }
})

vi.mock('@tanstack/react-start/server', () => ({
  getRequest: () => state.request,
  getRequestHeader: (name: string) => state.request.headers.get(name) ?? undefined,
  getRequestIP: () => '203.0.113.9',
  getCookie: (name: string) =>
    new URLSearchParams((state.request.headers.get('cookie') ?? '').replaceAll('; ', '&')).get(name) ?? undefined,
}))

const verified = vi.hoisted(() => ({ calls: 0 }))

vi.mock('../server/auth.server.ts', () => ({
  authenticate: async (_db: unknown, input: { token: string }) => {
    verified.calls++
    return { clientId: input.token === 'C'.repeat(43) ? 'client_1' : null, session: null }
  },
}))
vi.mock('../server/db.server.ts', () => ({ getDb: async () => ({}) }))
vi.mock('../server/request-auth.server.ts', () => ({ verifyOptions: async () => ({}) }))
vi.mock('../server/tokens.server.ts', async () => {
  const { TesseraError } = await import('../session/errors.ts')
  return {
    verifySessionToken: async (token: string) => {
      verified.calls++
      if (token === 'pending.jwt.token') return { sub: 'user_1', sid: 'sess_1', sts: 'pending' }
      if (token !== 'good.jwt.token') throw new TesseraError('token_malformed')
      return { sub: 'user_1', sid: 'sess_1' }
    },
  }
})

const SECRET_KEY = `sk_test_${'K'.repeat(43)}`
const failures = vi.hoisted(() => ({ counted: 0, limit: Number.POSITIVE_INFINITY, keys: [] as string[] }))
vi.mock('../server/secret-keys.server.ts', () => ({
  verifySecretKey: async (_db: unknown, key: string) => {
    verified.calls++
    return key === `sk_test_${'K'.repeat(43)}` ? { id: 'skey_1', name: 'backend' } : null
  },
}))
vi.mock('../server/rate-limits.server.ts', async () => {
  const { TesseraError } = await import('../session/errors.ts')
  return {
    enforceRateLimit: async (_db: unknown, _config: unknown, rule: string, subject: string) => {
      // A good key's own allowance is counted apart from the refused keys of an address.
      if (rule === 'secret_key_requests') return void failures.keys.push(subject)
      failures.counted++
      if (failures.counted > failures.limit) throw new TesseraError('rate_limited', { meta: { retryAfterSeconds: 60 } })
    },
  }
})

const { endpoint, serverRoute } = await import('./server-route.server.ts')
const { REFUSED_BODY_LINGER_SECONDS } = await import('../session/policy.ts')

beforeEach(() => {
  verified.calls = 0
  failures.counted = 0
  failures.limit = Number.POSITIVE_INFINITY
  failures.keys = []
})

/** Calls `route`'s handler for `request`'s method, as Start does (ANY for any other method). */
async function call(
  route: ReturnType<typeof serverRoute>,
  request: Request,
  params: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  state.request = request
  const handler = route.handlers[request.method as 'GET'] ?? route.handlers.ANY
  if (!handler) throw new Error('no handler')
  const response = await handler({ request, params })
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} }
}

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}/api/thing`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${CLIENT_TOKEN}`, 'content-type': 'application/json', ...headers },
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit)

const echo = serverRoute({
  POST: endpoint({
    auth: 'client_token',
    body: { schema: z.strictObject({ name: z.string().max(10) }).optional(), maxBytes: 1024 },
    handle: ({ auth, body }) => Response.json({ clientId: auth.clientId, body: body ?? null }),
  }),
})

/** A body that streams `total` bytes in 16 KiB chunks and counts how many were pulled. */
/** A body of `total` bytes in 16 KiB chunks, each a millisecond after the last is pulled (like a socket). */
function countingStream(total: number) {
  const pulled = { bytes: 0, cancelled: false }
  const chunk = new Uint8Array(16 * 1024).fill(0x61)
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, 1))
      if (pulled.bytes >= total) return controller.close()
      pulled.bytes += chunk.byteLength
      controller.enqueue(chunk)
    },
    cancel() {
      pulled.cancelled = true
    },
  })
  return { stream, pulled }
}

describe('the method allowlist', () => {
  it('answers any other method with a coded 405 and Allow, HEAD coming with GET', async () => {
    const route = serverRoute({
      GET: endpoint({ auth: 'none', handle: () => new Response('ok') }),
      DELETE: endpoint({ auth: 'none', handle: () => new Response(null, { status: 204 }) }),
    })
    const answer = await call(route, new Request(`${ORIGIN}/x`, { method: 'PUT' }))
    expect(answer.status).toBe(405)
    expect(answer.headers.get('allow')).toBe('GET, DELETE, HEAD')
    expect(answer.body).toMatchObject({ code: 'method_not_allowed', meta: { allow: 'GET, DELETE, HEAD' } })
  })
})

describe('the body limit', () => {
  it('refuses a body declared over the limit with 413, before the credential or the origin is looked at', async () => {
    const request = new Request(`${ORIGIN}/api/thing`, {
      method: 'POST',
      body: 'x'.repeat(2000),
      headers: { origin: 'http://evil.example', 'content-length': '2000' },
    })
    const answer = await call(echo, request)
    expect(answer.status).toBe(413)
    expect(answer.body).toMatchObject({ code: 'payload_too_large', meta: { maxBytes: 1024 } })
    expect(verified.calls).toBe(0)
  })

  it('refuses a streamed body once it passes the limit, answering before reading further', async () => {
    const { stream, pulled } = countingStream(300 * 1024 * 1024)
    const answer = await call(echo, post(stream))
    const pulledWhenAnswered = pulled.bytes
    expect(answer.status).toBe(413)
    expect(answer.body).toMatchObject({ code: 'payload_too_large' })
    // The limit, and at most what the stream had queued ahead of the reader.
    expect(pulledWhenAnswered).toBeLessThan(128 * 1024)
    expect(verified.calls).toBe(0)
  })

  it('discards what still comes after a 413 for at most the linger, then cuts the body off', async () => {
    vi.useFakeTimers()
    try {
      const { stream, pulled } = countingStream(Number.POSITIVE_INFINITY)
      const answer = call(echo, post(stream))
      await vi.advanceTimersByTimeAsync(50)
      expect((await answer).status).toBe(413)
      const discarding = pulled.bytes
      await vi.advanceTimersByTimeAsync(REFUSED_BODY_LINGER_SECONDS * 1000 - 100)
      // Still read (and thrown away), so the client's 413 is not lost to a reset…
      expect(pulled.bytes).toBeGreaterThan(discarding)
      expect(pulled.cancelled).toBe(false)
      // …until the linger runs out.
      await vi.advanceTimersByTimeAsync(100)
      expect(pulled.cancelled).toBe(true)
    } finally {
      vi.useRealTimers()
    }
  })

  it('lets an endpoint without a body take none', async () => {
    const route = serverRoute({ DELETE: endpoint({ auth: 'none', handle: () => new Response(null, { status: 204 }) }) })
    const headers = { origin: ORIGIN, 'sec-fetch-site': 'same-origin' }
    const empty = await call(route, new Request(`${ORIGIN}/x`, { method: 'DELETE', headers }))
    expect(empty.status).toBe(204)
    const withBody = await call(route, new Request(`${ORIGIN}/x`, { method: 'DELETE', headers, body: '{}' }))
    expect(withBody.status).toBe(413)
  })
})

describe('the JSON body', () => {
  it('reaches the handler parsed, with the credential verified', async () => {
    const answer = await call(echo, post('{"name":"ada"}'))
    expect(answer).toMatchObject({ status: 200, body: { clientId: 'client_1', body: { name: 'ada' } } })
    expect(verified.calls).toBe(1)
  })

  it('parses an empty body as undefined', async () => {
    expect((await call(echo, post(null, { 'content-type': '' }))).body).toMatchObject({ body: null })
  })

  it.each([
    ['malformed JSON', '{"name":', {}, 'malformed JSON'],
    ['text that is not UTF-8', new Uint8Array([0x22, 0xff, 0x22]), {}, 'malformed JSON'],
    ['another content type', '{"name":"ada"}', { 'content-type': 'text/plain' }, 'unsupported content type'],
    ['a form', 'name=ada', { 'content-type': 'application/x-www-form-urlencoded' }, 'unsupported content type'],
  ])('refuses %s with 400 invalid_input, before verifying the credential', async (_, body, headers, reason) => {
    const answer = await call(echo, post(body, headers))
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ code: 'invalid_input', meta: { reason } })
    expect(verified.calls).toBe(0)
  })

  it.each([
    ['an unknown field', '{"name":"ada","admin":true}'],
    ['a field of the wrong type', '{"name":42}'],
    ['a field too long', '{"name":"a name far too long"}'],
    ['a prototype key', '{"__proto__":{"admin":true}}'],
    ['an array', '[]'],
  ])('refuses %s with 400 invalid_input and the failing fields', async (_, body) => {
    const answer = await call(echo, post(body))
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ code: 'invalid_input', meta: { issues: expect.any(Array) } })
    expect(verified.calls).toBe(0)
  })
})

describe('CSRF on cookie-authenticated mutations', () => {
  const withCookie = (headers: Record<string, string>) =>
    new Request(`${ORIGIN}/api/thing`, {
      method: 'POST',
      body: '{"name":"ada"}',
      headers: { cookie: `__client=${CLIENT_TOKEN}`, 'content-type': 'application/json', ...headers },
    })

  it.each([
    ['no Origin', {}],
    ['Origin: null', { origin: 'null' }],
    ['another origin', { origin: 'http://evil.example' }],
    ['our Origin but cross-site Fetch Metadata', { origin: ORIGIN, 'sec-fetch-site': 'cross-site' }],
  ])('refuses a cookie with %s: 403 cross_origin_request, nothing verified', async (_, headers) => {
    const answer = await call(echo, withCookie(headers))
    expect(answer.status).toBe(403)
    expect(answer.body).toMatchObject({ code: 'cross_origin_request' })
    expect(verified.calls).toBe(0)
  })

  it('lets a same-origin cookie through', async () => {
    const answer = await call(echo, withCookie({ origin: ORIGIN, 'sec-fetch-site': 'same-origin' }))
    expect(answer).toMatchObject({ status: 200, body: { clientId: 'client_1' } })
  })

  it('needs no Origin with a bearer credential, which no other site can make a browser send', async () => {
    expect((await call(echo, post('{"name":"ada"}', { origin: 'http://evil.example' }))).status).toBe(200)
  })

  it('checks a mutation that presents no credential at all', async () => {
    const route = serverRoute({ POST: endpoint({ auth: 'none', handle: () => new Response('ran') }) })
    const answer = await call(route, new Request(`${ORIGIN}/x`, { method: 'POST' }))
    expect(answer.status).toBe(403)
  })

  it('leaves public reads alone, whichever site asks (the JWKS, an IdP sending the browser back)', async () => {
    const route = serverRoute({ GET: endpoint({ auth: 'none', handle: () => Response.json({ ran: true }) }) })
    const answer = await call(route, new Request(`${ORIGIN}/x`, { headers: { 'sec-fetch-site': 'cross-site' } }))
    expect(answer).toMatchObject({ status: 200, body: { ran: true } })
  })
})

describe('credentials', () => {
  const me = serverRoute({
    GET: endpoint({ auth: 'session_token', handle: ({ auth }) => Response.json({ userId: auth.sub }) }),
  })
  const get = (headers: Record<string, string> = {}) => new Request(`${ORIGIN}/api/me`, { headers })

  it('verifies a session token from the bearer header', async () => {
    const answer = await call(me, get({ authorization: 'Bearer good.jwt.token' }))
    expect(answer).toMatchObject({ status: 200, body: { userId: 'user_1' } })
  })

  it('answers 401 with the Bearer challenge, saying whether a presented token was refused', async () => {
    const missing = await call(me, get())
    expect(missing).toMatchObject({ status: 401, body: { code: 'signed_out' } })
    expect(missing.headers.get('www-authenticate')).toBe('Bearer')
    expect(verified.calls).toBe(0)
    const bad = await call(me, get({ authorization: 'Bearer bad.jwt.token' }))
    expect(bad).toMatchObject({ status: 401, body: { code: 'token_malformed' } })
    expect(bad.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
  })

  it('treats a pending session as signed out, like the reference (treatPendingAsSignedOut)', async () => {
    const answer = await call(me, get({ authorization: 'Bearer pending.jwt.token' }))
    expect(answer).toMatchObject({ status: 401, body: { code: 'signed_out' } })
    expect(answer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
  })

  it('lets an endpoint opt in to pending sessions', async () => {
    const tasks = serverRoute({
      GET: endpoint({
        auth: 'session_token',
        treatPendingAsSignedOut: false,
        handle: ({ auth }) => Response.json({ status: auth.sts ?? 'active' }),
      }),
    })
    const answer = await call(tasks, get({ authorization: 'Bearer pending.jwt.token' }))
    expect(answer).toMatchObject({ status: 200, body: { status: 'pending' } })
  })

  it.each([
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['two credentials', 'Bearer a b'],
    ['no credential', 'Bearer '],
  ])('reads a malformed Authorization header (%s) as no credential', async (_, authorization) => {
    expect(await call(me, get({ authorization }))).toMatchObject({ status: 401, body: { code: 'signed_out' } })
    expect(verified.calls).toBe(0)
  })

  it('refuses a client token of the wrong form without looking it up', async () => {
    const answer = await call(echo, post('{}', { authorization: 'Bearer short' }))
    expect(answer).toMatchObject({ status: 401, body: { code: 'signed_out' } })
    expect(verified.calls).toBe(0)
  })

  it('hides the testing API behind a 404 unless the testing token is presented', async () => {
    const route = serverRoute({ GET: endpoint({ auth: 'testing_token', handle: () => Response.json({ ran: true }) }) })
    expect((await call(route, get({ authorization: 'Bearer wrong-testing-token' }))).status).toBe(404)
    expect((await call(route, get())).status).toBe(404)
    expect(await call(route, get({ authorization: `Bearer ${TESTING_TOKEN}` }))).toMatchObject({ status: 200 })
  })
})

describe('parameters and query', () => {
  const route = serverRoute({
    GET: endpoint({
      auth: 'none',
      params: z.object({ id: z.string().regex(/^item_\d+$/) }),
      query: z.object({ limit: z.coerce.number().int().min(1).max(100) }),
      handle: ({ params, query }) => Response.json({ id: params.id, limit: query.limit }),
    }),
  })

  it('hands the handler both parsed', async () => {
    const answer = await call(route, new Request(`${ORIGIN}/items/item_1?limit=5`), { id: 'item_1' })
    expect(answer).toMatchObject({ status: 200, body: { id: 'item_1', limit: 5 } })
  })

  it('answers parameters that name nothing with 404, and a bad query with 400', async () => {
    expect((await call(route, new Request(`${ORIGIN}/items/x?limit=5`), { id: 'x' })).status).toBe(404)
    const query = await call(route, new Request(`${ORIGIN}/items/item_1?limit=500`), { id: 'item_1' })
    expect(query).toMatchObject({ status: 400, body: { code: 'invalid_input' } })
  })
})

describe('failures', () => {
  it('maps an unexpected error to a coded 500 that reveals nothing', async () => {
    const route = serverRoute({
      GET: endpoint({
        auth: 'none',
        handle: () => {
          throw new Error('password=hunter2 in a driver message')
        },
      }),
    })
    const answer = await call(route, new Request(`${ORIGIN}/x`))
    expect(answer).toMatchObject({ status: 500, body: { code: 'internal_error' } })
    expect(JSON.stringify(answer.body)).not.toContain('hunter2')
  })

  it('maps a client that hung up mid-body to request_aborted', async () => {
    const body = new ReadableStream({
      pull(controller) {
        controller.error(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))
      },
    })
    const answer = await call(echo, post(body))
    expect(answer).toMatchObject({ status: 400, body: { code: 'request_aborted' } })
  })
})

describe('the Backend API mode (secret_key, ADR 027)', () => {
  const route = serverRoute({
    POST: endpoint({ auth: 'secret_key', handle: ({ auth }) => Response.json({ keyId: auth.id }) }),
  })
  const request = (headers: Record<string, string>) => new Request(`${ORIGIN}/v1/thing`, { method: 'POST', headers })
  const errorOf = (answer: { body: Record<string, unknown> }) =>
    (answer.body.errors as { code: string; message: string; long_message: string }[])[0]

  it('answers a missing key with the reference 401, as JSON, without a lookup or a count', async () => {
    const answer = await call(route, request({}))
    expect(answer.status).toBe(401)
    expect(answer.headers.get('content-type')).toBe('application/json')
    expect(errorOf(answer)).toMatchObject({ code: 'clerk_key_invalid', message: expect.any(String) })
    expect(errorOf(answer)?.long_message).toEqual(expect.any(String))
    expect(answer.body.clerk_trace_id).toMatch(/^[0-9a-f]{32}$/)
    expect(verified.calls).toBe(0)
    expect(failures.counted).toBe(0)
  })

  it('counts a refused key against the address, and answers 429 past the allowance', async () => {
    const bad = request({ authorization: `Bearer sk_test_${'X'.repeat(43)}` })
    expect(errorOf(await call(route, bad))?.code).toBe('clerk_key_invalid')
    expect(failures.counted).toBe(1)
    failures.limit = 1
    const limited = await call(route, request({ authorization: `Bearer sk_test_${'X'.repeat(43)}` }))
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('60')
    expect(errorOf(limited)?.code).toBe('too_many_requests')
  })

  it('serves a good key whatever the Origin says (no cookie is read), and a 405 in the same shape', async () => {
    const crossSite = request({
      authorization: `Bearer ${SECRET_KEY}`,
      origin: 'https://elsewhere.example',
      'sec-fetch-site': 'cross-site',
    })
    expect(await call(route, crossSite)).toMatchObject({ status: 200, body: { keyId: 'skey_1' } })
    expect(failures.counted).toBe(0)
    expect(failures.keys).toEqual(['skey_1'])
    const put = await call(route, new Request(`${ORIGIN}/v1/thing`, { method: 'PUT' }))
    expect(put.status).toBe(405)
    expect(errorOf(put)?.code).toBe('method_not_allowed')
  })

  it('names the failing query parameter as the reference does', async () => {
    const listed = serverRoute({
      GET: endpoint({
        auth: 'secret_key',
        query: z.object({ limit: z.coerce.number().int().max(10) }),
        handle: () => Response.json([]),
      }),
    })
    const answer = await call(
      listed,
      new Request(`${ORIGIN}/v1/things?limit=99`, { headers: { authorization: `Bearer ${SECRET_KEY}` } }),
    )
    expect(answer.status).toBe(422)
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ code: 'form_param_format_invalid', meta: { param_name: 'limit' } }),
    ])
  })
})

describe('repeated query names', () => {
  const route = serverRoute({
    GET: endpoint({
      auth: 'none',
      query: z.object({ id: z.array(z.string()).optional(), one: z.string().optional() }),
      handle: ({ query }) => Response.json({ query, proto: Object.getPrototypeOf(query) === Object.prototype }),
    }),
  })

  it('reach the schema as an array; one value wanted and several given is a 400', async () => {
    const answer = await call(route, new Request(`${ORIGIN}/x?id=a&id=b`))
    expect(answer).toMatchObject({ status: 200, body: { query: { id: ['a', 'b'] }, proto: true } })
    expect((await call(route, new Request(`${ORIGIN}/x?one=a&one=b`))).status).toBe(400)
  })

  it('keep a `__proto__` name a plain key', async () => {
    const raw = serverRoute({
      GET: endpoint({
        auth: 'none',
        handle: ({ query }) =>
          Response.json({ keys: Object.keys(query), proto: Object.getPrototypeOf(query) === Object.prototype }),
      }),
    })
    const answer = await call(raw, new Request(`${ORIGIN}/x?__proto__=a&__proto__=b`))
    expect(answer.body).toEqual({ keys: ['__proto__'], proto: true })
  })
})
