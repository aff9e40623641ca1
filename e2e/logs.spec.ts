/**
 * The server's logs never contain a secret (security.md 16.2.5). After a sign-up, sign-in, token
 * refresh and API call, none of the password, client token or session token made appears in the
 * log the e2e server writes; nor, after they are made and used, any backup code, SMS or TOTP code,
 * TOTP seed, agent, impersonation or invitation link token, or webhook signing secret; nor, when
 * a statement fails (refused by the database, or past its deadline behind a locked row), any of
 * its parameters. And the whole log of the run so far (every spec before this one, in a full run)
 * holds nothing shaped like a JWT, a link token, a webhook secret, a TOTP URI, a password hash, a
 * password field, an email address or a token hash.
 */

import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { APIResponse } from '@playwright/test'
import { TAB_SESSION_COOKIE } from '../app/session/transport.ts'
import { startFaultServer, VirtualClient } from '../test/support/fault-server.ts'
import { totpCode } from '../test/support/totp.ts'
import { expect, test, testingHeaders, uniqueEmail, uniquePhone } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'
import { BASE_URL, E2E_LOG_FILE } from './support/env.ts'
import { bodyStrings, callServerFn, sameOriginHeaders } from './support/server-fn.ts'

const TAB_SESSION_COOKIE_NAMES = new Set<string>(Object.values(TAB_SESSION_COOKIE))

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

  // Every cookie is a credential except the tab's session id, which names a session and proves nothing.
  const credentials = (await context.cookies()).filter((cookie) => !TAB_SESSION_COOKIE_NAMES.has(cookie.name))
  const secrets = [password, ...credentials.map((cookie) => cookie.value)]
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

// Issue 20, finding 2: the driver's "Failed query: … params: …" was logged verbatim on unexpected
// database errors, with a password hash, an email address and an IP address among the parameters.
test('a statement the database refuses is logged by its code and statement, none of its parameters', async ({
  request,
}) => {
  const ip = '198.51.100.201'
  const headers = { 'x-forwarded-for': ip }
  const password = `log-scan database error ${randomUUID()}`
  // A U+0000 in a sign-up name: Postgres refuses it in text (the statement held the password hash).
  // The schema now refuses it first.
  const email = uniqueEmail()
  const signUp = await callServerFn(
    request,
    '$createSignUp',
    { email, password, firstName: 'Ada\u0000', lastName: 'Scan' },
    { headers: { ...sameOriginHeaders(), ...headers } },
  )
  expect(signUp.status(), await signUp.text()).toBe(400)
  // The testing API takes what it is given: a NUL in a name, and one in the address whose outbox
  // is read, reach statements the database refuses (the second's parameter is the address).
  const nul = uniqueEmail()
  const refused = await request.post('/api/testing/users', {
    data: { email: nul, password, firstName: 'Ada\u0000', lastName: 'Scan' },
    headers: { ...testingHeaders(), ...headers },
  })
  expect(refused.status()).toBe(500)
  const outbox = uniqueEmail()
  const alsoRefused = await request.get(`/api/testing/outbox?to=${encodeURIComponent(`${outbox}\u0000`)}`, {
    headers: { ...testingHeaders(), ...headers },
  })
  expect(alsoRefused.status()).toBe(500)

  // Each is logged, by its code and statement (the server's output reaches the file a moment later)…
  for (const statement of ['insert users', 'select outbox_messages']) {
    const marker = `"errorCode":"22021","statement":"${statement}"`
    await expect
      .poll(async () => (await logLines()).filter((line) => line.includes(marker)).length, { message: statement })
      .toBeGreaterThan(0)
  }
  // …and with nothing of what the statements held.
  const lines = await logLines()
  for (const secret of [email, nul, outbox, password, ip, '$argon2id$', 'Failed query', 'params:']) {
    expect(
      lines.filter((line) => line.includes(secret)),
      `${secret} in the log`,
    ).toEqual([])
  }
})

test('a statement past its deadline behind a locked row is logged by its code and statement, none of its parameters', async () => {
  test.setTimeout(120_000)
  // A server of its own on Postgres, whatever this run's database: the deadline is Postgres's.
  const server = await startFaultServer('logs')
  try {
    const email = uniqueEmail()
    const password = `log-scan deadline ${randomUUID()}`
    const newPassword = `log-scan deadline new ${randomUUID()}`
    const { id } = await server.createUser(email, password)
    const browser = new VirtualClient(server.baseUrl, 7)
    const signedIn = await browser.serverFn('$createSignIn', { identifier: email, password })
    expect(signedIn.status).toBe(200)
    // Another connection holds the user's password row while the password is changed.
    let release = () => {}
    let locked = () => {}
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve
    })
    const holder = server.sql.begin(async (sql) => {
      await sql`select 1 from password_credentials where user_id = ${id} for update`
      locked()
      await new Promise<void>((resolve) => {
        release = resolve
      })
    })
    await isLocked
    const changed = await browser.serverFn('$changePassword', { currentPassword: password, newPassword })
    release()
    await holder
    expect(changed.status, changed.strings.join(' ')).toBe(503)

    const serverLines = () => readFileSync(server.logPath, 'utf8').split('\n')
    // Logged by its code and statement (the server's output reaches the file a moment later)…
    const logged = (line: string) =>
      line.includes('"errorCode":"DB_QUERY_TIMEOUT","statement":"insert password_credentials"')
    await expect.poll(() => serverLines().filter(logged).length).toBeGreaterThan(0)
    // …and nothing of the statement's parameters (the new hash and the user id); the IP is logged at
    // sign-in, by design.
    const lines = serverLines()
    for (const secret of [email, id, '$argon2id$', 'Failed query', 'params:']) {
      expect(
        lines.filter((line) => line.includes(secret)),
        `${secret} in the log`,
      ).toEqual([])
    }
  } finally {
    await server.stop()
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
    // Every address the e2e suite makes is at example.com; token hashes are SHA-256 in hex.
    ['an email address', /[\w.+-]+@example\.com/],
    ['a token hash', /\b[0-9a-f]{64}\b/],
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
