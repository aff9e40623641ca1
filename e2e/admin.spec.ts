/**
 * The admin console in the browser: an admin finds a user and bans them (the user's own browser is
 * signed out on its next navigation, and cannot sign in again), then lifts the ban; the dashboard
 * shows the instance's counts and chart; a key rotation publishes the new key before it signs; to
 * anyone who is not an admin, /admin does not exist; a search longer than a page pages on from
 * where it ended (keyset cursors) and back to the newest, keeping the search.
 */

import { randomUUID } from 'node:crypto'
import type { Browser } from '@playwright/test'
import { ADMIN_PAGE_SIZE } from '../app/session/policy.ts'
import { attachScreenshot, expect, test } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'

/** A second person, in a browser of their own (cookies are per context). */
async function otherBrowser(browser: Browser, forwardedFor: string) {
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': forwardedFor } })
  return { page: await context.newPage(), close: () => context.close() }
}

test('an admin finds a user and bans them: their browser is signed out; lifting the ban lets them back in', async ({
  page,
  browser,
  createUser,
}, testInfo) => {
  const admin = await createUser({ adminRole: 'admin', firstName: 'Ada', lastName: 'Admin' })
  const target = await createUser({ firstName: 'Tara', lastName: 'Target' })
  const user = await otherBrowser(browser, '10.201.0.2')
  try {
    await authPage(user.page).signInAs(target)

    await authPage(page).signInAs(admin)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click()
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Users' }).click()
    await page.getByLabel('Search users').fill(target.email)
    await page.getByRole('button', { name: 'Search' }).click()
    const users = page.getByRole('table', { name: 'Users' })
    await expect(users.getByRole('row')).toHaveCount(2)
    await users.getByRole('link', { name: /Tara Target/ }).click()
    await expect(page.getByRole('heading', { level: 2, name: 'Tara Target' })).toBeVisible()
    await expect(page.getByRole('region', { name: 'Impersonation' })).toBeAttached()
    await page.screenshot({ path: testInfo.outputPath('user-detail.png'), fullPage: true })
    await attachScreenshot(page, testInfo, 'user detail')

    await page.getByRole('region', { name: 'Ban this user' }).getByRole('button', { name: 'Ban user' }).click()
    const ban = page.getByRole('dialog', { name: 'Ban Tara Target?' })
    // A ban needs a reason.
    await ban.getByRole('button', { name: 'Ban user' }).click()
    await expect(ban.getByText('Say why.')).toBeVisible()
    await ban.getByLabel('Reason').fill('Sending spam to other members')
    await ban.getByRole('button', { name: 'Ban user' }).click()
    await expect(ban).toBeHidden()
    await expect(page.getByRole('alert')).toContainText('Sending spam to other members')
    await expect(page.getByRole('region', { name: 'Lift the ban' })).toBeVisible()

    // The user's browser is signed out at its next navigation, and the right password now says why.
    await user.page.goto('/account/security')
    await expect(user.page).toHaveURL(/\/sign-in/)
    await authPage(user.page).signIn(target.email, target.password)
    await expect(user.page.getByText('This account has been suspended.')).toBeVisible()

    await page.getByRole('region', { name: 'Lift the ban' }).getByRole('button', { name: 'Unban' }).click()
    const unban = page.getByRole('dialog', { name: 'Unban Tara Target?' })
    await unban.getByLabel('Reason').fill('Appeal accepted')
    await unban.getByRole('button', { name: 'Unban' }).click()
    await expect(unban).toBeHidden()
    await expect(page.getByRole('region', { name: 'Ban this user' })).toBeVisible()

    // The same sign-in, tried again, now goes through, back to where the user was going.
    await user.page.getByLabel('Password', { exact: true }).fill(target.password)
    await user.page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await expect(user.page).toHaveURL('/account/security')

    // The ledger names the admin and keeps both reasons.
    await page.getByRole('link', { name: 'View activity' }).click()
    const ledger = page.getByRole('table', { name: 'Ledger' })
    await expect(ledger.getByRole('row', { name: /Account banned: Sending spam/ })).toContainText('Ada Admin')
    await expect(ledger.getByRole('row', { name: /Account unbanned: Appeal accepted/ })).toContainText('Ada Admin')
  } finally {
    await user.close()
  }
})

