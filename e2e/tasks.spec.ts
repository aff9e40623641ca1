/**
 * Session tasks, on the strict instance (e2e/support/strict-instance.json: organizations and
 * two-step verification required, terms to accept). A signed-in session that owes a task is
 * pending: every page sends it to the task, the server refuses it everything but the task, and
 * finishing the last task makes it active in place and returns to the page it was headed for.
 */

import type { APIRequestContext, Page } from '@playwright/test'
import { totpCode } from '../test/support/totp.ts'
import { attachScreenshot, expect, type TestUser, test, uniqueEmail } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'
import { STRICT_BASE_URL } from './support/env.ts'
import { bodyStrings, callServerFn, sameOriginHeaders } from './support/server-fn.ts'

/** A server-function call as this instance's own pages make it. */
const call = (request: APIRequestContext, fn: string, data?: unknown, method?: 'GET' | 'POST') =>
  callServerFn(request, fn, data, { method, headers: sameOriginHeaders(STRICT_BASE_URL) })

const TERMS = '2026-11'
/** Everything the strict instance asks for, done: a test leaves out the part it is about. */
const SETTLED = { totp: true, acceptedTermsVersion: TERMS, organizations: [{ name: 'Settled Co' }] }

async function signInWithTotp(page: Page, user: TestUser) {
  await page.goto('/sign-in')
  await authPage(page).signIn(user.email, user.password)
  await authPage(page).enterCode(totpCode(user.totpSecret ?? ''))
}

/** Sets up an authenticator app on the setup-mfa task page; returns its secret. */
async function setUpAuthenticatorApp(page: Page): Promise<string> {
  await page.getByRole('listitem', { name: 'Authenticator app' }).getByRole('button', { name: 'Set up' }).click()
  const setup = page.getByRole('dialog', { name: 'Set up an authenticator app' })
  const uri = await setup.getByRole('link', { name: 'Open in an authenticator app' }).getAttribute('href')
  const secret = new URL(uri ?? '').searchParams.get('secret') ?? ''
  // Six digits submit the code by themselves.
  await setup.getByLabel('Code from the app').fill(totpCode(secret))
  return secret
}

test('a new user signs up and goes through every task, then lands where they were going', async ({
  page,
  forgetEmail,
  mailbox,
}, testInfo) => {
  const email = uniqueEmail()
  forgetEmail(email)
  await page.goto('/sessions')
  await expect(page).toHaveURL(/\/sign-in\?redirect_url=%2Fsessions/)
  await page.getByRole('link', { name: 'Create one' }).click()
  await authPage(page).signUp({ firstName: 'Grace', lastName: 'Hopper', email, password: 'cobol compiler pioneer' })
  await authPage(page).enterCode(await mailbox.nextCode(email))

  // 1. Two-step verification, with the backup codes shown before going on.
  await expect(page).toHaveURL(/\/tasks\/setup-mfa\?redirect_url=%2Fsessions/)
  await expect(page.getByRole('heading', { name: 'Set up two-step verification' })).toBeVisible()
  await expect(page.getByText('Before you continue · 3 steps left')).toBeVisible()
  await attachScreenshot(page, testInfo, 'task: set up two-step verification')
  await setUpAuthenticatorApp(page)
  await expect(page.getByRole('heading', { name: 'Two-step verification is on' })).toBeVisible()
  await expect(page.getByRole('list', { name: 'Backup codes' }).getByRole('listitem')).toHaveCount(10)
  await attachScreenshot(page, testInfo, 'task: backup codes')
  await page.getByRole('button', { name: 'I have saved my codes, continue' }).click()

  // 2. The terms (the example of an app's own task).
  await expect(page).toHaveURL(/\/tasks\/accept-terms/)
  const accept = page.getByRole('button', { name: 'Accept and continue' })
  await expect(accept).toBeDisabled()
  await page.getByLabel('I have read and accept the terms of service.').check()
  await attachScreenshot(page, testInfo, 'task: accept the terms')
  await accept.click()

  // 3. An organization: none yet, so one is created.
  await expect(page).toHaveURL(/\/tasks\/choose-organization/)
  await expect(page.getByText('Before you continue · last step')).toBeVisible()
  await attachScreenshot(page, testInfo, 'task: choose an organization')
  await page.getByLabel('Organization name').fill('Hopper Labs')
  await page.getByRole('button', { name: 'Create and continue' }).click()

  await expect(page).toHaveURL('/sessions')
  await expect(page.getByRole('button', { name: 'Organization: Hopper Labs' })).toBeVisible()
  await page.goto('/dashboard')
  await expect(page.getByRole('listitem', { name: 'Admin of this organization' })).toContainText('Yes')
  await page.reload()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Grace')
})

