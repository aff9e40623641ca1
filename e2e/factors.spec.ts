/**
 * Signing in with every strategy, in a real browser: emailed and texted codes read from the
 * outbox, passkeys on a virtual authenticator, real TOTP codes, backup codes. A user with a second
 * factor reaches the dashboard only after it, whatever the first factor; a half-finished sign-in
 * cannot be finished later; the lockout says how long it lasts.
 */

import type { Page } from '@playwright/test'
import { totpCode } from '../test/support/totp.ts'
import { attachScreenshot, expect, type TestUser, test, uniquePhone } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'
import { callServerFn, sameOriginHeaders } from './support/server-fn.ts'
import { addVirtualAuthenticator } from './support/webauthn.ts'

test.describe('first factors', () => {
  test('an emailed code signs in', async ({ page, createUser, mailbox }, testInfo) => {
    const user = await createUser()
    const auth = authPage(page)
    await page.goto('/sign-in')
    await auth.enterIdentifier(user.email)
    await page.getByRole('button', { name: 'Email me a sign-in code instead' }).click()
    await expect(page.getByText(/We sent a 6-digit code by email to e••+@example\.com/)).toBeVisible()
    await attachScreenshot(page, testInfo, 'email code')
    await auth.enterCode(await mailbox.nextCode(user.email))
    await expect(page).toHaveURL('/dashboard')
    await auth.expectSignedInAs('Erin Tester')
  })

  test('the code field takes only digits, takes the code out of a pasted message and submits it by itself', async ({
    page,
    createUser,
    mailbox,
  }) => {
    const user = await createUser()
    const auth = authPage(page)
    await page.goto('/sign-in')
    await auth.enterIdentifier(user.email)
    await page.getByRole('button', { name: 'Email me a sign-in code instead' }).click()
    const field = page.getByRole('textbox', { name: 'Verification code' })
    await expect(field).toHaveAttribute('inputmode', 'numeric')
    await expect(field).toHaveAttribute('autocomplete', 'one-time-code')
    await field.pressSequentially('a1b-2c')
    await expect(field).toHaveValue('12')
    await field.clear()
    // The whole message, pasted: its code goes in, and goes off without a click (issue 22 item 9).
    await auth.pasteCode(`Your code: ${await mailbox.nextCode(user.email)}`)
    await expect(page).toHaveURL('/dashboard')
  })

  test('a texted code signs in with a phone number, and a wrong code says how many tries are left', async ({
    page,
    createUser,
    mailbox,
  }) => {
    const phone = uniquePhone()
    await createUser({ phoneNumber: phone })
    const auth = authPage(page)
    await page.goto('/sign-in')
    await auth.enterIdentifier(phone.replace(/^(\+1)(\d{3})(\d{3})(\d{4})$/, '$1 ($2) $3-$4'))
    const code = await mailbox.nextCode(phone)
    await auth.enterCode(code === '000000' ? '111111' : '000000')
    await expect(page.getByRole('alert')).toHaveText('That code is incorrect. 4 tries left.')
    await auth.enterCode(`${code.slice(0, 3)} ${code.slice(3)}`)
    await expect(page).toHaveURL('/dashboard')
  })

  test('a passkey signs in without an identifier, and counts as both factors', async ({
    page,
    createUser,
  }, testInfo) => {
    // Without autofill, so the button is what signs in (the next test covers autofill).
    await page.addInitScript(() => {
      PublicKeyCredential.isConditionalMediationAvailable = async () => false
    })
    const user = await createUser({ totp: true })
    const authenticator = await addVirtualAuthenticator(page)
    await signInWithTotp(page, user)
    await addPasskey(page)
    expect(await authenticator.credentials()).toHaveLength(1)

    await authPage(page).signOut()
    await page.goto('/sign-in')
    await attachScreenshot(page, testInfo, 'sign-in with passkey')
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
    await expect(page).toHaveURL('/dashboard')
    // A user-verifying passkey passed both factor groups at once.
    await expect(page.getByText('first factor 0 min ago · second factor 0 min ago')).toBeVisible()
    await page.goto('/account/security')
    await expect(page.getByRole('list', { name: 'Passkeys' })).toContainText(/last used/)
  })

  test("a passkey offered in the identifier field's autofill signs in (conditional mediation)", async ({
    page,
    createUser,
  }) => {
    const user = await createUser()
    await addVirtualAuthenticator(page)
    await authPage(page).signInAs(user)
    await addPasskey(page)
    await authPage(page).signOut()
    await expect(page).toHaveURL('/')
    // The virtual authenticator answers the autofill request at once, as a person picking the
    // passkey from the field's suggestions would.
    await page.goto('/sign-in')
    await expect(page).toHaveURL('/dashboard')
    await authPage(page).expectSignedInAs('Erin Tester')
  })
})

async function signInWithTotp(page: Page, user: TestUser) {
  await page.goto('/sign-in')
  await authPage(page).signIn(user.email, user.password)
  await authPage(page).enterCode(totpCode(user.totpSecret ?? ''))
  await expect(page).toHaveURL('/dashboard')
}

