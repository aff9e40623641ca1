/**
 * The HTTP surface, probed the way an attacker or a broken client would: cross-origin and
 * header-less POSTs, malformed and oversized input, forged cookies. Every answer is a coded 4xx,
 * never a 500, and changes nothing.
 */

import { expect, test } from './fixtures.ts'
import { BASE_URL } from './support/env.ts'
import { bodyStrings, callServerFn, sameOriginHeaders } from './support/server-fn.ts'

const credentials = { identifier: 'nobody@example.com', password: 'not a real password' }

test.describe('CSRF protection of server functions', () => {
  test('a same-origin POST reaches the function', async ({ request }) => {
    const response = await callServerFn(request, '$createSignIn', credentials)
    expect(response.status()).toBe(422)
    expect(await bodyStrings(response)).toContain('invalid_credentials')
  })

  // `ours` stands for the app's own origin, filled in per test.
  const attacks: Array<[string, Record<string, string>]> = [
    ['a cross-site Origin', { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }],
    ['a cross-site Fetch Metadata with our Origin', { origin: 'ours', 'sec-fetch-site': 'cross-site' }],
    ['a sibling site', { origin: 'http://127.0.0.1:4300', 'sec-fetch-site': 'same-site' }],
    ['no Origin at all', {}],
    ['Origin: null', { origin: 'null' }],
  ]
  for (const [name, attack] of attacks) {
    test(`a POST with ${name} is refused with 403 cross_origin_request`, async ({ request }) => {
      const headers: Record<string, string> = {
        'x-tsr-serverfn': 'true',
        'content-type': 'application/json',
        ...attack,
      }
      if (headers.origin === 'ours') headers.origin = BASE_URL
      const response = await callServerFn(request, '$createSignIn', credentials, { headers })
      expect(response.status()).toBe(403)
      expect(response.headers()['content-type']).toBe('application/problem+json')
      expect(await response.json()).toMatchObject({ code: 'cross_origin_request', status: 403 })
    })
  }

  test('a GET to a POST-only function is refused with 405', async ({ request }) => {
    const response = await callServerFn(request, '$createSignIn', credentials, { method: 'GET' })
    expect(response.status()).toBe(405)
  })
})