test('with two-step verification required, a user without it sets up text-message codes first', async ({
  page,
  createUser,
  mailbox,
}) => {
  const user = await createUser({ acceptedTermsVersion: TERMS, organizations: [{ name: 'Texting Ltd' }] })
  await page.goto('/sign-in')
  await authPage(page).signIn(user.email, user.password)
  await expect(page).toHaveURL(/\/tasks\/setup-mfa/)
  // Every signed-in page leads back here until it is done.
  await page.goto('/account/security')
  await expect(page).toHaveURL(/\/tasks\/setup-mfa\?redirect_url=%2Faccount%2Fsecurity/)

  await page.getByRole('listitem', { name: 'Text message' }).getByRole('button', { name: 'Use a phone' }).click()
  const phone = `+1555${String(Date.now()).slice(-7)}`
  const add = page.getByRole('dialog', { name: 'Add a phone number' })
  await add.getByLabel('Phone number').fill(phone)
  await add.getByRole('button', { name: 'Send code' }).click()
  const verify = page.getByRole('dialog', { name: 'Turn on text-message codes' })
  await verify.getByLabel('Verification code').fill(await mailbox.nextCode(phone))
  await expect(page.getByRole('list', { name: 'Backup codes' }).getByRole('listitem')).toHaveCount(10)
  await page.getByRole('button', { name: 'I have saved my codes, continue' }).click()
  await expect(page).toHaveURL('/account/security')
  await expect(page.getByRole('region', { name: 'Two-step verification' })).toContainText('On')
})

test('a forced password reset: the old password only leads to a code, then a new password is required', async ({
  page,
  createUser,
  mailbox,
}, testInfo) => {
  const user = await createUser({ ...SETTLED, passwordCompromised: true })
  await page.goto('/sign-in')
  await authPage(page).signIn(user.email, user.password)
  await expect(page.getByRole('status')).toHaveText(
    'This password can no longer be used. Confirm it is you with a code, then choose a new password.',
  )
  await attachScreenshot(page, testInfo, 'compromised password')
  await authPage(page).enterCode(await mailbox.nextCode(user.email))
  // The code field of the next step has the same label: wait for the step itself.
  await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible()
  await authPage(page).enterCode(totpCode(user.totpSecret ?? ''))

  await expect(page).toHaveURL(/\/tasks\/reset-password/)
  await attachScreenshot(page, testInfo, 'task: choose a new password')
  await page.getByLabel('New password').fill(user.password)
  await page.getByRole('button', { name: 'Save and continue' }).click()
  await expect(page.getByText('Choose a password you have not used here before.')).toBeVisible()
  await page.getByLabel('New password').fill('a fresh uncompromised passphrase')
  await page.getByRole('button', { name: 'Save and continue' }).click()
  await expect(page).toHaveURL('/dashboard')
  await expect(mailbox.nextMessage(user.email)).resolves.toMatchObject({ subject: /password changed/i })

  await authPage(page).signOut()
  await page.goto('/sign-in')
  await authPage(page).signIn(user.email, 'a fresh uncompromised passphrase')
  await authPage(page).enterCode(totpCode(user.totpSecret ?? '', Date.now() + 30_000))
  await expect(page).toHaveURL('/dashboard')
})

