/**
 * Issue 21: the reference's documentation examples, rendered. Every component example that
 * compiles against ours (test/reference-examples/RESULTS.md) is served at
 * `/examples/reference/<name>` (test/support/reference-examples-plugin.ts); this visits each on a
 * signed-out, a signed-in and a pending session and checks it shows what the reference's docs say
 * (e2e/reference-examples.expectations.ts), with no error in the browser (the `browserErrors`
 * fixture). The list comes from RESULTS.md, so an example joins once it compiles; it then needs
 * its expectations.
 */

import type { Page } from '@playwright/test'
import { renderedExamples } from '../test/support/reference-examples.ts'
import { renderedName } from '../test/support/reference-examples-plugin.ts'
import { expect, test } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'
import { EXPECTATIONS, type State, type Visit } from './reference-examples.expectations.ts'

const RENDERED = renderedExamples().map(renderedName)

test('every rendered example has its expectations, and every expectation an example', () => {
  expect(RENDERED.length, 'RESULTS.md lists no component that compiles against ours').toBeGreaterThanOrEqual(5)
  const missing = RENDERED.filter((name) => !Object.hasOwn(EXPECTATIONS, name))
  expect(missing, 'add what these show to e2e/reference-examples.expectations.ts').toEqual([])
  const stale = Object.keys(EXPECTATIONS).filter((name) => !RENDERED.includes(name))
  expect(stale, 'these no longer compile against ours (RESULTS.md)').toEqual([])
})

/** Visits every rendered example and checks what it shows on this session. */
async function visitAll(page: Page, state: State, visit: Visit) {
  for (const name of RENDERED) {
    await test.step(name, async () => {
      const expected = EXPECTATIONS[name]?.[state]
      if (!expected) throw new Error(`${name}: no expectation for ${state}`)
      const shows = typeof expected === 'function' ? expected(visit) : expected
      await page.goto(`/examples/reference/${name}`)
      if ('url' in shows) return await expect(page).toHaveURL(shows.url)
      const example = page.getByRole('region', { name: 'Example' })
      if ('nothing' in shows) {
        await expect(page).toHaveURL(new RegExp(`/examples/reference/${name.replaceAll('.', '\\.')}$`))
        return await expect(example).toBeEmpty()
      }
      await expect(
        'text' in shows
          ? example.getByText(shows.text, { exact: true })
          : example.getByRole(shows.role, { name: shows.name }),
      ).toBeVisible()
    })
  }
}

test('signed out, each example shows what the reference says', async ({ page }) => {
  await visitAll(page, 'signedOut', { userId: null })
})

test('signed in, each example shows what the reference says', async ({ page, createUser }) => {
  const user = await createUser()
  await authPage(page).signInAs(user)
  await visitAll(page, 'signedIn', { userId: user.id })
})

test('on a pending session, each example shows what the reference says', async ({ page, createUser, mailbox }) => {
  // A password an administrator marked compromised: the session owes the reset-password task.
  const user = await createUser({ passwordCompromised: true })
  await page.goto('/sign-in')
  await authPage(page).signIn(user.email, user.password)
  await authPage(page).enterCode(await mailbox.nextCode(user.email))
  await expect(page).toHaveURL(/\/tasks\/reset-password/)
  await visitAll(page, 'pending', { userId: user.id })
})

test('a name that is not a rendered example is not found', async ({ page }) => {
  await page.goto('/examples/reference/no-such-example.1')
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
})