test.describe('bad input', () => {
  // Long, but well under the transport's limit, so the schema refuses it (a 1 MB one is a 413 now).
  const big = 'a'.repeat(32 * 1024)
  const cases: Array<[string, string, unknown]> = [
    ['$createSignUp', 'no data', undefined],
    ['$createSignUp', 'null', null],
    ['$createSignUp', 'a string', 'ada@example.com'],
    ['$createSignUp', 'a number', 42],
    ['$createSignUp', 'an array', ['ada@example.com', 'password']],
    ['$createSignUp', 'an empty object', {}],
    ['$createSignUp', 'a missing email', { password: 'long enough passphrase' }],
    ['$createSignUp', 'an email of the wrong type', { email: 42, password: 'long enough passphrase' }],
    ['$createSignUp', 'a password of the wrong type', { email: 'ada@example.com', password: { $gt: '' } }],
    ['$createSignUp', 'a malformed email', { email: 'not-an-email', password: 'long enough passphrase' }],
    ['$createSignUp', 'a fullwidth @ in the email', { email: 'ada＠example.com', password: 'long enough passphrase' }],
    ['$createSignUp', 'a 32 KB email', { email: `${big}@example.com`, password: 'long enough passphrase' }],
    ['$createSignUp', 'a 2,000-character password', { email: 'ada@example.com', password: 'x'.repeat(2000) }],
    [
      '$createSignUp',
      'an unknown field',
      { email: 'ada@example.com', password: 'long enough passphrase', isAdmin: true },
    ],
    [
      '$createSignUp',
      'a 500-character name',
      { email: 'ada@example.com', password: 'long enough passphrase', firstName: 'n'.repeat(500) },
    ],
    [
      '$createSignUp',
      'a name of the wrong type',
      { email: 'ada@example.com', password: 'long enough passphrase', lastName: ['x'] },
    ],
    ['$createSignIn', 'an empty password', { identifier: 'ada@example.com', password: '' }],
    ['$createSignIn', 'an identifier array', { identifier: ['ada@example.com'], password: 'x' }],
    ['$createSignIn', 'an identifier that is neither an email nor a phone', { identifier: 'ada' }],
    ['$createSignIn', 'a homoglyph @ in the identifier', { identifier: 'ada＠example.com' }],
    [
      '$createSignIn',
      'a prototype-polluting key',
      JSON.parse('{"identifier":"a@b.co","password":"x","__proto__":{"admin":true}}'),
    ],
    ['$attemptSignInFirstFactor', 'an unknown strategy', { strategy: 'magic', code: '123456' }],
    ['$attemptSignInSecondFactor', 'an email code as a second factor', { strategy: 'email_code', code: '123456' }],
    ['$signInWithPasskey', 'a response that is not a credential', { response: { id: 'x' } }],
    // What the SignIn and SignUp resources pass on as given: the reference's parameters we do not support.
    ['$createSignIn', "the reference's username", { identifier: 'ada@example.com', username: 'ada' }],
    ['$prepareSignInFirstFactor', "the reference's Web3 signature", { strategy: 'web3_metamask_signature' }],
    ['$prepareSignInSecondFactor', "the reference's email code as a second factor", { strategy: 'email_code' }],
    ['$createSignUp', "the reference's phone number", { phoneNumber: '+15555550100', password: 'long passphrase' }],
    ['$prepareSignUpVerification', "the reference's phone code", { strategy: 'phone_code' }],
    ['$prepareSignUpVerification', 'no strategy', {}],
    ['$verifySignUp', "the reference's phone code", { strategy: 'phone_code', code: '123456' }],
  ]
  for (const [fn, name, data] of cases) {
    test(`${fn} with ${name} answers 400 invalid_input`, async ({ request }) => {
      const response = await callServerFn(request, fn, data)
      expect(response.status()).toBe(400)
      const body = await response.text()
      expect(body).toContain('invalid_input')
    })
  }

  const transport: Array<[string, string | undefined, Record<string, string>?]> = [
    ['a body that is not JSON', 'not json at all'],
    ['JSON that is not a server-function payload', '{"email":"ada@example.com"}'],
    ['an empty JSON body', ''],
    ['deeply nested arrays', `${'['.repeat(30_000)}${']'.repeat(30_000)}`],
  ]
  for (const [name, rawBody] of transport) {
    test(`a request with ${name} answers 400 invalid_input`, async ({ request }) => {
      const response = await callServerFn(request, '$createSignIn', undefined, { rawBody })
      expect(response.status()).toBe(400)
      expect(await response.json()).toMatchObject({ code: 'invalid_input' })
    })
  }

  test('a request with a 2 MB body answers 413 payload_too_large, as a server route does', async ({ request }) => {
    const response = await callServerFn(request, '$createSignIn', undefined, {
      rawBody: `"${'x'.repeat(2 * 1024 * 1024)}"`,
    })
    expect(response.status()).toBe(413)
    // The rest of the body is discarded, not a reason to hang up (a lingering close, ADR 021).
    expect(response.headers().connection).not.toBe('close')
    expect(await response.json()).toMatchObject({ code: 'payload_too_large' })
  })

  test('an unknown server function answers 404', async ({ request }) => {
    const response = await callServerFn(request, '$noSuchFunction', credentials)
    expect(response.status()).toBe(404)
    expect(await response.json()).toMatchObject({ code: 'not_found' })
  })

  test('signing out without a session answers 401 signed_out', async ({ request }) => {
    const response = await callServerFn(request, '$signOut', null)
    expect(response.status()).toBe(401)
    expect(await bodyStrings(response)).toContain('signed_out')
  })
})

test.describe('credentials', () => {
  test('a forged or garbage client cookie is treated as signed out', async ({ playwright }) => {
    for (const value of ['A'.repeat(43), 'garbage', '"; drop table clients; --']) {
      const request = await playwright.request.newContext({
        baseURL: BASE_URL,
        extraHTTPHeaders: { cookie: `__client=${value}` },
      })
      const response = await callServerFn(request, '$getClient', undefined, {
        method: 'GET',
        headers: { 'x-tsr-serverfn': 'true' },
      })
      expect(response.status()).toBe(200)
      expect(await response.text()).toContain('"k":["client","sessionId"],"v":[{"t":2,"s":0},{"t":2,"s":0}]')
      const page = await request.get('/dashboard', { maxRedirects: 0 })
      expect(page.status()).toBe(307)
      expect(page.headers().location).toContain('/sign-in')
      await request.dispose()
    }
  })

  test('signing in sets the opaque client cookie and the session-token cookie, both HttpOnly and SameSite=Lax', async ({
    request,
    createUser,
  }) => {
    const user = await createUser()
    const response = await callServerFn(request, '$createSignIn', { identifier: user.email, password: user.password })
    expect(response.status()).toBe(200)
    const setCookies = (response.headers()['set-cookie'] ?? '').split('\n')
    expect(setCookies).toHaveLength(2)
    expect(setCookies).toContainEqual(
      expect.stringMatching(/^__client=[A-Za-z0-9_-]{43}; Max-Age=34560000; Path=\/; HttpOnly; SameSite=Lax$/),
    )
    expect(setCookies).toContainEqual(
      expect.stringMatching(/^__session=[\w-]+\.[\w-]+\.[\w-]+; Max-Age=60; Path=\/; HttpOnly; SameSite=Lax$/),
    )
  })
})

