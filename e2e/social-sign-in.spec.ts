/**
 * Social sign-in end to end (ADR 034), against local providers on loopback (e2e/support/idp.ts):
 * the OpenID provider standing in for Google and Microsoft, and a small server speaking GitHub's
 * OAuth endpoints. Both are another site than the app, so the transaction cookie must survive a
 * cross-site redirect back. On a desktop and a phone-sized viewport.
 */

import { randomInt, randomUUID } from 'node:crypto'
import type { Page, TestInfo } from '@playwright/test'
import type { GitHubAccount } from '../test/support/github-provider.ts'
import type { IdpAccount } from '../test/support/oidc-idp.ts'
import { totpCode } from '../test/support/totp.ts'
import { expect, test, uniqueEmail } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'
import { reverificationDialog } from './pages/reverification.page.ts'
import { GITHUB_URL, IDP_ISSUER, PROVIDER_CONTROL_URL } from './support/env.ts'

async function shot(page: Page, testInfo: TestInfo, name: string) {
  const body = await page.screenshot({ fullPage: true, path: testInfo.outputPath(`${name}.png`) })
  await testInfo.attach(name, { body, contentType: 'image/png' })
}

/** A person at the local GitHub, with one address (verified unless told). */
async function githubPerson(page: Page, options: { email?: string; verified?: boolean } = {}) {
  const account: GitHubAccount = {
    id: randomInt(1, 2 ** 31),
    login: `octo-${randomUUID().slice(0, 8)}`,
    name: 'Octo Cat',
    emails: [{ email: options.email ?? uniqueEmail(), verified: options.verified ?? true, primary: true }],
  }
  const response = await page.request.post(`${PROVIDER_CONTROL_URL}/accounts`, {
    data: { provider: 'github', account },
  })
  expect(response.status()).toBe(204)
  return { ...account, email: account.emails[0]?.email ?? '' }
}

/** A person at the OpenID provider (Google's and Microsoft's stand-in). */
async function oidcPerson(page: Page, options: { email?: string } = {}) {
  const sub = randomUUID()
  const account: IdpAccount = {
    sub,
    username: `person-${sub.slice(0, 8)}`,
    password: `password of ${sub}`,
    email: options.email ?? uniqueEmail(),
    emailVerified: true,
    givenName: 'Grace',
    familyName: 'Hopper',
  }
  const response = await page.request.post(`${PROVIDER_CONTROL_URL}/accounts`, { data: { provider: 'oidc', account } })
  expect(response.status()).toBe(204)
  return account
}

/** At GitHub's authorize page: names the account and authorizes (or cancels). */
async function authorizeAtGitHub(page: Page, login: string, decision: 'Authorize' | 'Cancel' = 'Authorize') {
  await expect(page).toHaveURL(new RegExp(`^${GITHUB_URL}/login/oauth/authorize`))
  await expect(page.getByRole('heading', { name: 'GitHub (test)' })).toBeVisible()
  if (decision === 'Authorize') await page.getByLabel('Username').fill(login)
  await page.getByRole('button', { name: decision }).click()
}

