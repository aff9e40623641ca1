/**
 * Every session-task page, scanned with axe-core on the strict instance (which asks for every
 * task): a serious or critical violation fails the test. @see issue 22 ("Accessibility in e2e")
 */

import { totpCode } from '../test/support/totp.ts'
import { expect, test, uniqueEmail } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'
import { expectAccessible } from './support/page-checks.ts'

test('the two-step, terms and organization task pages have no serious accessibility violation', async ({
  page,
  forgetEmail,
  mailbox,
}) => {
  const email = uniqueEmail()
  forgetEmail(email)
  await page.goto('/sign-up')
  await authPage(page).signUp({ firstName: 'Tess', lastName: 'Tasks', email, password: 'accessible task pages' })
  await authPage(page).enterCode(await mailbox.nextCode(email))

  await expect(page).toHaveURL(/\/tasks\/setup-mfa/)
  await expect(page.getByRole('heading', { name: 'Set up two-step verification' })).toBeVisible()
  await expectAccessible(page, '/tasks/setup-mfa')
  await page.getByRole('listitem', { name: 'Authenticator app' }).getByRole('button', { name: 'Set up' }).click()
  const setup = page.getByRole('dialog', { name: 'Set up an authenticator app' })
  await expect(setup).toBeVisible()
  await expectAccessible(page, 'the authenticator app dialog')
  const uri = await setup.getByRole('link', { name: 'Open in an authenticator app' }).getAttribute('href')
  // Six digits submit the code by themselves.
  await setup.getByLabel('Code from the app').fill(totpCode(new URL(uri ?? '').searchParams.get('secret') ?? ''))
  await expect(page.getByRole('list', { name: 'Backup codes' })).toBeVisible()
  await expectAccessible(page, 'the backup codes')
  await page.getByRole('button', { name: 'I have saved my codes, continue' }).click()

  await expect(page).toHaveURL(/\/tasks\/accept-terms/)
  await expectAccessible(page, '/tasks/accept-terms')
  await page.getByLabel('I have read and accept the terms of service.').check()
  await page.getByRole('button', { name: 'Accept and continue' }).click()

  await expect(page).toHaveURL(/\/tasks\/choose-organization/)
  await expectAccessible(page, '/tasks/choose-organization')
})

test('the password task page has no serious accessibility violation', async ({ page, createUser, mailbox }) => {
  const user = await createUser({
    totp: true,
    acceptedTermsVersion: '2026-11',
    organizations: [{ name: 'Settled Co' }],
    passwordCompromised: true,
  })
  await page.goto('/sign-in')
  await authPage(page).signIn(user.email, user.password)
  await expect(page.getByRole('status')).toContainText('This password can no longer be used.')
  await expectAccessible(page, 'the compromised-password code step')
  await authPage(page).enterCode(await mailbox.nextCode(user.email))
  await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible()
  await authPage(page).enterCode(totpCode(user.totpSecret ?? ''))
  await expect(page).toHaveURL(/\/tasks\/reset-password/)
  await expectAccessible(page, '/tasks/reset-password')
})