test.describe('sign-out', () => {
  test('of everything tells the browser to drop its cache and storage', async ({ request, createUser }) => {
    const user = await createUser()
    const signIn = { identifier: user.email, password: user.password }
    expect((await callServerFn(request, '$createSignIn', signIn)).status()).toBe(200)
    const response = await callServerFn(request, '$signOut', null)
    expect(response.status()).toBe(200)
    expect(response.headers()['clear-site-data']).toBe('"cache", "storage"')
  })
})

test.describe('security headers', () => {
  test('pages carry a nonce-based CSP, anti-framing, no-store and nosniff', async ({ request }) => {
    const response = await request.get('/')
    const headers = response.headers()
    const csp = headers['content-security-policy'] ?? ''
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1]
    expect(nonce).toBeTruthy()
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("base-uri 'none'")
    expect(csp).not.toContain('unsafe-inline')
    expect(headers['cache-control']).toBe('no-store')
    expect(headers['x-content-type-options']).toBe('nosniff')
    expect(headers['x-frame-options']).toBe('DENY')
    const html = await response.text()
    for (const [script] of html.matchAll(/<script\b[^>]*>/g)) expect(script).toContain(`nonce="${nonce}"`)
  })

  test('each page gets a fresh nonce', async ({ request }) => {
    const nonceOf = async () =>
      /'nonce-([^']+)'/.exec((await request.get('/')).headers()['content-security-policy'] ?? '')?.[1]
    expect(await nonceOf()).not.toBe(await nonceOf())
  })

  test('answers that render no page carry the policy with no script allowed, and no nonce (ADR 037)', async ({
    request,
  }) => {
    for (const response of [
      await callServerFn(request, '$getClient', undefined, { method: 'GET' }),
      await request.get('/health/live'),
      await request.get('/.well-known/jwks.json'),
    ]) {
      const headers = response.headers()
      const csp = headers['content-security-policy'] ?? ''
      expect(csp, response.url()).toContain("script-src 'none'")
      expect(csp, response.url()).not.toContain('nonce-')
      expect(csp, response.url()).toContain("frame-ancestors 'none'")
      expect(headers['x-content-type-options'], response.url()).toBe('nosniff')
      expect(headers['x-frame-options'], response.url()).toBe('DENY')
    }
  })

  test('server-function answers are not cached', async ({ request }) => {
    const response = await callServerFn(request, '$getClient', undefined, {
      method: 'GET',
      headers: sameOriginHeaders(),
    })
    expect(response.headers()['cache-control']).toBe('no-store')
  })
})

test.describe('abuse limits', () => {
  test('a code asked for again within 30 s answers 429 with Retry-After', async ({ request, createUser }) => {
    const user = await createUser()
    expect((await callServerFn(request, '$createSignIn', { identifier: user.email })).status()).toBe(200)
    const first = await callServerFn(request, '$prepareSignInFirstFactor', { strategy: 'email_code' })
    expect(first.status()).toBe(200)
    const again = await callServerFn(request, '$prepareSignInFirstFactor', { strategy: 'email_code' })
    expect(again.status()).toBe(429)
    expect(Number(again.headers()['retry-after'])).toBeGreaterThan(20)
    expect(await bodyStrings(again)).toContain('code_resend_too_soon')
  })

  test('a malformed code answers 400 code_malformed, never 500', async ({ request, createUser }) => {
    const user = await createUser()
    await callServerFn(request, '$createSignIn', { identifier: user.email })
    await callServerFn(request, '$prepareSignInFirstFactor', { strategy: 'email_code' })
    for (const code of ['abcdef', '12345', '1234567', '9'.repeat(10_240)]) {
      const response = await callServerFn(request, '$attemptSignInFirstFactor', { strategy: 'email_code', code })
      expect(response.status()).toBe(400)
      expect(await bodyStrings(response)).toContain('code_malformed')
    }
  })
})
