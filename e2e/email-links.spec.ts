/**
 * Signing in by email link (`email_link`, docs/decisions/036-email-links.md), in a real browser: the
 * link is read from the outbox, opened in another tab of the same browser (both tabs end signed
 * in: the one that asked completes on its poll), in the same tab on a phone, and in another
 * browser, which is refused (the reference's "Require the same device and browser", our default)
 * while the link stays good where it was asked for. Screenshots on a desktop and a phone.
 */

import type { Page } from '@playwright/test'
import { attachScreenshot, expect, test } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'

const PHONE = { width: 390, height: 844 }

/** Asks for a sign-in link on the sign-in page; answers the link's path (with its fragment) from the email. */
async function askForLink(
  page: Page,
  email: string,
  mailbox: { nextMessage: (to: string) => Promise<{ body: string; subject: string | null }> },
) {
  await page.goto('/sign-in')
  await authPage(page).enterIdentifier(email)
  await page.getByRole('button', { name: 'Email me a sign-in link instead' }).click()
  await expect(page.getByRole('status')).toContainText(/We sent a link by email to e••+@example\.com/)
  const message = await mailbox.nextMessage(email)
  expect(message.subject).toBe('Sign in to Tessera')
  const url = /https?:\/\/\S+\/email-link\/verify#token=[A-Za-z0-9_-]{43}/.exec(message.body)?.[0]
  if (!url) throw new Error('no email link in the message')
  const link = new URL(url)
  return `${link.pathname}${link.hash}`
}

test('an email link opened in another tab signs in both: that tab at once, the waiting one by itself', async ({
  page,
  context,
  createUser,
  mailbox,
}, testInfo) => {
  const user = await createUser()
  const link = await askForLink(page, user.email, mailbox)
  await attachScreenshot(page, testInfo, 'waiting for the email link (desktop)')
  const other = await context.newPage()
  await other.goto(link)
  await expect(other).toHaveURL('/dashboard')
  await authPage(other).expectSignedInAs('Erin Tester')
  // The tab that asked was polling: it completes and lands too.
  await expect(page).toHaveURL('/dashboard')
  await authPage(page).expectSignedInAs('Erin Tester')
})

test('on a phone, the link opened in the same tab signs in; opened again, it no longer works', async ({
  page,
  createUser,
  mailbox,
}, testInfo) => {
  await page.setViewportSize(PHONE)
  const user = await createUser()
  const link = await askForLink(page, user.email, mailbox)
  await attachScreenshot(page, testInfo, 'waiting for the email link (phone)')
  await page.goto(link)
  await expect(page).toHaveURL('/dashboard')
  await authPage(page).expectSignedInAs('Erin Tester')
  await page.goto(link)
  await expect(page.getByRole('heading', { name: 'This link no longer works' })).toBeVisible()
  // The fragment with the token is gone from the address bar.
  await expect(page).toHaveURL('/email-link/verify')
  await attachScreenshot(page, testInfo, 'a used email link (phone)')
})

test('an email link opened in another browser is refused there and still works where it was asked for, after a reload too', async ({
  page,
  browser,
  createUser,
  mailbox,
}, testInfo) => {
  const user = await createUser()
  const link = await askForLink(page, user.email, mailbox)
  const elsewhere = await browser.newContext({ baseURL: new URL(page.url()).origin })
  try {
    const stranger = await elsewhere.newPage()
    await stranger.goto(link)
    await expect(stranger.getByRole('heading', { name: 'Open it where you asked for it' })).toBeVisible()
    await attachScreenshot(stranger, testInfo, 'email link opened in another browser')
    await stranger.goto('/dashboard')
    await expect(stranger).toHaveURL(/\/sign-in/)
  } finally {
    await elsewhere.close()
  }
  // Reloaded while waiting, the page waits again (nothing is sent again).
  await page.reload()
  await expect(page.getByRole('status')).toContainText('We sent a link by email')
  const tab = await page.context().newPage()
  await tab.goto(link)
  await expect(tab).toHaveURL('/dashboard')
  await expect(page).toHaveURL('/dashboard')
})
