import { expect, type Locator, type Page } from '@playwright/test'

/** Six digits, however grouped: what a one-time code field submits by itself. */
export const isOneTimeCode = (code: string) => /^\d{6}$/.test(code.replace(/[\s-]/g, ''))

/** A real paste (the clipboard, then Ctrl/Cmd+V) into `field`. */
export async function pasteInto(page: Page, field: Locator, text: string) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.evaluate((value) => navigator.clipboard.writeText(value), text)
  await field.focus()
  await page.keyboard.press('ControlOrMeta+V')
}

/** The sign-in and sign-up pages. */
export function authPage(page: Page) {
  const codeField = () => page.getByLabel(/^(Verification code|Backup code)$/)

  async function enterIdentifier(identifier: string) {
    await page.getByLabel('Email address or phone number').fill(identifier)
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
  }

  /** Identifier, then password (the default first factor for an email address). */
  async function signIn(identifier: string, password: string) {
    await enterIdentifier(identifier)
    await page.getByLabel('Password', { exact: true }).fill(password)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  }

  return {
    enterIdentifier,
    signIn,

    /** Opens the sign-in page, signs in with a password and waits for the dashboard. */
    async signInAs(user: { email: string; password: string }) {
      await page.goto('/sign-in')
      await signIn(user.email, user.password)
      await expect(page).toHaveURL('/dashboard')
    },

    /**
     * Types a code into the code step: a one-time code submits itself once its six digits are in;
     * a backup code is submitted with the button.
     */
    async enterCode(code: string) {
      await codeField().fill(code)
      if (!isOneTimeCode(code)) {
        await page.getByRole('button', { name: /^(Continue|Verify and create account)$/ }).click()
      }
    },

    /** Pastes `text` into the code field, as a person pasting a whole message would. */
    async pasteCode(text: string) {
      await pasteInto(page, codeField(), text)
    },

    async signUp(details: { firstName: string; lastName: string; email: string; password: string }) {
      await page.getByLabel('First name').fill(details.firstName)
      await page.getByLabel('Last name').fill(details.lastName)
      await page.getByLabel('Email address').fill(details.email)
      await page.getByLabel('Password').fill(details.password)
      await page.getByRole('button', { name: 'Create account' }).click()
    },

    async signOut() {
      await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click()
    },

    async expectSignedInAs(name: string) {
      await expect(page.getByRole('banner').getByText(name, { exact: true })).toBeVisible()
    },

    async expectSignedOut() {
      await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible()
    },
  }
}
