/**
 * The lockout, as a person meets it (issue 22, finding 8): a warning before the lock, no code sent
 * to a locked account, an email to the owner when it locks, and the link in it unlocking it. The
 * unit and integration tests show an identifier without an account gets the same warnings and lock
 * (app/server/sign-in.int.test.ts).
 */

import { expect, test, testingHeaders } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'

const WRONG = 'That email and password do not match an account.'
const LOCKED =
  'Signing in is locked after too many failed attempts. If this is your account, we emailed you a link to unlock it. Try again in 1 hour.'

test('warns before the lock, sends no code while locked, and the emailed link unlocks the account', async ({
  page,
  request,
  createUser,
  mailbox,
}) => {
  const user = await createUser()
  const auth = authPage(page)
  await page.goto('/sign-in')
  await auth.enterIdentifier(user.email)
  const password = page.getByLabel('Password', { exact: true })
  const signInButton = page.getByRole('button', { name: 'Sign in', exact: true })
  const alert = page.getByRole('alert')
  const expected = (attempt: number) => {
    const left = 10 - attempt
    if (left > 3) return WRONG
    return `${WRONG} ${left} ${left === 1 ? 'try' : 'tries'} left before signing in is locked.`
  }
  for (let attempt = 1; attempt <= 9; attempt++) {
    await password.fill(`wrong password ${attempt}`)
    await signInButton.click()
    await expect(alert).toHaveText(expected(attempt))
    await expect(signInButton).toBeEnabled()
  }
  await password.fill('wrong password 10')
  await signInButton.click()
  await expect(alert).toHaveText(LOCKED)

  // The owner is told, with a link that unlocks the account.
  const lockEmail = await mailbox.nextMessage(user.email)
  expect(lockEmail.subject).toMatch(/account is locked$/)
  const link = /https?:\/\/\S+\/unlock#token=[A-Za-z0-9_-]{43}/.exec(lockEmail.body)?.[0]
  expect(link, lockEmail.body).toBeTruthy()

  // The right password is refused, and asking for a code sends none.
  await password.fill(user.password)
  await signInButton.click()
  await expect(alert).toHaveText(LOCKED)
  await page.getByRole('button', { name: 'Email me a sign-in code instead' }).click()
  await expect(page.getByRole('alert')).toHaveText(LOCKED)
  const outbox = await request.get(`/api/testing/outbox?to=${encodeURIComponent(user.email)}`, {
    headers: testingHeaders(),
  })
  const messages = (await outbox.json()) as Array<{ subject: string | null }>
  expect(messages.map((message) => message.subject)).toEqual([lockEmail.subject])

  // The link proves the address: the account is unlocked, and the right password signs in.
  const url = new URL(link ?? '')
  await page.goto(`${url.pathname}${url.hash}`)
  await expect(page).toHaveURL('/unlock')
  await page.getByRole('button', { name: 'Unlock my account' }).click()
  await expect(page.getByRole('heading', { name: 'Your account is unlocked' })).toBeVisible()
  // The link works once (opened afresh: from /unlock itself it would only change the fragment).
  await page.goto('/')
  await page.goto(`${url.pathname}${url.hash}`)
  await page.getByRole('button', { name: 'Unlock my account' }).click()
  await expect(page.getByRole('alert')).toHaveText(
    'This unlock link has already been used or has expired. Try signing in.',
  )

  // The sign-in this browser started is still open, at its password step: the right password works now.
  await page.goto('/sign-in')
  await password.fill(user.password)
  await signInButton.click()
  await expect(page).toHaveURL('/dashboard')
})
