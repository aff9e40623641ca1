/**
 * What authenticated answers look like to caches and to the browser's address bar (security.md
 * 14.3.2, 3.7.2, VULN-06). Every kind of response that carries a signed-in user's data — a
 * server-rendered page, a server function's answer, the protected API, a minted token — is
 * `Cache-Control: no-store`; the public JWKS alone may be cached. And the redirect-URL attack
 * table runs through the real sign-in page: after signing in with `redirect_url` set to each
 * attack, the browser lands on the dashboard of this origin, never elsewhere, and no script runs.
 */

import type { Request } from '@playwright/test'
import { expect, test } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'
import { BASE_URL } from './support/env.ts'
import { bodyStrings, callServerFn } from './support/server-fn.ts'

test('every authenticated response kind is no-store; the JWKS is publicly cacheable', async ({
  request,
  createUser,
}) => {
  const user = await createUser()
  const signedIn = await callServerFn(request, '$createSignIn', { identifier: user.email, password: user.password })
  expect(signedIn.status()).toBe(200)
  expect(signedIn.headers()['cache-control'], 'the sign-in answer').toBe('no-store')
  const sessionId = (await bodyStrings(signedIn)).find((text) => /^sess_[0-9a-z]+$/.test(text)) ?? ''
  const cookies = Object.fromEntries(
    (signedIn.headers()['set-cookie'] ?? '').split('\n').map((line) => line.split(';')[0]?.split('=') ?? []),
  )
  const jwt = cookies.__session ?? ''
  const clientToken = cookies.__client ?? ''
  expect(sessionId).not.toBe('')

  const kinds: Array<[string, () => ReturnType<typeof request.get>]> = [
    ['the dashboard page (SSR)', () => request.get('/dashboard', { maxRedirects: 0 })],
    ['the security settings page (SSR)', () => request.get('/account/security', { maxRedirects: 0 })],
    ['the devices page (SSR)', () => request.get('/sessions', { maxRedirects: 0 })],
    ['a GET server function', () => callServerFn(request, '$getClient', undefined, { method: 'GET' })],
    [
      'a GET server function with user data',
      () => callServerFn(request, '$getSecuritySettings', undefined, { method: 'GET' }),
    ],
    ['a POST server function (token)', () => callServerFn(request, '$getToken', { sessionId })],
    ['GET /api/me with a bearer token', () => request.get('/api/me', { headers: { authorization: `Bearer ${jwt}` } })],
    [
      'POST /api/sessions/:id/tokens (minting)',
      () => request.post(`/api/sessions/${sessionId}/tokens`, { headers: { authorization: `Bearer ${clientToken}` } }),
    ],
    ['a refusal (GET /api/me without a bearer token)', () => request.get('/api/me')],
  ]
  for (const [name, send] of kinds) {
    const response = await send()
    expect(response.status(), name).toBe(name.startsWith('a refusal') ? 401 : 200)
    expect(response.headers()['cache-control'], name).toBe('no-store')
  }
  const minted = await request.post(`/api/sessions/${sessionId}/tokens`, {
    headers: { authorization: `Bearer ${clientToken}` },
  })
  expect(minted.status()).toBe(200)
  expect(((await minted.json()) as { jwt: string }).jwt).toMatch(/^ey/)

  const jwks = await request.get('/.well-known/jwks.json')
  expect(jwks.status()).toBe(200)
  expect(jwks.headers()['cache-control']).toBe('public, max-age=300')
  expect(jwks.headers()['set-cookie']).toBeUndefined()
})

test.describe('the redirect-URL attack table, through the real sign-in', () => {
  test.describe.configure({ timeout: 180_000 })

  const ATTACKS = [
    '//evil.example/',
    '/\\evil.example/',
    '\\\\evil.example/',
    '\\/evil.example/',
    'https:evil.example',
    'https://evil.example/',
    `${BASE_URL}@evil.example/`,
    'https://evil.example/?.localhost',
    '/%2F%2Fevil.example/',
    '/%5Cevil.example/',
    '%2F%2Fevil.example/',
    'javascript:alert(document.domain)',
    'java\tscript:alert(document.domain)',
    'data:text/html,<script>alert(1)</script>',
    ' //evil.example/',
    '\t//evil.example/',
    '/\t/evil.example/',
    '/\n/evil.example/',
    `/${'a'.repeat(5_000)}`,
  ]

  test('each attack lands on this origin’s dashboard; a same-origin path is honoured', async ({
    page,
    context,
    createUser,
  }) => {
    const user = await createUser()
    const auth = authPage(page)
    const elsewhere: string[] = []
    const dialogs: string[] = []
    const offOrigin = (request: Request) => {
      if (!request.url().startsWith(BASE_URL)) elsewhere.push(request.url())
    }
    page.on('request', offOrigin)
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message())
      await dialog.dismiss()
    })

    const signInWith = async (redirectUrl: string) => {
      await context.clearCookies()
      await page.goto(`/sign-in?${new URLSearchParams({ redirect_url: redirectUrl })}`)
      await auth.signIn(user.email, user.password)
    }

    // The control: a path of this origin is where the sign-in goes.
    await signInWith('/sessions?from=sign-in')
    await expect(page).toHaveURL(`${BASE_URL}/sessions?from=sign-in`)

    for (const attack of ATTACKS) {
      await signInWith(attack)
      await expect(page, JSON.stringify(attack)).toHaveURL(`${BASE_URL}/dashboard`)
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Welcome back, ${user.firstName}`)
    }
    expect(elsewhere, 'requests that left the origin').toEqual([])
    expect(dialogs, 'scripts that ran').toEqual([])
  })
})
