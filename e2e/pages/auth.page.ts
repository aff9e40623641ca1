import { expect, type Page } from '@playwright/test'

/** The sign-in and sign-up pages. */
export function authPage(page: Page) {
  const codeField = () => page.getByLabel(/^(Verification code|Backup code)$/)

  async function enterIdentifier(identifier: string) {
    await page.getByLabel('Email address or phone number').fill(identifier)
    await page.getByRole('button', { name: 'Continue' }).click()
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

    /** Types a code into the code step and continues. */
    async enterCode(code: string) {
      await codeField().fill(code)
      await page.getByRole('button', { name: /^(Continue|Verify and create account)$/ }).click()
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
