/**
 * Session tokens as people use them: a backend verifying them with the JWKS, a tab keeping its
 * token fresh, many tabs refreshing at once, and a revocation reaching a tab within one token
 * lifetime. The browser clock is faked (page.clock), so refreshes happen without waiting.
 */

import type { Page } from '@playwright/test'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import { expect, test, throttleCpu } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'
import { BASE_URL } from './support/env.ts'
import { callServerFn } from './support/server-fn.ts'

/** Past the refresh point of a 60-second token (refresh 15 s before expiry), but before expiry. */
const PAST_REFRESH_MS = 47_000

const jtiOf = (page: Page) => page.getByLabel('Token claims').locator('[data-claim="jti"]')

test('the dashboard shows its token, and /api/me answers to it', async ({ page, createUser }, testInfo) => {
  const user = await createUser()
  await authPage(page).signInAs(user)
  await expect(jtiOf(page)).toHaveText(/^"[A-Za-z0-9_-]{22}"$/)
  await page.getByRole('button', { name: 'Call GET /api/me with this token' }).click()
  await expect(page.getByLabel('API answer')).toContainText('200')
  await expect(page.getByLabel('API answer')).toContainText(`"userId": "${user.id}"`)
  await testInfo.attach('token inspector', {
    body: await page.screenshot({ fullPage: true }),
    contentType: 'image/png',
  })
})

test('on a slow device the dashboard hydrates cleanly, though its token arrives before the page has hydrated', async ({
  page,
  createUser,
}) => {
  // The page hydrates in two steps: the root (whose effect fetches the token) first, the page inside
  // the router's Suspense boundary later. On a slow CPU the token lands in between; the page must
  // still hydrate against what the server rendered (no token), or React aborts it (error 418,
  // caught by the browserErrors fixture), then show the token.
  const user = await createUser()
  await authPage(page).signInAs(user)
  await throttleCpu(page, 20)
  await page.reload()
  // Twenty times slower: the token's fetch and render take seconds of the throttled CPU, more while
  // the suite's other worker runs (the default 7 s was missed once in a full run).
  await expect(jtiOf(page)).toHaveText(/^"[A-Za-z0-9_-]{22}"$/, { timeout: 30_000 })
})

test('the token refreshes before it expires, without a reload', async ({ page, createUser }) => {
  await page.clock.install()
  const user = await createUser()
  await authPage(page).signInAs(user)
  const first = await jtiOf(page).textContent()
  expect(first).toBeTruthy()
  let reloads = 0
  page.on('load', () => reloads++)
  await page.clock.fastForward(PAST_REFRESH_MS)
  await expect(jtiOf(page)).not.toHaveText(first ?? '')
  await expect(page.getByTestId('refresh-countdown')).toHaveText(/^(4[0-5]|3\d)$/)
  expect(reloads).toBe(0)
})

test('ten tabs refreshing together keep one session and all stay signed in', async ({ context, createUser }) => {
  // Ten live pages on two cores, beside another worker: more time, not more waiting.
  test.setTimeout(120_000)
  await context.clock.install()
  const user = await createUser()
  const pages = [await context.newPage()]
  await authPage(pages[0] as Page).signInAs(user)
  for (let i = 1; i < 10; i++) {
    const page = await context.newPage()
    await page.goto('/dashboard')
    pages.push(page)
  }
  const sessionIds = new Set<string | null>()
  const before = await Promise.all(pages.map(async (page) => jtiOf(page).textContent()))
  await context.clock.fastForward(PAST_REFRESH_MS)
  for (const [index, page] of pages.entries()) {
    await expect(jtiOf(page)).not.toHaveText(before[index] ?? '')
    sessionIds.add(await page.getByLabel('Token claims').locator('[data-claim="sid"]').textContent())
  }
  expect(sessionIds.size).toBe(1)
  for (const page of pages) await expect(page).toHaveURL('/dashboard')
})

