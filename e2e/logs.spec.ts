/**
 * The server's logs never contain a secret (security.md 16.2.5): after a sign-up, sign-in, token
 * refresh and API call, none of the password, client token or session token this test created
 * appears in the log the e2e server writes.
 */

import { readFileSync } from 'node:fs'
import { expect, test, uniqueEmail } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'
import { E2E_LOG_FILE } from './support/env.ts'

test('no secret of a full sign-up, sign-in and token round reaches the logs', async ({
  page,
  context,
  forgetEmail,
  mailbox,
}) => {
  const email = uniqueEmail()
  const password = `log-scan passphrase ${Date.now()}`
  forgetEmail(email)
  const auth = authPage(page)
  await page.goto('/sign-up')
  await auth.signUp({ firstName: 'Log', lastName: 'Scan', email, password })
  const code = await mailbox.nextCode(email)
  await auth.enterCode(code)
  await expect(page).toHaveURL('/dashboard')
  await auth.signOut()
  await auth.signInAs({ email, password })
  await page.getByRole('button', { name: 'Call GET /api/me with this token' }).click()
  await expect(page.getByLabel('API answer')).toContainText('200')

  const secrets = [password, ...(await context.cookies()).map((cookie) => cookie.value)]
  const shortSecrets = [code]

  const lines = readFileSync(E2E_LOG_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
  expect(lines.some((line) => line.includes('"event":"auth.signed_in"'))).toBe(true)
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(20)
    for (const line of lines) expect(line, 'a secret in the log').not.toContain(secret)
    // Nor any long piece of it (a JWT's payload, a truncated token).
    for (const line of lines) expect(line).not.toContain(secret.slice(0, 24))
  }
  // The emailed code is short: it must not appear as a value anywhere in the log.
  for (const secret of shortSecrets) for (const line of lines) expect(line).not.toMatch(new RegExp(`\\b${secret}\\b`))
})