test('the dashboard shows the instance’s counts and the last hour of sign-ins', async ({
  page,
  createUser,
}, testInfo) => {
  const admin = await createUser({ adminRole: 'support' })
  await authPage(page).signInAs(admin)
  await page.goto('/admin')
  const counts = page.getByRole('list', { name: 'Counts' })
  for (const name of ['Active sessions', 'Pending sessions', 'Users', 'Organizations', 'Admins']) {
    await expect(counts.getByRole('listitem', { name })).toContainText(/\d/)
  }
  // At least this admin, signed in, is counted.
  const active = await counts.getByRole('listitem', { name: 'Active sessions' }).textContent()
  expect(Number(/\d[\d,]*/.exec(active ?? '')?.[0].replaceAll(',', ''))).toBeGreaterThanOrEqual(1)
  await expect(page.getByRole('img', { name: /Sign-ins and failed sign-ins per minute/ })).toBeVisible()
  await page.getByText('Show as a table').click()
  await expect(page.getByRole('table', { name: 'Sign-ins per minute' })).toBeVisible()
  // Support reads but does not manage users or keys: those buttons are not offered.
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Signing keys' }).click()
  await expect(page.getByRole('table', { name: 'Signing keys' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Rotate signing key' })).toHaveCount(0)
  await page.goto('/admin')
  await page.screenshot({ path: testInfo.outputPath('dashboard.png'), fullPage: true })
  await attachScreenshot(page, testInfo, 'dashboard')
})

test('an admin rotates the signing key: it is published at once and signs ten minutes later', async ({
  page,
  createUser,
}) => {
  const admin = await createUser({ adminRole: 'admin' })
  await authPage(page).signInAs(admin)
  await page.goto('/admin/keys')
  await page.getByRole('button', { name: 'Rotate signing key' }).click()
  const dialog = page.getByRole('dialog', { name: 'Rotate the signing key?' })
  await expect(dialog).toContainText('signs every token from 10 minutes from now')
  await dialog.getByRole('button', { name: 'Rotate' }).click()
  await expect(dialog).toBeHidden()
  // security.md §4.1 step 1: the new key is listed as publishing, with the time it starts signing.
  const publishing = page
    .getByRole('table', { name: 'Signing keys' })
    .getByRole('row')
    .filter({ hasText: 'publishing' })
  await expect(publishing).toContainText(/signs from .*\d/)
})

test('to anyone who is not an admin, /admin does not exist', async ({ page, createUser }) => {
  const user = await createUser()
  await authPage(page).signInAs(user)
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' })).toHaveCount(0)
  const response = await page.goto('/admin')
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
  await page.goto('/admin/users')
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
})

test('an admin pages through a search with more users than a page: older, then back to the newest, the search kept', async ({
  page,
  createUser,
}) => {
  const admin = await createUser({ adminRole: 'support', firstName: 'Ada', lastName: 'Admin' })
  const surname = `Pager${randomUUID().slice(0, 8)}`
  // One more than a page, made one after another (newest last).
  const people = []
  for (let n = 0; n <= ADMIN_PAGE_SIZE; n++) people.push(await createUser({ firstName: `P${n}`, lastName: surname }))
  // Newer than all of them and not a match: the list before the search starts with them, so the
  // search's first page is told apart from the list it replaces (whose "Older" link is not the search's).
  await createUser({ firstName: 'Not', lastName: 'Matching' })
  await authPage(page).signInAs(admin)
  await page.goto('/admin/users')
  await page.getByLabel('Search users').fill(surname)
  await page.getByRole('button', { name: 'Search' }).click()
  const users = page.getByRole('table', { name: 'Users' })
  // A header row and a full page, the newest first.
  await expect(users.getByRole('row')).toHaveCount(ADMIN_PAGE_SIZE + 1)
  await expect(users.getByRole('row').nth(1)).toContainText(`P${ADMIN_PAGE_SIZE} ${surname}`)
  const pages = page.getByRole('navigation', { name: 'Pages' })
  await expect(pages.getByRole('link', { name: '← Newest' })).toHaveCount(0)

  await pages.getByRole('link', { name: 'Older →' }).click()
  await expect(page).toHaveURL(new RegExp(`[?&]q=${surname}`))
  await expect(page).toHaveURL(/[?&]after=/)
  await expect(users.getByRole('row')).toHaveCount(2)
  await expect(users.getByRole('row').nth(1)).toContainText(`P0 ${surname}`)
  await expect(pages.getByRole('link', { name: 'Older →' })).toHaveCount(0)

  await pages.getByRole('link', { name: '← Newest' }).click()
  await expect(page).not.toHaveURL(/[?&]after=/)
  await expect(users.getByRole('row')).toHaveCount(ADMIN_PAGE_SIZE + 1)

  // A cursor that is not one (a hand-edited address) shows the first page rather than an error.
  await page.goto(`/admin/users?q=${surname}&after=not-a-cursor`)
  await expect(users.getByRole('row')).toHaveCount(ADMIN_PAGE_SIZE + 1)
})
