/**
 * Names people really have, and names meant to break things: emoji, combining marks, right-to-left
 * text, HTML and 100 characters without a space. Every page that shows them hydrates without an
 * error (the browser-errors fixture fails the test on one), stays as wide as the window on a
 * desktop and on a phone, and shows the name as text. @see issue 22 items 1 and 2, "Hostile names"
 */

import type { Page } from '@playwright/test'
import { expect, test, uniqueEmail } from './fixtures.ts'
import { accountSwitcher } from './pages/account-switcher.page.ts'
import { authPage } from './pages/auth.page.ts'
import { expectNoHorizontalOverflow } from './support/page-checks.ts'

const LONG = 'W'.repeat(100)
const MIXED = 'Zalgo Z̷̢͔a̸̛l̶g̵o̴ שרה לוי <b>bold</b><img src=x onerror=alert(1)>'
const ORGANIZATION = `<i>Org</i>${'O'.repeat(50)}`

const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }

/** Opens `path` and checks it at both widths: no overflow, the name shown as text, no markup from it. */
async function visit(page: Page, path: string, shows: string[]) {
  await page.setViewportSize(DESKTOP)
  await page.goto(path)
  for (const text of shows) await expect(page.getByText(text).first()).toBeAttached()
  await expect(page.locator('b', { hasText: 'bold' })).toHaveCount(0)
  await expect(page.locator('i', { hasText: 'Org' })).toHaveCount(0)
  await expect(page.locator('img[src="x"]')).toHaveCount(0)
  await expectNoHorizontalOverflow(page, `${path} on a desktop`)
  await page.setViewportSize(PHONE)
  await expectNoHorizontalOverflow(page, `${path} on a phone`)
}

test.beforeEach(({ page }) => {
  page.on('dialog', (dialog) => {
    throw new Error(`a name ran script: ${dialog.message()}`)
  })
})

test('a hostile name signed up through the page shows as text on the account pages', async ({
  page,
  createUser,
  forgetEmail,
  mailbox,
}) => {
  // The 100-character first name, and everything else in the last.
  const email = uniqueEmail()
  forgetEmail(email)
  await page.goto('/sign-up')
  await authPage(page).signUp({ firstName: LONG, lastName: MIXED, email, password: 'hostile names passphrase' })
  await authPage(page).enterCode(await mailbox.nextCode(email))
  await expect(page).toHaveURL('/dashboard')
  await expect(page.getByRole('heading', { level: 1 })).toContainText(LONG)
  for (const path of ['/dashboard', '/sessions', '/account/security', '/account/activity', '/account/profile'])
    await visit(page, path, [MIXED])

  // The name from the issue, in the same browser: both names in the account menu.
  await page.setViewportSize(DESKTOP)
  const zoe = await createUser({ firstName: 'Zoë', lastName: '😀' })
  await accountSwitcher(page).addAccount()
  await authPage(page).signIn(zoe.email, zoe.password)
  await accountSwitcher(page).expectCurrent('Zoë 😀')
  await expect(page.getByRole('banner').getByText('Z😀')).toBeVisible()
  await accountSwitcher(page).open()
  await expect(page.getByRole('button', { name: `Switch to ${LONG} ${MIXED}` })).toBeVisible()
  await expectNoHorizontalOverflow(page, 'the account menu')
  await visit(page, '/sessions', ['Zoë 😀', MIXED])
})

test('hostile names show as text in organizations and the admin console', async ({ page, createUser }) => {
  const zoe = await createUser({ firstName: 'Zoë', lastName: '😀', organizations: [{ name: ORGANIZATION }] })
  const long = await createUser({ firstName: LONG, lastName: MIXED })
  await authPage(page).signInAs(zoe)
  await visit(page, `/orgs/${zoe.organizations[0]?.slug ?? ''}`, [ORGANIZATION, 'Zoë 😀'])

  const admin = await createUser({ adminRole: 'support', firstName: 'Ada', lastName: 'Admin' })
  await page.setViewportSize(DESKTOP)
  await accountSwitcher(page).addAccount()
  await authPage(page).signIn(admin.email, admin.password)
  await accountSwitcher(page).expectCurrent('Ada Admin')
  await visit(page, `/admin/users?q=${encodeURIComponent(zoe.email)}`, ['Zoë 😀'])
  await visit(page, `/admin/users?q=${encodeURIComponent(long.email)}`, [MIXED])
  await visit(page, `/admin/users/${long.id}`, [MIXED])
  await visit(page, '/admin/sessions', ['Zoë 😀'])
  await visit(page, '/admin/ledger', ['Zoë 😀'])
  await visit(page, '/admin/organizations', [ORGANIZATION])
})
