/**
 * Every page of the app, scanned with axe-core: signed out, signed in, as an admin (the task pages
 * are scanned on the strict instance, in tasks-accessibility.spec.ts). A serious or critical
 * violation fails the test. @see issue 22 ("Accessibility in e2e", item 7)
 */

import type { Page } from '@playwright/test'
import { expect, type TestUser, test, uniqueEmail } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'
import { expectAccessible } from './support/page-checks.ts'

/** Opens each path and scans it once its first heading is shown. */
async function scan(page: Page, paths: readonly string[]) {
  for (const path of paths) {
    await page.goto(path)
    await expect(page.getByRole('heading').first()).toBeVisible()
    await expectAccessible(page, path)
  }
}

test('signed-out pages have no serious accessibility violation', async ({ page }) => {
  await scan(page, ['/', '/sign-in', '/sign-up', '/terms', '/examples/session', '/act', '/invitations/accept'])
  await scan(page, ['/no-such-page'])
})

test('the sign-in and sign-up steps have no serious accessibility violation', async ({ page, forgetEmail }) => {
  await page.goto('/sign-in')
  await authPage(page).enterIdentifier(uniqueEmail())
  await expect(page.getByLabel('Password', { exact: true })).toBeVisible()
  await expectAccessible(page, 'the sign-in password step')
  const email = uniqueEmail()
  forgetEmail(email)
  await page.goto('/sign-up')
  await authPage(page).signUp({ firstName: 'Ann', lastName: 'Scan', email, password: 'an accessible passphrase' })
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()
  await expectAccessible(page, 'the sign-up code step')
})

async function signedIn(page: Page, createUser: (options?: object) => Promise<TestUser>) {
  const user = await createUser({ organizations: [{ name: 'Scan Co' }] })
  await authPage(page).signInAs(user)
  return user
}

test('the dashboard, its menus and the account pages have no serious accessibility violation', async ({
  page,
  createUser,
}) => {
  await signedIn(page, createUser)
  await expectAccessible(page, '/dashboard')
  await page
    .getByRole('banner')
    .getByRole('button', { name: /^Account: / })
    .click()
  await expectAccessible(page, 'the account menu')
  await page.setViewportSize({ width: 390, height: 844 })
  await page.getByRole('banner').getByRole('button', { name: 'Menu' }).click()
  await expectAccessible(page, 'the phone menu')
  await page.setViewportSize({ width: 1280, height: 800 })
  await scan(page, ['/sessions', '/account/security', '/account/profile'])
})

test('activity, organization and example pages have no serious accessibility violation', async ({
  page,
  createUser,
}) => {
  const user = await signedIn(page, createUser)
  const slug = user.organizations[0]?.slug ?? ''
  await scan(page, ['/account/activity', `/orgs/${slug}`, `/orgs/${slug}/settings`, '/examples/dashboard'])
  await page.goto('/account/activity')
  await page
    .getByRole('link', { name: /history/i })
    .first()
    .click()
  await expect(page.getByRole('heading', { name: 'Session history' })).toBeVisible()
  await expectAccessible(page, 'a session history')
})

test('admin pages have no serious accessibility violation', async ({ page, createUser }) => {
  const admin = await createUser({ adminRole: 'owner' })
  const someone = await createUser({ organizations: [{ name: 'Someone Co' }] })
  await authPage(page).signInAs(admin)
  await scan(page, ['/admin', '/admin/users', `/admin/users/${someone.id}`, '/admin/sessions'])
})

test('more admin pages have no serious accessibility violation', async ({ page, createUser }) => {
  await authPage(page).signInAs(await createUser({ adminRole: 'owner' }))
  await scan(page, ['/admin/organizations', '/admin/ledger', '/admin/keys', '/admin/webhooks', '/admin/connections'])
})
