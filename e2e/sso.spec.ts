/**
 * Enterprise SSO end to end, against a real OpenID provider (oidc-provider, e2e/support/idp.ts, on
 * another site than the app): an admin adds the corp.test connection in the admin console; a
 * corp.test person signs in on the IdP's own login page; the same person confirms it's them at the
 * IdP to revoke another device; a person of another domain signs in with a password as before.
 * Serial: the connection the first test makes is the one the others use.
 */

import type { Page } from '@playwright/test'
import { attachScreenshot, expect, test } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'
import { reverificationDialog } from './pages/reverification.page.ts'
import { IDP_ACCOUNTS, IDP_CLIENT, IDP_ISSUER } from './support/env.ts'

const [jane] = IDP_ACCOUNTS
if (!jane) throw new Error('the e2e IdP has no accounts')

test.describe.configure({ mode: 'serial' })

/** On the IdP's login page: signs in as `jane`. */
async function signInAtIdp(page: Page) {
  await expect(page).toHaveURL(new RegExp(`^${IDP_ISSUER}/interaction/`))
  await page.getByLabel('Username').fill(jane?.username ?? '')
  await page.getByLabel('Password').fill(jane?.password ?? '')
  await page.getByRole('button', { name: 'Sign in' }).click()
}

async function ssoSignIn(page: Page) {
  await page.goto('/sign-in')
  await authPage(page).enterIdentifier(jane?.email ?? '')
  await signInAtIdp(page)
  await expect(page).toHaveURL('/dashboard')
}

test('an admin adds the corp.test connection; the IdP must name exactly the issuer typed', async ({
  page,
  createUser,
}, testInfo) => {
  const admin = await createUser({ adminRole: 'admin' })
  await authPage(page).signInAs(admin)
  await page.goto('/admin/connections')
  await expect(page.getByText('No connections yet.')).toBeVisible()
  await page.getByRole('button', { name: 'Add connection' }).click()
  const form = page.getByRole('region', { name: 'Add a connection' })
  await form.getByLabel('Name').fill('Corp')
  await form.getByLabel('Issuer URL').fill(`${IDP_ISSUER}/`)
  await form.getByLabel('Client ID').fill(IDP_CLIENT.clientId)
  await form.getByLabel('Client secret').fill(IDP_CLIENT.clientSecret)
  await form.getByLabel('Email domains').fill('corp.test')
  await form.getByRole('button', { name: 'Add connection' }).click()
  await expect(form.getByText("The identity provider's configuration could not be validated.")).toBeVisible()

  await form.getByLabel('Issuer URL').fill(IDP_ISSUER)
  await form.getByRole('button', { name: 'Add connection' }).click()
  const row = page.getByRole('listitem', { name: 'Corp' })
  await expect(row).toContainText('@corp.test')
  await expect(row).toContainText('Enabled')
  await expect(row).toContainText(/Redirect URI: http:\/\/localhost:\d+\/sso\/callback\/econn_/)
  await expect(page.getByText('Corp was added.')).toBeVisible()
  await attachScreenshot(page, testInfo, 'connections')
})

test('a corp.test person signs in on the IdP’s login page and lands on the dashboard', async ({ page }, testInfo) => {
  await page.goto('/sign-in')
  await authPage(page).enterIdentifier(jane.email)
  await expect(page.getByRole('heading', { name: 'Corp IdP' })).toBeVisible()
  await attachScreenshot(page, testInfo, 'idp-login')
  await signInAtIdp(page)
  await expect(page).toHaveURL('/dashboard')
  // Her first sign-in here creates her account (welcomed, not back) unless another test signed her in first.
  await expect(page.getByRole('heading', { name: /^Welcome( back)?, Jane$/ })).toBeVisible()
  await expect(page.getByText(jane.email, { exact: true })).toBeVisible()
  // The IdP sent no amr: no second factor is claimed (ASVS 6.8.4).
  await expect(page.getByText(/first factor 0 min ago · no second factor/)).toBeVisible()
  await attachScreenshot(page, testInfo, 'dashboard')
})

test('the same person confirms it’s them at the IdP to revoke another device', async ({
  page,
  browser,
  ageFactors,
  forgetEmail,
}, testInfo) => {
  forgetEmail(jane.email)
  const laptop = await browser.newContext()
  await ssoSignIn(await laptop.newPage())
  await ssoSignIn(page)
  const userId = (await page.getByText(/^user_/).textContent()) ?? ''
  await ageFactors(userId, 30)

  await page.goto('/account/security')
  const devices = page.getByRole('list', { name: 'Signed-in devices' })
  await expect(devices.getByRole('listitem', { name: 'This device' })).toBeVisible()
  const before = await devices.getByRole('listitem').count()
  const revokeOne = async () => {
    await devices
      .getByRole('listitem', { name: 'Other device' })
      .first()
      .getByRole('button', { name: 'Revoke' })
      .click()
    await page.getByRole('dialog', { name: 'Revoke this device?' }).getByRole('button', { name: 'Revoke' }).click()
  }
  await revokeOne()
  const verify = reverificationDialog(page)
  await verify.expectOpen()
  await attachScreenshot(page, testInfo, 'reverification-dialog')
  await verify.dialog.getByRole('button', { name: 'Continue with Corp' }).click()

  // prompt=login: the IdP asks again even though Jane is signed in there.
  await signInAtIdp(page)
  await expect(page).toHaveURL('/account/security')
  await expect(page.getByRole('status')).toContainText('Do what you were doing again')
  await attachScreenshot(page, testInfo, 'back-from-idp')
  await revokeOne()
  await expect(verify.dialog).toBeHidden()
  await expect(devices.getByRole('listitem')).toHaveCount(before - 1)
  await laptop.close()
})

test('a person of another domain signs in with a password, as before', async ({ page, createUser }) => {
  const user = await createUser()
  await page.goto('/sign-in')
  await authPage(page).enterIdentifier(user.email)
  await expect(page.getByLabel('Password', { exact: true })).toBeVisible()
  await page.getByLabel('Password', { exact: true }).fill(user.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page).toHaveURL('/dashboard')
})
