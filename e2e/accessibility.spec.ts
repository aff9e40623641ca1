/**
 * Every page of the app, scanned with axe-core: signed out, signed in, as an admin (the task pages
 * are scanned on the strict instance, in tasks-accessibility.spec.ts). A serious or critical
 * violation fails the test. @see issue 22 ("Accessibility in e2e", item 7)
 */

import type { Page } from '@playwright/test'
import { expect, test, uniqueEmail } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'
import { expectAccessible } from './support/page-checks.ts'

/** Opens `path` and scans it once its first heading is shown. */
async function scan(page: Page, path: string) {
  await page.goto(path)
  await expect(page.getByRole('heading').first()).toBeVisible()
  await expectAccessible(page, path)
}

test('signed-out pages have no serious accessibility violation', async ({ page, forgetEmail }) => {
  for (const path of [
    '/',
    '/sign-in',
    '/sign-up',
    '/terms',
    '/examples/session',
    '/act',
    '/invitations/accept',
    '/no-such-page',
  ])
    await scan(page, path)

  // The steps after the first.
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

test('signed-in pages have no serious accessibility violation', async ({ page, createUser }) => {
  const user = await createUser({ organizations: [{ name: 'Scan Co' }] })
  await page.goto('/sign-in')
  await authPage(page).signIn(user.email, user.password)
  await expect(page).toHaveURL('/dashboard')
  await expectAccessible(page, '/dashboard')
  await page
    .getByRole('banner')
    .getByRole('button', { name: /^Account: / })
    .click()
  await expectAccessible(page, 'the account menu')

  const slug = user.organizations[0]?.slug ?? ''
  for (const path of [
    '/sessions',
    '/account/security',
    '/account/activity',
    '/account/profile',
    `/orgs/${slug}`,
    `/orgs/${slug}/settings`,
    '/examples/dashboard',
    '/examples/session',
  ])
    await scan(page, path)

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
  for (const path of [
    '/admin',
    '/admin/users',
    `/admin/users/${someone.id}`,
    '/admin/sessions',
    '/admin/organizations',
    '/admin/ledger',
    '/admin/keys',
    '/admin/webhooks',
    '/admin/connections',
  ])
    await scan(page, path)
})