async function addPasskey(page: Page) {
  await page.goto('/account/security')
  await page.getByRole('button', { name: 'Add a passkey' }).click()
  await expect(page.getByRole('list', { name: 'Passkeys' }).getByRole('listitem')).toHaveCount(1)
}

test.describe('second factors', () => {
  test('password, then a real TOTP code from the authenticator app', async ({ page, createUser }, testInfo) => {
    const user = await createUser({ totp: true, backupCodes: true })
    await page.goto('/sign-in')
    await authPage(page).signIn(user.email, user.password)
    await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible()
    await expect(page.getByText('Enter the 6-digit code from your authenticator app.')).toBeVisible()
    await attachScreenshot(page, testInfo, 'second factor')
    // Nothing is signed in yet: the half-finished sign-in is not a session.
    expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain('__client')
    await authPage(page).enterCode(totpCode(user.totpSecret ?? ''))
    await expect(page).toHaveURL('/dashboard')
  })

  test('password, then a texted code', async ({ page, createUser, mailbox }) => {
    const phone = uniquePhone()
    const user = await createUser({ phoneNumber: phone, smsSecondFactor: true })
    await page.goto('/sign-in')
    await authPage(page).signIn(user.email, user.password)
    await expect(page.getByText(/We sent a 6-digit code by text message to \+•+\d{4}/)).toBeVisible()
    await authPage(page).enterCode(await mailbox.nextCode(phone))
    await expect(page).toHaveURL('/dashboard')
  })

  test('an emailed code still needs the second factor', async ({ page, createUser, mailbox }) => {
    const user = await createUser({ totp: true })
    const auth = authPage(page)
    await page.goto('/sign-in')
    await auth.enterIdentifier(user.email)
    await page.getByRole('button', { name: 'Email me a sign-in code instead' }).click()
    await auth.enterCode(await mailbox.nextCode(user.email))
    await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible()
    await auth.enterCode(totpCode(user.totpSecret ?? ''))
    await expect(page).toHaveURL('/dashboard')
  })

  test('a backup code works once, then is refused', async ({ page, createUser }) => {
    const user = await createUser({ totp: true, backupCodes: true })
    const code = user.backupCodes?.[0] ?? ''
    const auth = authPage(page)
    const toBackupCode = async () => {
      await page.goto('/sign-in')
      await auth.signIn(user.email, user.password)
      await page.getByRole('button', { name: 'Use a backup code' }).click()
      await page.getByLabel('Backup code').fill(code.toUpperCase())
      await page.getByRole('button', { name: 'Continue', exact: true }).click()
    }
    await toBackupCode()
    await expect(page).toHaveURL('/dashboard')
    await auth.signOut()
    await expect(page).toHaveURL('/')
    await toBackupCode()
    await expect(page.getByRole('alert')).toHaveText('That code has already been used.')
    await expect(page).toHaveURL('/sign-in')
  })
})

test.describe('half-finished sign-ins', () => {
  test('one abandoned after the first factor cannot be completed later, through the page or the API', async ({
    page,
    createUser,
  }) => {
    const user = await createUser({ totp: true })
    await page.goto('/sign-in')
    await authPage(page).signIn(user.email, user.password)
    await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible()
    // A reload resumes it while it is open...
    await page.reload()
    await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible()
    // ...and once given up, nothing can finish it, even with the right code and the old cookie.
    const cookies = await page.context().cookies()
    await page.getByRole('button', { name: 'Change' }).click()
    await expect(page.getByLabel('Email address or phone number')).toBeVisible()
    await page.context().addCookies(cookies.filter((cookie) => cookie.name === '__sign_in'))
    await page.reload()
    await expect(page.getByLabel('Email address or phone number')).toBeVisible()
    const response = await callServerFn(
      page.request,
      '$attemptSignInSecondFactor',
      { strategy: 'totp', code: totpCode(user.totpSecret ?? '') },
      { headers: sameOriginHeaders() },
    )
    expect(response.status()).toBe(404)
    expect(await response.text()).toContain('sign_in_not_found')
  })

  test('signing out of the browser abandons the sign-in another person left half done (VULN-07)', async ({
    page,
    createUser,
  }) => {
    const owner = await createUser({ firstName: 'Owner' })
    const visitor = await createUser({ totp: true, firstName: 'Visitor' })
    await authPage(page).signInAs(owner)
    await page.goto('/sign-in')
    await authPage(page).signIn(visitor.email, visitor.password)
    await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible()
    const attemptCookie = (await page.context().cookies()).filter((cookie) => cookie.name === '__sign_in')
    expect(attemptCookie).toHaveLength(1)
    await page.goto('/dashboard')
    await authPage(page).signOut()
    await expect(page).toHaveURL('/')
    // The next person at this computer replays the cookie: the server has abandoned the attempt.
    await page.context().addCookies(attemptCookie)
    await page.goto('/sign-in')
    await expect(page.getByLabel('Email address or phone number')).toBeVisible()
    const response = await callServerFn(page.request, '$attemptSignInSecondFactor', {
      strategy: 'totp',
      code: totpCode(visitor.totpSecret ?? ''),
    })
    expect(response.status()).toBe(404)
    expect(await response.text()).toContain('sign_in_not_found')
  })
})
