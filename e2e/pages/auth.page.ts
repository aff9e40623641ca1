import { expect, type Page } from '@playwright/test'

/** The sign-in and sign-up forms. */
export function authPage(page: Page) {
  async function signIn(email: string, password: string) {
    await page.getByLabel('Email address').fill(email)
    await page.getByLabel('Password').fill(password)
    await page.getByRole('button', { name: 'Sign in' }).click()
  }
  return {
    signIn,

    /** Opens the sign-in page, signs in and waits for the dashboard. */
    async signInAs(user: { email: string; password: string }) {
      await page.goto('/sign-in')
      await signIn(user.email, user.password)
      await expect(page).toHaveURL('/dashboard')
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