async function signInAtIdp(page: Page, person: IdpAccount) {
  await expect(page).toHaveURL(new RegExp(`^${IDP_ISSUER}/interaction/`))
  await page.getByLabel('Username').fill(person.username)
  await page.getByLabel('Password').fill(person.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

const alertOnSignIn = (page: Page) => page.getByRole('alert').filter({ hasText: /./ })

test.describe('on a desktop', () => {
  test('signs up with GitHub, and signs in again with it', async ({ page }, testInfo) => {
    const person = await githubPerson(page)
    await page.goto('/sign-up')
    await shot(page, testInfo, 'sign-up-buttons')
    await page.getByRole('button', { name: 'Continue with GitHub' }).click()
    await authorizeAtGitHub(page, person.login)
    await expect(page).toHaveURL('/dashboard')
    await expect(page.getByRole('heading', { name: /^Welcome( back)?, Octo$/ })).toBeVisible()
    await expect(page.getByText(person.email, { exact: true })).toBeVisible()

    await authPage(page).signOut()
    await authPage(page).expectSignedOut()
    await page.goto('/sign-in')
    await page.getByRole('button', { name: 'Continue with GitHub' }).click()
    await authorizeAtGitHub(page, person.login)
    await expect(page).toHaveURL('/dashboard')
    await expect(page.getByRole('heading', { name: 'Welcome back, Octo' })).toBeVisible()
  })

  for (const provider of ['Google', 'Microsoft'] as const) {
    test(`signs up with ${provider} (OpenID Connect)`, async ({ page }, testInfo) => {
      const person = await oidcPerson(page)
      await page.goto('/sign-in')
      await shot(page, testInfo, 'sign-in-buttons')
      await page.getByRole('button', { name: `Continue with ${provider}` }).click()
      await signInAtIdp(page, person)
      await expect(page).toHaveURL('/dashboard')
      await expect(page.getByRole('heading', { name: /^Welcome( back)?, Grace$/ })).toBeVisible()
      await expect(page.getByText(person.email ?? '', { exact: true })).toBeVisible()
    })
  }

  test('links to an existing account whose address is verified, then lists and disconnects it', async ({
    page,
    createUser,
  }, testInfo) => {
    const user = await createUser()
    const person = await githubPerson(page, { email: user.email })
    await page.goto('/sign-in')
    await page.getByRole('button', { name: 'Continue with GitHub' }).click()
    await authorizeAtGitHub(page, person.login)
    await expect(page).toHaveURL('/dashboard')
    await expect(page.getByRole('heading', { name: `Welcome back, ${user.firstName}` })).toBeVisible()

    await page.goto('/account/security')
    const section = page.getByRole('region', { name: 'Connected accounts' })
    const row = section.getByRole('listitem', { name: 'GitHub' })
    await expect(row).toContainText(user.email)
    await shot(page, testInfo, 'connected-accounts')
    await row.getByRole('button', { name: 'Disconnect' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Disconnect' }).click()
    await expect(section.getByText('No connected accounts.')).toBeVisible()
  })

  test('connects another account from the security page, after confirming it is them', async ({
    page,
    createUser,
    ageFactors,
  }, testInfo) => {
    const user = await createUser()
    // Another address at GitHub: connecting does not go by address, the person proves both sides.
    const person = await githubPerson(page)
    await authPage(page).signInAs(user)
    await ageFactors(user.id, 11)
    await page.goto('/account/security')
    const section = page.getByRole('region', { name: 'Connected accounts' })
    await expect(section.getByText('No connected accounts.')).toBeVisible()
    await section.getByRole('button', { name: 'Connect GitHub' }).click()
    const confirm = reverificationDialog(page)
    await confirm.expectOpen()
    await shot(page, testInfo, 'connect-confirm')
    await confirm.withPassword(user.password)
    await authorizeAtGitHub(page, person.login)
    await expect(page).toHaveURL(/\/account\/security#connected-accounts$/)
    await expect(section.getByRole('listitem', { name: 'GitHub' })).toContainText(person.email)

    // The GitHub account now signs this user in.
    await authPage(page).signOut()
    await authPage(page).expectSignedOut()
    await page.goto('/sign-in')
    await page.getByRole('button', { name: 'Continue with GitHub' }).click()
    await authorizeAtGitHub(page, person.login)
    await expect(page).toHaveURL('/dashboard')
    await expect(page.getByRole('heading', { name: `Welcome back, ${user.firstName}` })).toBeVisible()
  })

  test('asks a user with an authenticator app for it after the provider', async ({ page, createUser }) => {
    const user = await createUser({ totp: true })
    const person = await githubPerson(page, { email: user.email })
    await page.goto('/sign-in')
    await page.getByRole('button', { name: 'Continue with GitHub' }).click()
    await authorizeAtGitHub(page, person.login)
    await expect(page).toHaveURL('/sign-in')
    await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible()
    await authPage(page).enterCode(totpCode(user.totpSecret ?? ''))
    await expect(page).toHaveURL('/dashboard')
  })

  test('does not link an account when GitHub has not verified the address', async ({ page, createUser }, testInfo) => {
    const user = await createUser()
    const person = await githubPerson(page, { email: user.email, verified: false })
    await page.goto('/sign-in')
    await page.getByRole('button', { name: 'Continue with GitHub' }).click()
    await authorizeAtGitHub(page, person.login)
    await expect(page).toHaveURL(/\/sign-in\?sso_error=oauth_email_not_verified$/)
    await expect(alertOnSignIn(page)).toContainText('That account has not verified its email address.')
    await authPage(page).expectSignedOut()
    await shot(page, testInfo, 'unverified-refused')
  })

  test('makes no account for a new person whose only address is unverified', async ({ page }) => {
    const person = await githubPerson(page, { verified: false })
    await page.goto('/sign-up')
    await page.getByRole('button', { name: 'Continue with GitHub' }).click()
    await authorizeAtGitHub(page, person.login)
    await expect(alertOnSignIn(page)).toContainText('That account has not verified its email address.')
    await authPage(page).expectSignedOut()
  })

  test('says so when the provider answers with an error', async ({ page }, testInfo) => {
    await githubPerson(page)
    await page.goto('/sign-in')
    await page.getByRole('button', { name: 'Continue with GitHub' }).click()
    await authorizeAtGitHub(page, '', 'Cancel')
    await expect(page).toHaveURL(/\/sign-in\?sso_error=sso_idp_refused$/)
    await expect(alertOnSignIn(page)).toContainText('Your identity provider did not sign you in.')
    await shot(page, testInfo, 'provider-error')
  })

  test('refuses a wrong state, and a replayed callback', async ({ page, context }) => {
    const person = await githubPerson(page)
    // A wrong state: this browser's trip, another state.
    await page.goto('/sign-in')
    await page.getByRole('button', { name: 'Continue with GitHub' }).click()
    await expect(page).toHaveURL(new RegExp(`^${GITHUB_URL}/`))
    await page.goto('/oauth/callback/github?code=forged&state=not-the-state')
    await expect(page).toHaveURL(/\/sign-in\?sso_error=sso_state_invalid$/)
    await expect(alertOnSignIn(page)).toContainText('Your sign-in link is not valid.')

    // A replay: the callback that signed the person in, visited again by a browser without the trip.
    await page.getByRole('button', { name: 'Continue with GitHub' }).click()
    const callback = page.waitForRequest((request) => request.url().includes('/oauth/callback/github?'))
    await authorizeAtGitHub(page, person.login)
    const callbackUrl = (await callback).url()
    await expect(page).toHaveURL('/dashboard')
    await context.clearCookies()
    await page.goto(callbackUrl)
    await expect(page).toHaveURL(/\/sign-in\?sso_error=sso_transaction_missing$/)
    await expect(alertOnSignIn(page)).toContainText('Your sign-in could not be completed in this browser.')
    await authPage(page).expectSignedOut()
  })
})

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })

  test('signs up with GitHub, and sees a provider error', async ({ page }, testInfo) => {
    const person = await githubPerson(page)
    await page.goto('/sign-in')
    await shot(page, testInfo, 'phone-sign-in')
    await page.getByRole('button', { name: 'Continue with GitHub' }).click()
    await authorizeAtGitHub(page, '', 'Cancel')
    await expect(alertOnSignIn(page)).toContainText('Your identity provider did not sign you in.')
    await shot(page, testInfo, 'phone-provider-error')
    await page.getByRole('button', { name: 'Continue with GitHub' }).click()
    await authorizeAtGitHub(page, person.login)
    await expect(page).toHaveURL('/dashboard')
    await page.goto('/account/security#connected-accounts')
    await expect(
      page.getByRole('region', { name: 'Connected accounts' }).getByRole('listitem', { name: 'GitHub' }),
    ).toBeVisible()
    await shot(page, testInfo, 'phone-connected-accounts')
  })

  test('signs in with Google', async ({ page }) => {
    const person = await oidcPerson(page)
    await page.goto('/sign-up')
    await page.getByRole('button', { name: 'Continue with Google' }).click()
    await signInAtIdp(page, person)
    await expect(page).toHaveURL('/dashboard')
  })
})
