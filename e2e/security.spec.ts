/**
 * Setting up every factor through the security page, in a real browser: email addresses and phone
 * numbers verified by codes from the outbox, an authenticator app set up from the otpauth URI the
 * page shows (and then required at sign-in), backup codes shown once and downloadable, passkeys on
 * a virtual authenticator, and a password change that signs other devices out. Each change is
 * emailed to the user.
 */

import { readFileSync } from 'node:fs'
import { totpCode } from '../test/support/totp.ts'
import { attachScreenshot, expect, test, uniqueEmail, uniquePhone } from './fixtures.ts'
import { authPage, pasteInto } from './pages/auth.page.ts'
import { addVirtualAuthenticator } from './support/webauthn.ts'

test('email addresses: add one with its code, make it primary, remove the old one', async ({
  page,
  createUser,
  mailbox,
}) => {
  const user = await createUser()
  await authPage(page).signInAs(user)
  await page.goto('/account/security')
  const added = uniqueEmail()
  await page.getByRole('button', { name: 'Add email address' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add an email address' })
  await dialog.getByLabel('Email address').fill(added)
  await dialog.getByRole('button', { name: 'Send code' }).click()
  const verify = page.getByRole('dialog', { name: 'Verify your email address' })
  // Six digits submit the code by themselves.
  await verify.getByLabel('Verification code').fill(await mailbox.nextCode(added))
  await expect(verify).toBeHidden()

  const emails = page.getByRole('list', { name: 'Email addresses' })
  const row = emails.getByRole('listitem', { name: added })
  await expect(row).not.toContainText('Unverified')
  await row.getByRole('button', { name: 'Make primary' }).click()
  await expect(row).toContainText('Primary')
  await emails.getByRole('listitem', { name: user.email }).getByRole('button', { name: 'Remove' }).click()
  await expect(emails.getByRole('listitem')).toHaveCount(1)
  // The removed address is told it was removed, and so is the new primary one.
  expect((await mailbox.nextMessage(user.email)).subject).toBe('Tessera: email address removed')
  expect((await mailbox.nextMessage(added)).subject).toBe('Tessera: email address removed')
})

test('an authenticator app: set up from the page, backup codes saved, then required at sign-in', async ({
  page,
  createUser,
}, testInfo) => {
  const user = await createUser()
  await authPage(page).signInAs(user)
  await page.goto('/account/security')
  await page.getByRole('listitem', { name: 'Authenticator app' }).getByRole('button', { name: 'Set up' }).click()
  const setup = page.getByRole('dialog', { name: 'Set up an authenticator app' })
  await expect(setup.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible()
  await attachScreenshot(page, testInfo, 'authenticator app set-up')
  const uri = await setup.getByRole('link', { name: 'Open in an authenticator app' }).getAttribute('href')
  const secret = new URL(uri ?? '').searchParams.get('secret') ?? ''
  expect(secret).toMatch(/^[A-Z2-7]{32}$/)
  await expect(setup.getByRole('textbox', { name: 'Code from the app' })).toHaveAttribute('inputmode', 'numeric')
  await setup.getByLabel('Code from the app').fill(totpCode(secret))

  const saved = page.getByRole('dialog', { name: 'Save your backup codes' })
  const codes = saved.getByRole('list', { name: 'Backup codes' }).getByRole('listitem')
  await expect(codes).toHaveCount(10)
  await attachScreenshot(page, testInfo, 'backup codes')
  const downloading = page.waitForEvent('download')
  await saved.getByRole('button', { name: 'Download' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe('tessera-backup-codes.txt')
  const file = readFileSync((await download.path()) ?? '', 'utf8')
  for (const code of await codes.allTextContents()) expect(file).toContain(code)
  await saved.getByRole('button', { name: 'I have saved them' }).click()
  await expect(page.getByRole('region', { name: 'Two-step verification' })).toContainText('On')

  await authPage(page).signOut()
  await page.goto('/sign-in')
  await authPage(page).signIn(user.email, user.password)
  await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible()
  // The code used at set-up cannot be replayed; the next one from the app works.
  await authPage(page).enterCode(totpCode(secret, Date.now() + 30_000))
  await expect(page).toHaveURL('/dashboard')
})

test('a phone number, verified by text and used for two-step codes', async ({ page, createUser, mailbox }) => {
  const user = await createUser()
  await authPage(page).signInAs(user)
  await page.goto('/account/security')
  const phone = uniquePhone()
  await page.getByRole('button', { name: 'Add phone number' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add a phone number' })
  await dialog.getByLabel('Phone number').fill(phone)
  await dialog.getByLabel(/Also send two-step verification codes/).check()
  await dialog.getByRole('button', { name: 'Send code' }).click()
  const verify = page.getByRole('dialog', { name: 'Turn on text-message codes' })
  // A pasted text message: its code is taken out of it and submitted.
  await pasteInto(
    page,
    verify.getByLabel('Verification code'),
    `Tessera: ${await mailbox.nextCode(phone)} is your code.`,
  )
  await expect(verify).toBeHidden()
  await expect(page.getByRole('list', { name: 'Phone numbers' }).getByRole('listitem', { name: phone })).toContainText(
    'Two-step codes',
  )
  await expect(page.getByRole('listitem', { name: 'Text message codes' })).toContainText(`Codes go to ${phone}`)
})

test('passkeys: add, rename, remove', async ({ page, createUser }) => {
  const user = await createUser()
  await addVirtualAuthenticator(page)
  await authPage(page).signInAs(user)
  await page.goto('/account/security')
  await page.getByRole('button', { name: 'Add a passkey' }).click()
  const passkeys = page.getByRole('list', { name: 'Passkeys' })
  await expect(passkeys.getByRole('listitem')).toHaveCount(1)
  await passkeys.getByRole('button', { name: 'Rename' }).click()
  const rename = page.getByRole('dialog', { name: 'Rename passkey' })
  await rename.getByLabel('Name').fill('Work laptop')
  await rename.getByRole('button', { name: 'Save' }).click()
  await expect(passkeys.getByRole('listitem', { name: 'Work laptop' })).toBeVisible()
  await passkeys.getByRole('button', { name: 'Remove' }).click()
  await page.getByRole('dialog', { name: 'Remove “Work laptop”?' }).getByRole('button', { name: 'Remove' }).click()
  await expect(page.getByText('No passkeys yet.')).toBeVisible()
})

test('changing the password signs the other devices out, and is emailed', async ({
  page,
  browser,
  createUser,
  mailbox,
}) => {
  const user = await createUser()
  const other = await browser.newContext()
  const otherPage = await other.newPage()
  await authPage(otherPage).signInAs(user)
  await authPage(page).signInAs(user)
  await page.goto('/account/security')
  await page.getByRole('button', { name: 'Change password' }).click()
  const dialog = page.getByRole('dialog', { name: 'Change password' })
  await dialog.getByLabel('Current password').fill('not my password')
  await dialog.getByLabel('New password').fill('a brand new passphrase')
  await dialog.getByRole('button', { name: 'Change password' }).click()
  await expect(dialog.getByRole('alert')).toHaveText('Your current password is incorrect.')
  await dialog.getByLabel('Current password').fill(user.password)
  await dialog.getByRole('button', { name: 'Change password' }).click()
  await expect(page.getByRole('status')).toHaveText('Password changed. 1 other device was signed out.')
  expect((await mailbox.nextMessage(user.email)).subject).toBe('Tessera: password changed')

  await otherPage.goto('/dashboard')
  await expect(otherPage).toHaveURL(/\/sign-in/)
  await other.close()
  await authPage(page).signOut()
  await authPage(page).signInAs({ email: user.email, password: 'a brand new passphrase' })
})

test('deleting the account signs it out everywhere and leaves nothing to sign in to', async ({
  page,
  createUser,
  mailbox,
}) => {
  const user = await createUser()
  await authPage(page).signInAs(user)
  await page.goto('/account/security')
  await page.getByRole('region', { name: 'Delete account' }).getByRole('button', { name: 'Delete account' }).click()
  await page
    .getByRole('dialog', { name: 'Delete your account?' })
    .getByRole('button', { name: 'Delete my account' })
    .click()
  await expect(page).toHaveURL('/')
  await authPage(page).expectSignedOut()
  expect((await mailbox.nextMessage(user.email)).subject).toBe('Your Tessera account was deleted')
  await page.goto('/sign-in')
  await authPage(page).signIn(user.email, user.password)
  await expect(page.getByRole('alert')).toHaveText('That email and password do not match an account.')
})
