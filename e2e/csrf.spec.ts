/**
 * CSRF from a real browser on another site (security.md CSRF-2, CSRF-3, 3.4.6): pages served by
 * their own server on http://127.0.0.1 (another site than http://localhost), opened in the
 * signed-in visitor's browser, try to sign them in to the attacker's account and to sign them out;
 * to change things with auto-submitted forms (text/plain and urlencoded), `fetch` with
 * `credentials: 'include'` (a simple request and a preflighted one) and GETs to a mutating function
 * (an image, a top-level navigation); and to frame the app. Every attempt is refused (403
 * cross_origin_request, or never sent) and nothing changes.
 */

import { readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'
import { BASE_URL, E2E_LOG_FILE } from './support/env.ts'
import { encodePayload } from './support/server-fn.ts'

const TARGET = BASE_URL

/** The attacker's site: one page, on a loopback origin of its own. */
async function attackerSite(html: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(html))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

test('an attacker site cannot sign the visitor in or out', async ({ page, context, createUser }) => {
  const victim = await createUser({ firstName: 'Victim', lastName: 'User' })
  const attacker = await createUser({ firstName: 'Attacker', lastName: 'User' })
  await authPage(page).signInAs(victim)

  const signInPayload = await encodePayload({ identifier: attacker.email, password: attacker.password })
  const signOutPayload = await encodePayload(null)
  // The attacker's page, on another site; the requests it makes go to the real app.
  const site = await attackerSite(`<!doctype html><title>Win a prize</title>
        <form id="login" method="POST" action="${TARGET}/_serverFn/$createSignIn" enctype="text/plain">
          <input name='${signInPayload.slice(0, -1)}' value='}'>
        </form>
        <script>
          const post = (id, body) => fetch('${TARGET}/_serverFn/' + id, {
            method: 'POST', mode: 'no-cors', credentials: 'include',
            headers: { 'content-type': 'text/plain', 'x-tsr-serverfn': 'true' }, body,
          })
          Promise.allSettled([post('$createSignIn', ${JSON.stringify(signInPayload)}), post('$signOut', ${JSON.stringify(signOutPayload)})])
            .then(() => { document.title = 'sent'; document.getElementById('login').submit() })
        </script>`)
  // Only the attacker's requests count: the victim's own page may still be refreshing its token,
  // and its calls always name the tab's session, which the attacker's cannot.
  const refused: number[] = []
  page.on('response', (response) => {
    const fromVictim = response.request().headers()['x-session-id'] !== undefined
    if (!fromVictim && response.url().startsWith(`${TARGET}/_serverFn/`)) refused.push(response.status())
  })
  await page.goto(site.url)
  // The form's navigation lands on the refusal.
  await expect(page.locator('body')).toContainText('cross_origin_request')
  await site.close()
  // Both fetches and the form reached the app, and each was refused by the CSRF check.
  expect(refused).toEqual([403, 403, 403])

  // The visitor is still signed in as themselves, alone in this browser.
  await page.goto(`${TARGET}/sessions`)
  const signedIn = page.getByRole('list', { name: 'Signed in' }).getByRole('listitem')
  await expect(signedIn).toHaveCount(1)
  await expect(signedIn).toContainText('Victim User')
  expect((await context.cookies(TARGET)).map((cookie) => cookie.name).sort()).toEqual(['__client', '__session'])
})

test('an attacker page changes nothing for a signed-in visitor: forms, fetches with credentials, GETs', async ({
  page,
  context,
  createUser,
}) => {
  const victim = await createUser({ firstName: 'Victim', lastName: 'User' })
  await authPage(page).signInAs(victim)
  const logStart = statSync(E2E_LOG_FILE).size
  const slug = `pwned-${Date.now()}`
  const create = await encodePayload({ name: 'Pwned', slug })
  const revoke = `payload=${encodeURIComponent(await encodePayload(null))}`
  const fn = (id: string) => `${TARGET}/_serverFn/${id}`
  // Only this test calls $createOrganization from another site, so the log's refusals are its own.
  const site = await attackerSite(`<!doctype html><title>Cute cats</title>
    <iframe name="sink-a"></iframe><iframe name="sink-b"></iframe>
    <form id="plain" method="POST" action="${fn('$createOrganization')}" enctype="text/plain" target="sink-a">
      <input name='${create.slice(0, -1)}' value='}'>
    </form>
    <form id="urlencoded" method="POST" action="${fn('$createOrganization')}" target="sink-b">
      <input name="payload" value='${create}'>
    </form>
    <img src="${fn('$revokeOtherSessions')}?${revoke}" alt="">
    <script>
      const results = {}
      const send = (name, init) => fetch('${fn('$createOrganization')}', { method: 'POST', credentials: 'include', body: ${JSON.stringify(create)}, ...init })
        .then((response) => { results[name] = 'read ' + response.status }, (error) => { results[name] = 'blocked ' + error.name })
      Promise.all([
        // A "simple" request (a browser may send it without asking; its answer is not readable).
        send('simple', { headers: { 'content-type': 'text/plain' } }),
        // Not simple: the browser asks first (preflight), and the app's answer does not allow it.
        send('preflighted', { headers: { 'content-type': 'application/json', 'x-tsr-serverfn': 'true' } }),
      ]).then(() => {
        document.getElementById('plain').submit()
        document.getElementById('urlencoded').submit()
        document.title = JSON.stringify(results)
      })
    </script>`)
  const attacker = await context.newPage()
  const forms: Array<{ type: string; status: number }> = []
  attacker.on('response', async (response) => {
    if (response.request().resourceType() !== 'document' || !response.url().startsWith(fn(''))) return
    const type = response.request().headers()['content-type'] ?? ''
    forms.push({ type, status: response.status() })
  })
  await attacker.goto(site.url)
  await expect(attacker).toHaveTitle(/"preflighted"/)
  // Neither fetch could read an answer.
  expect(JSON.parse(await attacker.title())).toEqual({ simple: 'blocked TypeError', preflighted: 'blocked TypeError' })
  // Both forms were answered 403 (the log below says why: the frames may not show it, no framing).
  await expect
    .poll(() => forms.map((form) => `${form.status} ${form.type}`).sort())
    .toEqual(['403 application/x-www-form-urlencoded', '403 text/plain'])
  // A top-level navigation (SameSite=Lax sends the cookie along) to a mutating function: refused.
  // (403 cross_origin_request, or 405 method_not_allowed: it is a POST function.)
  const navigation = await attacker.goto(`${fn('$revokeOtherSessions')}?${revoke}`)
  expect([403, 405]).toContain(navigation?.status())
  await attacker.close()
  await site.close()

  // The CSRF check refused what reached the app: both form POSTs, and the fetches' preflights
  // (Chromium asked first for both fetches here); no fetch POST got through (nothing was made).
  const refusals = () =>
    readFileSync(E2E_LOG_FILE)
      .subarray(logStart)
      .toString('utf8')
      .split('\n')
      .filter((line) => line.includes('"event":"csrf.rejected"') && line.includes('$createOrganization"'))
      .map((line) => (JSON.parse(line) as { method: string }).method)
  await expect.poll(() => refusals().filter((method) => method === 'POST').length).toBeGreaterThanOrEqual(2)
  expect(refusals().filter((method) => method === 'OPTIONS').length).toBeGreaterThanOrEqual(1)

  // Nothing changed: the visitor is signed in, alone, and no organization was made.
  await page.goto(`${TARGET}/sessions`)
  const signedIn = page.getByRole('list', { name: 'Signed in' }).getByRole('listitem')
  await expect(signedIn).toHaveCount(1)
  await expect(signedIn).toContainText('Victim User')
  // The slug is still free: the visitor's own page can take it.
  const mine = await page.evaluate(
    async ([url, payload]) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-tsr-serverfn': 'true' },
        body: payload,
      })
      return response.status
    },
    [fn('$createOrganization'), create] as const,
  )
  expect(mine).toBe(200)
})

