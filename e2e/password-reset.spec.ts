/**
 * "Forgot password?" at sign-in, in a real browser (docs/decisions/033-password-reset.md): the code
 * read from the outbox, a new password under the policy, signed in; the other device is signed out
 * and the owner told by email. A user with an authenticator app still passes it. On a phone-sized
 * screen too, by text message. Screenshots of each step are saved under test-results/.
 */

import type { Page, TestInfo } from '@playwright/test'
import { totpCode } from '../test/support/totp.ts'
import { attachScreenshot, expect, test, uniquePhone } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'
import { expectAccessible, expectNoHorizontalOverflow } from './support/page-checks.ts'

const NEW_PASSWORD = 'a brand new and rather long passphrase'

/** Saves a full-page screenshot under test-results/ and attaches it to the report. */
async function shoot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true })
  await attachScreenshot(page, testInfo, name)
}

/** From the code step on: the code, then the new password (a too-short one first: the policy applies). */
async function resetWith(page: Page, testInfo: TestInfo, code: string, prefix: string) {
  await authPage(page).enterCode(code)
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible()
  const field = page.getByLabel('New password')
  await expect(field).toHaveAttribute('autocomplete', 'new-password')
  await expect(page.getByRole('checkbox', { name: 'Sign out of all other devices' })).toBeChecked()
  await field.fill('short')
  await page.getByRole('button', { name: 'Reset password' }).click()
  await expect(page.getByText('Your password is too short.')).toBeVisible()
  await expectAccessible(page, 'the new password step')
  await expectNoHorizontalOverflow(page, 'the new password step')
  await shoot(page, testInfo, `${prefix}-new-password`)
  await field.fill(NEW_PASSWORD)
  await page.getByRole('button', { name: 'Reset password' }).click()
}

test.describe('forgot password, on a desktop screen', () => {
  test('an emailed code, a new password: signed in, the other device signed out, the owner told', async ({
    page,
    browser,
    createUser,
    mailbox,
  }, testInfo) => {
    const user = await createUser()
    // Signed in on another device first.
    const other = await browser.newContext()
    const otherPage = await other.newPage()
    await authPage(otherPage).signInAs(user)

    const auth = authPage(page)
    await page.goto('/sign-in')
    await auth.enterIdentifier(user.email)
    await expect(page.getByLabel('Password', { exact: true })).toBeVisible()
    await shoot(page, testInfo, 'desktop-password-step')
    await page.getByRole('button', { name: 'Forgot password?' }).click()
    await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible()
    await expect(page.getByText(/We sent a 6-digit code by email to e••+@example\.com/)).toBeVisible()
    await expectAccessible(page, 'the reset code step')
    await shoot(page, testInfo, 'desktop-reset-code')
    const message = await mailbox.nextMessage(user.email)
    expect(message.subject).toMatch(/password reset code/)
    const code = /\b(\d{6})\b/.exec(message.body)?.[1] ?? ''

    await resetWith(page, testInfo, code, 'desktop')
    await expect(page).toHaveURL('/dashboard')
    await auth.expectSignedInAs(`${user.firstName} ${user.lastName}`)
    await shoot(page, testInfo, 'desktop-signed-in')

    const notice = await mailbox.nextMessage(user.email)
    expect(notice.subject).toMatch(/password changed/i)
    expect(notice.body).toContain('password reset by email code')

    // The other device's session ended with the old password.
    await otherPage.reload()
    await authPage(otherPage).expectSignedOut()
    await other.close()

    // The new password signs in; the old one does not.
    await auth.signOut()
    await auth.expectSignedOut()
    await page.goto('/sign-in')
    await auth.signIn(user.email, user.password)
    await expect(page.getByRole('alert')).toBeVisible()
    await page.getByRole('button', { name: 'Change' }).click()
    await auth.signIn(user.email, NEW_PASSWORD)
    await expect(page).toHaveURL('/dashboard')
  })

  test('a user with an authenticator app passes it after the new password', async ({
    page,
    createUser,
    mailbox,
  }, testInfo) => {
    const user = await createUser({ totp: true })
    const auth = authPage(page)
    await page.goto('/sign-in')
    await auth.enterIdentifier(user.email)
    await page.getByRole('button', { name: 'Forgot password?' }).click()
    await resetWith(page, testInfo, await mailbox.nextCode(user.email), 'desktop-totp')
    await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible()
    await shoot(page, testInfo, 'desktop-totp-second-factor')
    await auth.enterCode(totpCode(user.totpSecret ?? ''))
    await expect(page).toHaveURL('/dashboard')
  })
})

test.describe('forgot password, on a phone-sized screen', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })

  test('by text message: the number proven, a new password, signed in', async ({
    page,
    createUser,
    mailbox,
  }, testInfo) => {
    const phone = uniquePhone()
    const user = await createUser({ phoneNumber: phone })
    const auth = authPage(page)
    await page.goto('/sign-in')
    await auth.enterIdentifier(phone)
    // A phone number starts with a texted sign-in code; the password, and its reset, are one tap away.
    expect(await mailbox.nextMessage(phone)).toMatchObject({ channel: 'sms' })
    await page.getByRole('button', { name: 'Use your password instead' }).click()
    await page.getByRole('button', { name: 'Forgot password?' }).click()
    await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible()
    await expect(page.getByText(/We sent a 6-digit code by text message/)).toBeVisible()
    await expectNoHorizontalOverflow(page, 'the reset code step')
    await shoot(page, testInfo, 'phone-reset-code')
    const message = await mailbox.nextMessage(phone)
    expect(message.body).toContain('password reset code')
    await resetWith(page, testInfo, /\b(\d{6})\b/.exec(message.body)?.[1] ?? '', 'phone')
    await expect(page).toHaveURL('/dashboard')
    await auth.expectSignedInAs(`${user.firstName} ${user.lastName}`)
    await shoot(page, testInfo, 'phone-signed-in')
  })
})
