/**
 * Agent and impersonation links land on a path of this app, whatever `redirectUrl` they were made
 * with (issue 20, finding 4): `/.//host/x` and its kin passed the check and became `//host/x` once
 * the URL was normalised, which the browser reads as another site. Each is made through the API,
 * opened in a browser of its own, and must land on the dashboard of this origin.
 */

import { expect, test } from './fixtures.ts'
import { BASE_URL } from './support/env.ts'
import { bodyStrings, callServerFn } from './support/server-fn.ts'

// Each kind of link with two of the vectors (app/session/redirect.test.ts has them all).
const OFF_SITE = {
  agent: ['/.//evil.example/x', '/a/..//evil.example/x'],
  impersonation: ['/%2e//evil.example/x', '/..//evil.example/x'],
}

test('agent and impersonation links never send the browser to another site', async ({
  request,
  browser,
  createUser,
}) => {
  test.setTimeout(180_000)
  const admin = await createUser({ adminRole: 'owner' })
  const target = await createUser()
  expect(
    (await callServerFn(request, '$createSignIn', { identifier: admin.email, password: admin.password })).status(),
  ).toBe(200)
  const linkFrom = async (response: Awaited<ReturnType<typeof callServerFn>>) => {
    expect(response.status(), await response.text()).toBe(200)
    return (await bodyStrings(response)).find((text) => text.includes('/act#token=')) ?? ''
  }
  const links: Array<[string, string]> = []
  for (const redirectUrl of OFF_SITE.agent) {
    const agent = await callServerFn(request, '$createAgentTask', {
      agentName: 'Redirect probe',
      taskDescription: 'Follows its redirect',
      redirectUrl,
    })
    links.push([`agent link, ${redirectUrl}`, await linkFrom(agent)])
  }
  for (const redirectUrl of OFF_SITE.impersonation) {
    const impersonation = await callServerFn(request, '$startImpersonation', {
      userId: target.id,
      reason: 'Redirect probe',
      redirectUrl,
    })
    links.push([`impersonation link, ${redirectUrl}`, await linkFrom(impersonation)])
  }

  for (const [what, link] of links) {
    const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '10.202.0.4' } })
    try {
      // Whatever reaches another host is answered here, so the test sees where the browser went.
      await context.route(/^https?:\/\/evil\.example\//, (route) =>
        route.fulfill({ contentType: 'text/html', body: '<title>Off site</title>' }),
      )
      const page = await context.newPage()
      await page.goto(link)
      await page.getByRole('button', { name: 'Continue', exact: true }).click()
      await expect(page, what).toHaveURL(`${BASE_URL}/dashboard`)
    } finally {
      await context.close()
    }
  }
})