test('the app refuses to be framed by another site', async ({ page, context, createUser }) => {
  const victim = await createUser()
  await authPage(page).signInAs(victim)
  const site = await attackerSite(`<!doctype html><title>Click the button</title>
    <iframe title="dashboard" src="${TARGET}/dashboard" width="800" height="600"></iframe>
    <iframe title="sign-in" src="${TARGET}/sign-in" width="800" height="600"></iframe>`)
  const attacker = await context.newPage()
  const framed = ['/dashboard', '/sign-in'].map((path) =>
    attacker.waitForResponse((response) => response.url() === `${TARGET}${path}`),
  )
  await attacker.goto(site.url)
  for (const response of await Promise.all(framed)) {
    expect(response.headers()['x-frame-options']).toBe('DENY')
    expect(response.headers()['content-security-policy']).toContain("frame-ancestors 'none'")
  }
  // The browser showed neither: each frame holds its error page, not the app.
  for (const title of ['dashboard', 'sign-in']) {
    const frame = attacker.frameLocator(`iframe[title="${title}"]`)
    await expect(frame.getByRole('heading', { name: /Welcome back|Sign in/ })).toHaveCount(0)
  }
  await expect.poll(() => attacker.frames().filter((frame) => frame.url().startsWith(TARGET)).length).toBe(0)
  await attacker.close()
  await site.close()
})
