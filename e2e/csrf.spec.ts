/**
 * CSRF from a real browser on another site (security.md CSRF-2, CSRF-3): a page served by its own
 * server on http://127.0.0.1 (another site than http://localhost) tries to sign the visitor in to
 * the attacker's account and to sign them out. Every attempt is refused and nothing changes.
 */

import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'
import { BASE_URL } from './support/env.ts'
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
