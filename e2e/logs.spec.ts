/**
 * The server's logs never contain a secret (security.md 16.2.5). After a sign-up, sign-in, token
 * refresh and API call, none of the password, client token or session token made appears in the
 * log the e2e server writes; nor, after they are made and used, any backup code, SMS or TOTP code,
 * TOTP seed, agent, impersonation or invitation link token, or webhook signing secret. And the
 * whole log of the run so far (every spec before this one, in a full run) holds nothing shaped
 * like a JWT, a link token, a webhook secret, a TOTP URI, a password hash or a password field.
 */

import { readFileSync } from 'node:fs'
import type { APIResponse } from '@playwright/test'
import { totpCode } from '../test/support/totp.ts'
import { expect, test, uniqueEmail, uniquePhone } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'
import { BASE_URL, E2E_LOG_FILE } from './support/env.ts'
import { bodyStrings, callServerFn, sameOriginHeaders } from './support/server-fn.ts'

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

test('no secret of the other kinds reaches the logs: backup, SMS and TOTP codes, TOTP seeds, links, webhook secrets', async ({
  request,
  playwright,
  createUser,
  mailbox,
}) => {
  const phoneNumber = uniquePhone()
  const owner = await createUser({
    totp: true,
    backupCodes: true,
    phoneNumber,
    adminRole: 'owner',
    organizations: [{ name: 'Log scan' }],
  })
  const target = await createUser()
  const strings = async (response: APIResponse) => {
    expect(response.status(), await response.text()).toBe(200)
    return bodyStrings(response)
  }
  const linkSecret = (texts: string[]) => texts.map((text) => /#token=([\w-]{43})/.exec(text)?.[1]).find(Boolean) ?? ''

  // A sign-in by password and a backup code (spent), then everything is done as that session.
  await strings(await callServerFn(request, '$createSignIn', { identifier: owner.email, password: owner.password }))
  const backupCode = owner.backupCodes?.[0] ?? ''
  const signedIn = await strings(
    await callServerFn(request, '$attemptSignInSecondFactor', { strategy: 'backup_code', code: backupCode }),
  )
  let sessionId = signedIn.find((text) => /^sess_[0-9a-z]+$/.test(text)) ?? ''
  const as = (fn: string, data?: unknown) =>
    callServerFn(request, fn, data, { headers: { ...sameOriginHeaders(), 'x-session-id': sessionId } })
  const jwt = (await strings(await as('$getToken', { sessionId }))).find((text) => text.startsWith('eyJ')) ?? ''
  // A second sign-in in the same browser, by SMS code, then the authenticator app as second factor.
  await strings(await callServerFn(request, '$createSignIn', { identifier: phoneNumber }))
  await strings(await callServerFn(request, '$prepareSignInFirstFactor', { strategy: 'phone_code' }))
  const smsCode = await mailbox.nextCode(phoneNumber)
  await strings(await callServerFn(request, '$attemptSignInFirstFactor', { strategy: 'phone_code', code: smsCode }))
  const totp = totpCode(owner.totpSecret ?? '')
  const again = await strings(
    await callServerFn(request, '$attemptSignInSecondFactor', { strategy: 'totp', code: totp }),
  )
  // Signing the same user in again in this browser replaced the first session.
  sessionId = again.find((text) => /^sess_[0-9a-z]+$/.test(text)) ?? ''

  // Links: an agent link (redeemed in another browser), an impersonation link, an invitation.
  const agentLink = linkSecret(
    await strings(
      await as('$createAgentTask', { agentName: 'Log scanner', taskDescription: 'Scan', redirectUrl: '/dashboard' }),
    ),
  )
  const elsewhere = await playwright.request.newContext({ baseURL: BASE_URL })
  await strings(await callServerFn(elsewhere, '$redeemActorToken', { token: agentLink }))
  await elsewhere.dispose()
  const impersonationLink = linkSecret(
    await strings(
      await as('$startImpersonation', { userId: target.id, reason: 'Log scan', redirectUrl: '/dashboard' }),
    ),
  )
  const invitee = uniqueEmail()
  await strings(await as('$inviteMember', { organizationId: owner.organizations[0]?.id, emailAddress: invitee }))
  const invitation = linkSecret([(await mailbox.nextMessage(invitee)).body])
  await strings(await callServerFn(request, '$getInvitation', { token: invitation }))
  // A new authenticator-app seed, and a webhook endpoint's signing secret.
  await strings(await as('$removeTotp'))
  const seed = (await strings(await as('$startTotpSetup'))).find((text) => /^[A-Z2-7]{32}$/.test(text)) ?? ''
  const webhook = await strings(
    await as('$createWebhookEndpoint', { url: 'http://127.0.0.1:9/log-scan', description: 'Log scan', eventTypes: [] }),
  )
  const webhookSecret = webhook.find((text) => text.startsWith('whsec_')) ?? ''
  const endpointId = webhook.find((text) => /^ep_[0-9a-z]+$/.test(text))
  if (endpointId) await as('$deleteWebhookEndpoint', { endpointId })

  const long = {
    jwt,
    agentLink,
    impersonationLink,
    invitation,
    seed,
    firstSeed: owner.totpSecret ?? '',
    webhookSecret,
    backupCode,
  }
  for (const [kind, secret] of Object.entries(long)) expect(secret.length, kind).toBeGreaterThanOrEqual(13)
  const lines = await logLines()
  expect(lines.some((line) => line.includes('"event":"auth.signed_in"'))).toBe(true)
  for (const [kind, secret] of Object.entries(long)) {
    for (const line of lines) {
      expect(line, `${kind} in the log`).not.toContain(secret)
      if (secret.length > 24) expect(line, `part of ${kind} in the log`).not.toContain(secret.slice(0, 24))
    }
  }
  for (const [kind, code] of Object.entries({ smsCode, totp })) {
    for (const line of lines) expect(line, `${kind} in the log`).not.toMatch(new RegExp(`\\b${code}\\b`))
  }
})

test('nothing secret-shaped is in the whole log of the run so far', async () => {
  // Whatever any spec of this run did before: no JWT, no link token, no webhook secret, no TOTP URI.
  const shapes: Array<[string, RegExp]> = [
    ['a JWT', /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\./],
    ['a link token', /#token=|[?&]token=[\w-]{20}/],
    ['a webhook secret', /whsec_[A-Za-z0-9+/=]{20}/],
    ['a TOTP URI', /otpauth:\/\//],
    ['an Argon2 hash', /\$argon2id\$/],
    ['a password field', /"password":"/],
  ]
  const lines = await logLines()
  expect(lines.length).toBeGreaterThan(0)
  for (const [name, shape] of shapes) {
    const found = lines.filter((line) => shape.test(line))
    expect(found, `${name} in the log`).toEqual([])
  }
})

/** The server's JSON log lines. */
async function logLines() {
  return readFileSync(E2E_LOG_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
}
