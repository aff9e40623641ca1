/**
 * The main flows on a phone (the `phone` project: 390 × 844, touch): sign-up, sign-in, switching
 * accounts, the security page and the admin console. No page is wider than the screen, every
 * destination of the main navigation is reachable from the menu, menus open on screen, and
 * "Sign out" stays on one line. @see issue 22 item 3, "Phone viewport"
 */

import type { Locator, Page } from '@playwright/test'
import { expect, test, uniqueEmail } from './fixtures.ts'
import { accountSwitcher } from './pages/account-switcher.page.ts'
import { authPage } from './pages/auth.page.ts'
import { expectNoHorizontalOverflow } from './support/page-checks.ts'

async function expectOnScreen(page: Page, locator: Locator) {
  const box = await locator.boundingBox()
  const width = page.viewportSize()?.width ?? 0
  expect(box, 'shown').not.toBeNull()
  expect(box?.x ?? -1, 'left edge on screen').toBeGreaterThanOrEqual(0)
  expect((box?.x ?? 0) + (box?.width ?? 0), 'right edge on screen').toBeLessThanOrEqual(width)
}

/** Opens the menu and follows each destination in it. */
async function visitEveryDestination(page: Page, destinations: Record<string, RegExp>) {
  const banner = page.getByRole('banner')
  for (const [label, url] of Object.entries(destinations)) {
    await banner.getByRole('button', { name: 'Menu' }).click()
    const nav = banner.getByRole('navigation', { name: 'Main' })
    await expectOnScreen(page, nav)
    await expect(nav.getByRole('link')).toHaveText(Object.keys(destinations))
    await nav.getByRole('link', { name: label }).click()
    await expect(page).toHaveURL(url)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await expectNoHorizontalOverflow(page, label)
  }
}

const USER_DESTINATIONS = {
  Dashboard: /\/dashboard$/,
  Sessions: /\/sessions$/,
  Security: /\/account\/security$/,
  Profile: /\/account\/profile$/,
}

test('on a phone: sign up, use every page from the menu, add and switch accounts', async ({
  page,
  createUser,
  forgetEmail,
  mailbox,
}) => {
  const email = uniqueEmail()
  forgetEmail(email)
  await page.goto('/')
  await expectNoHorizontalOverflow(page, 'the landing page')
  await page.getByRole('main').getByRole('link', { name: 'Create an account' }).click()
  await expectNoHorizontalOverflow(page, 'sign-up')
  await authPage(page).signUp({ firstName: 'Pat', lastName: 'Phone', email, password: 'a phone sized passphrase' })
  await authPage(page).enterCode(await mailbox.nextCode(email))
  await expect(page).toHaveURL('/dashboard')
  await expectNoHorizontalOverflow(page, 'the dashboard')
  const signOut = page.getByRole('banner').getByRole('button', { name: 'Sign out' })
  expect((await signOut.boundingBox())?.height, '"Sign out" on one line').toBeLessThanOrEqual(32)

  await visitEveryDestination(page, USER_DESTINATIONS)

  const other = await createUser({ firstName: 'Sam', lastName: 'Second', organizations: [{ name: 'Pocket Co' }] })
  await accountSwitcher(page).addAccount()
  await expectNoHorizontalOverflow(page, 'sign-in')
  await authPage(page).signIn(other.email, other.password)
  await accountSwitcher(page).expectCurrent('Sam Second')
  await page
    .getByRole('banner')
    .getByRole('button', { name: /^Organization: / })
    .click()
  await expectOnScreen(page, page.getByRole('list', { name: 'Organizations' }))
  await page.keyboard.press('Escape')
  await accountSwitcher(page).open()
  await expectOnScreen(page, page.getByRole('button', { name: 'Switch to Pat Phone' }))
  await page.getByRole('button', { name: 'Switch to Pat Phone' }).click()
  await accountSwitcher(page).expectCurrent('Pat Phone')
  await page.goto('/account/security')
  await expectNoHorizontalOverflow(page, 'security')
})

test('on a phone: an admin reaches the console from the menu', async ({ page, createUser }) => {
  await page.goto('/sign-in')
  const admin = await createUser({ adminRole: 'admin', firstName: 'Ada', lastName: 'Admin' })
  await authPage(page).signIn(admin.email, admin.password)
  await expect(page).toHaveURL('/dashboard')
  await visitEveryDestination(page, { ...USER_DESTINATIONS, Admin: /\/admin$/ })
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Users' }).click()
  await expect(page.getByRole('table', { name: 'Users' })).toBeVisible()
  await expectNoHorizontalOverflow(page, 'admin users')
})
