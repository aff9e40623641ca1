/**
 * A new client token on re-authentication (ASVS 7.2.4): completing a step-up verification replaces
 * the browser's client token, as sign-in does, while the session stays the same. Over HTTP, the
 * client token from before the verification stops working at once (the token endpoint answers 401
 * `signed_out`) and the new cookie mints tokens for the same session. In the browser, every tab of
 * the browser keeps working (they share the cookie), while a copy of the old cookie in another
 * browser is signed out.
 */

import { randomInt } from 'node:crypto'
import { expect, test } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'
import { BASE_URL } from './support/env.ts'
import { encodePayload, sameOriginHeaders } from './support/server-fn.ts'

const CLIENT_COOKIE = '__client'

/** One browser, by hand: its cookies and an address of its own. */
class Browserless {
  readonly cookies = new Map<string, string>()
  readonly ip = `10.72.${randomInt(0, 256)}.${randomInt(1, 255)}`

  private cookieHeader(only?: string[]) {
    return [...this.cookies]
      .filter(([name]) => !only || only.includes(name))
      .map(([name, value]) => `${name}=${value}`)
      .join('; ')
  }

  async call(fn: string, data?: unknown) {
    const response = await fetch(`${BASE_URL}/_serverFn/${fn}`, {
      method: 'POST',
      headers: { ...sameOriginHeaders(), 'x-forwarded-for': this.ip, cookie: this.cookieHeader() },
      body: await encodePayload(data),
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const at = pair.indexOf('=')
      const value = pair.slice(at + 1)
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(pair.slice(0, at))
      else this.cookies.set(pair.slice(0, at), value)
    }
    return { status: response.status, text: await response.text() }
  }

  /** The token endpoint with nothing but a client token: the client token alone decides. */
  async mintWith(clientToken: string, sessionId: string) {
    const response = await fetch(`${BASE_URL}/api/sessions/${sessionId}/tokens`, {
      method: 'POST',
      headers: {
        origin: BASE_URL,
        'sec-fetch-site': 'same-origin',
        'x-forwarded-for': this.ip,
        cookie: `${CLIENT_COOKIE}=${clientToken}`,
      },
    })
    return { status: response.status, text: await response.text() }
  }
}

const sidOf = (jwt: string) =>
  (JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as { sid: string }).sid

test('over HTTP: the client token before a verification stops working; the new one serves the same session', async ({
  createUser,
  ageFactors,
}) => {
  const user = await createUser()
  const browser = new Browserless()
  const signedIn = await browser.call('$createSignIn', { identifier: user.email, password: user.password })
  expect(signedIn.status, signedIn.text).toBe(200)
  const sessionId = /"(sess_[A-Za-z0-9]+)"/.exec(signedIn.text)?.[1] ?? ''
  const before = browser.cookies.get(CLIENT_COOKIE) ?? ''
  expect(before).toMatch(/^[A-Za-z0-9_-]{43}$/)
  expect((await browser.mintWith(before, sessionId)).status).toBe(200)

  await ageFactors(user.id, 11)
  expect((await browser.call('$startVerification', { sessionId, level: 'first_factor' })).status).toBe(200)
  // A wrong password does not rotate anything.
  const wrong = await browser.call('$attemptFirstFactorVerification', {
    sessionId,
    strategy: 'password',
    password: 'not the password at all',
  })
  expect(wrong.status).toBeGreaterThanOrEqual(400)
  expect(browser.cookies.get(CLIENT_COOKIE)).toBe(before)

  const verified = await browser.call('$attemptFirstFactorVerification', {
    sessionId,
    strategy: 'password',
    password: user.password,
  })
  expect(verified.status, verified.text).toBe(200)
  expect(verified.text).toContain('complete')
  const after = browser.cookies.get(CLIENT_COOKIE) ?? ''
  expect(after).toMatch(/^[A-Za-z0-9_-]{43}$/)
  expect(after).not.toBe(before)

  const replayed = await browser.mintWith(before, sessionId)
  expect(replayed.status).toBe(401)
  expect(replayed.text).toContain('signed_out')
  const minted = await browser.mintWith(after, sessionId)
  expect(minted.status, minted.text).toBe(200)
  const jwt = /eyJ[\w-]+\.[\w-]+\.[\w-]+/.exec(minted.text)?.[0] ?? ''
  expect(sidOf(jwt), 'the same session, not a new one').toBe(sessionId)
})

test('in the browser: other tabs keep working after a verification; a copy of the old cookie does not', async ({
  browser,
  page,
  createUser,
  ageFactors,
}) => {
  const user = await createUser()
  await authPage(page).signInAs(user)
  const other = await page.context().newPage()
  await other.goto('/sessions')
  await authPage(other).expectSignedInAs(`${user.firstName} ${user.lastName}`)
  const clientCookie = async () =>
    (await page.context().cookies()).find((cookie) => cookie.name === CLIENT_COOKIE)?.value ?? ''
  const before = await clientCookie()
  const jwt = (await page.context().cookies()).find((cookie) => cookie.name === '__session')?.value ?? ''
  const sessionId = sidOf(jwt)

  // The step-up, through the page's own cookie jar (the dialog's server functions, called directly).
  await ageFactors(user.id, 11)
  const headers = sameOriginHeaders()
  const call = async (fn: string, data: unknown) =>
    page.request.post(`/_serverFn/${fn}`, { headers, data: await encodePayload(data) })
  expect((await call('$startVerification', { sessionId, level: 'first_factor' })).status()).toBe(200)
  const verified = await call('$attemptFirstFactorVerification', {
    sessionId,
    strategy: 'password',
    password: user.password,
  })
  expect(verified.status()).toBe(200)
  const after = await clientCookie()
  expect(after).not.toBe(before)

  // Both tabs carry on, on reload and on navigation, as the same user.
  await page.reload()
  await authPage(page).expectSignedInAs(`${user.firstName} ${user.lastName}`)
  await other.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Security' }).click()
  await expect(other).toHaveURL('/account/security')
  await other.reload()
  await authPage(other).expectSignedInAs(`${user.firstName} ${user.lastName}`)

  // A browser holding a copy of the old client token is signed out.
  const thief = await browser.newContext()
  await thief.addCookies([{ name: CLIENT_COOKIE, value: before, url: BASE_URL }])
  const stolen = await thief.newPage()
  await stolen.goto('/dashboard')
  await expect(stolen).toHaveURL(/\/sign-in/)
  await authPage(stolen).expectSignedOut()
  await thief.close()
})