test('a user in two organizations chooses one; an invitation can be accepted on the way', async ({
  page,
  createUser,
}) => {
  const inviter = await createUser({ ...SETTLED, organizations: [{ name: 'Inviting Inc' }] })
  const user = await createUser({
    totp: true,
    acceptedTermsVersion: TERMS,
    organizations: [{ name: 'Alpha Org' }, { name: 'Beta Org', role: 'org:member' }],
  })
  // The inviter invites the user (through the same server function the members page uses).
  await signInWithTotp(page, inviter)
  await expect(page).toHaveURL('/dashboard')
  const inviting = await call(page.request, '$inviteMember', {
    organizationId: inviter.organizations[0]?.id,
    emailAddress: user.email,
  })
  expect(inviting.status(), await inviting.text()).toBe(200)
  await authPage(page).signOut()

  await signInWithTotp(page, user)
  await expect(page).toHaveURL(/\/tasks\/choose-organization/)
  await expect(page.getByRole('list', { name: 'Your organizations' }).getByRole('listitem')).toHaveCount(2)
  const invitation = page.getByRole('list', { name: 'Invitations' }).getByRole('listitem', { name: 'Inviting Inc' })
  await invitation.getByRole('button', { name: 'Accept' }).click()
  await expect(page).toHaveURL('/dashboard')
  await expect(page.getByRole('button', { name: 'Organization: Inviting Inc' })).toBeVisible()
  await expect(page.getByRole('listitem', { name: 'Admin of this organization' })).toContainText('No')
})

test('a pending session can reach only its task: everything else answers 403 session_pending', async ({
  request,
  createUser,
}) => {
  const user = await createUser({ totp: true, organizations: [{ name: 'Terms Pending' }] })
  const signedIn = await call(request, '$createSignIn', { identifier: user.email, password: user.password })
  expect(signedIn.status()).toBe(200)
  const second = await call(request, '$attemptSignInSecondFactor', {
    strategy: 'totp',
    code: totpCode(user.totpSecret ?? ''),
  })
  const sessionId = (await bodyStrings(second)).find((value) => value.startsWith('sess_')) ?? ''
  expect(sessionId).toMatch(/^sess_/)

  const ID = '0'.repeat(26)
  const refused: Array<[string, unknown, ('GET' | 'POST')?]> = [
    ['$listDevices', undefined, 'GET'],
    ['$getSecuritySettings', undefined, 'GET'],
    ['$changePassword', { currentPassword: user.password, newPassword: 'another long passphrase' }],
    ['$startTotpSetup', undefined],
    ['$createOrganization', { name: 'Not Yet' }],
    ['$listOrganizationMembers', { organizationId: user.organizations[0]?.id }, 'GET'],
    ['$inviteMember', { organizationId: `org_${ID}`, emailAddress: 'x@example.com' }],
    ['$resetPassword', { newPassword: 'another long passphrase' }],
  ]
  for (const [fn, data, method] of refused) {
    const response = await call(request, fn, data, method)
    expect([401, 403], fn).toContain(response.status())
    const strings = await bodyStrings(response)
    expect(strings.includes('session_pending') || strings.includes('signed_out'), fn).toBe(true)
  }

  // Completing a task out of turn, or one not owed, is refused by name.
  const wrong = await call(request, '$completeSessionTask', { sessionId, key: 'choose-organization' })
  expect(await bodyStrings(wrong)).toContain('task_not_owed')
  const unknown = await call(request, '$completeSessionTask', { sessionId, key: 'select-organization' })
  expect(await bodyStrings(unknown)).toContain('task_unknown')
  const early = await call(request, '$completeSessionTask', { sessionId, key: 'accept-terms' })
  expect(await bodyStrings(early)).toContain('task_incomplete')

  // The task's own function works, and the session is active in place.
  const accepted = await call(request, '$acceptTerms', { sessionId })
  expect(accepted.status()).toBe(200)
  expect(await bodyStrings(accepted)).toContain('active')
  const devices = await call(request, '$listDevices', undefined, 'GET')
  expect(devices.status()).toBe(200)
})