test('fifty refreshes at once with the same cookie: fifty tokens for the one session, which stays active (REL-03)', async ({
  page,
  createUser,
}) => {
  const user = await createUser()
  await authPage(page).signInAs(user)
  // The claim is shown as JSON.
  const sessionId: string = JSON.parse(
    (await page.getByLabel('Token claims').locator('[data-claim="sid"]').textContent()) ?? 'null',
  )
  expect(sessionId).toMatch(/^sess_/)

  // The browser's refresh call, fifty at once, all with this browser's cookies.
  const responses = await Promise.all(
    Array.from({ length: 50 }, () => callServerFn(page.request, '$getToken', { sessionId })),
  )
  const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', BASE_URL))
  const ids = new Set<string>()
  for (const response of responses) {
    expect(response.status()).toBe(200)
    const jwt = /eyJ[\w-]+\.[\w-]+\.[\w-]+/.exec(await response.text())?.[0] ?? ''
    const { payload } = await jwtVerify(jwt, jwks, { issuer: BASE_URL })
    expect(payload).toMatchObject({ sub: user.id, sid: sessionId })
    ids.add(String(payload.jti))
  }
  expect(ids.size).toBe(50)

  // Nothing was taken for token theft: the one session is still this browser's, and active.
  await page.goto('/account/security')
  const devices = page.getByRole('list', { name: 'Signed-in devices' }).getByRole('listitem')
  await expect(devices).toHaveCount(1)
  await expect(devices.first()).toHaveAccessibleName('This device')
  await page.goto('/dashboard')
  await expect(page.getByText(sessionId, { exact: true })).toBeVisible()
  await expect(page.getByText('active', { exact: true })).toBeVisible()
})

test('a session revoked from another browser signs this tab out within one token lifetime', async ({
  page,
  browser,
  createUser,
}) => {
  await page.clock.install()
  const user = await createUser()
  await authPage(page).signInAs(user)

  const other = await browser.newContext()
  const otherPage = await other.newPage()
  await authPage(otherPage).signInAs(user)
  await otherPage.goto('/account/security')
  await otherPage.getByRole('listitem', { name: 'Other device' }).getByRole('button', { name: 'Revoke' }).click()
  await otherPage.getByRole('dialog', { name: 'Revoke this device?' }).getByRole('button', { name: 'Revoke' }).click()
  await expect(otherPage.getByRole('list', { name: 'Signed-in devices' }).getByRole('listitem')).toHaveCount(1)
  await other.close()

  // No navigation: the next token refresh finds the session revoked and the tab signs out cleanly.
  await page.clock.fastForward(PAST_REFRESH_MS)
  await expect(page).toHaveURL(/\/sign-in\?redirect_url=/)
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
})

test.describe('for backends', () => {
  test('a token verifies with a generic JOSE library given only the JWKS URL', async ({ playwright, createUser }) => {
    const user = await createUser()
    const api = await playwright.request.newContext({ baseURL: BASE_URL })
    const signedIn = await callServerFn(api, '$createSignIn', { identifier: user.email, password: user.password })
    expect(signedIn.status()).toBe(200)
    const { cookies } = await api.storageState()
    const clientToken = cookies.find((cookie) => cookie.name === '__client')?.value ?? ''
    const sessionToken = cookies.find((cookie) => cookie.name === '__session')?.value ?? ''
    const sessionId = JSON.parse(Buffer.from(sessionToken.split('.')[1] ?? '', 'base64url').toString()).sid as string

    // The non-browser route: the client token as a bearer credential, no cookies.
    const fresh = await playwright.request.newContext({ baseURL: BASE_URL })
    const response = await fresh.post(`/api/sessions/${sessionId}/tokens`, {
      headers: { authorization: `Bearer ${clientToken}` },
    })
    expect(response.status()).toBe(200)
    const { jwt } = (await response.json()) as { jwt: string }

    const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', BASE_URL))
    const { payload, protectedHeader } = await jwtVerify(jwt, jwks, { issuer: BASE_URL })
    expect(protectedHeader.alg).toBe('RS256')
    expect(payload).toMatchObject({ sub: user.id, sid: sessionId, v: 2 })

    const jwksResponse = await fresh.get('/.well-known/jwks.json')
    expect(jwksResponse.headers()['cache-control']).toBe('public, max-age=300')
    expect(jwksResponse.headers()['access-control-allow-origin']).toBe('*')
    await Promise.all([api.dispose(), fresh.dispose()])
  })

  test('a bad bearer token gets a 401 with a specific code, never a 500', async ({ request }) => {
    const cases: Array<[string, string]> = [
      ['garbage', 'token_malformed'],
      ['a.b.c', 'token_malformed'],
      [`${'a'.repeat(9000)}.b.c`, 'token_too_large'],
      [`${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.e30.`, 'token_header_invalid'],
      [
        `${Buffer.from('{"alg":"RS256","typ":"JWT","kid":"nope"}').toString('base64url')}.e30.c2ln`,
        'token_key_unknown',
      ],
    ]
    for (const [token, code] of cases) {
      const response = await request.get('/api/me', { headers: { authorization: `Bearer ${token}` } })
      expect(response.status(), token.slice(0, 40)).toBe(401)
      expect(await response.json()).toMatchObject({ code })
    }
    const missing = await request.get('/api/me')
    expect(missing.status()).toBe(401)
    expect(await missing.json()).toMatchObject({ code: 'signed_out' })
  })
})
