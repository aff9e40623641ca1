/**
 * No session tokens in URLs (ASVS 14.2.1). One browser walks the auth flows — sign-up with an
 * emailed code, sign-out, password sign-in, a token refresh, an organization switch, the sessions
 * and devices pages, a second account added with an emailed sign-in code, a switch between the two,
 * a step-up verification, an agent link opened in another browser, and sign-out of both — while
 * every request URL, every Referer header and every main-frame navigation is recorded. None may
 * contain a client token, any JWT (`eyJ….….…`), the value of any auth cookie ever set, any code
 * sent, or a password. The documented exception (docs/security.md, 14.2.1): single-use link
 * tokens travel in the URL fragment. That one is asserted too: the agent link's token appears
 * only after `#` in the navigation that opens it, never in a request URL or a Referer, and the
 * page takes it out of the address bar.
 */

import type { BrowserContext, Page, Request } from '@playwright/test'
import { expect, type TestUser, test, uniqueEmail } from './fixtures.ts'
import { accountSwitcher } from './pages/account-switcher.page.ts'
import { authPage } from './pages/auth.page.ts'
import { reverificationDialog } from './pages/reverification.page.ts'

/** Every cookie the app sets for auth (plain-HTTP names; `__Host-` ones over HTTPS). */
const AUTH_COOKIE =
  /^(__Host-)?(client|session|sign_in|sign_up|sso|stashed_client)$|^__(client|session|sign_in|sign_up|sso|stashed_client)$/
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/
/** Past the refresh point of a 60-second token (refresh 15 s before expiry), but before expiry. */
const PAST_REFRESH_MS = 47_000

interface Seen {
  requests: Array<{ url: string; referer: string | null }>
  navigations: string[]
  /** Values that must appear in no URL, with what each is. */
  secrets: Map<string, string>
}

/** Records what `context` requests and navigates to, and every auth cookie it is given. */
function record(context: BrowserContext, seen: Seen, pending: Promise<unknown>[]) {
  const onRequest = (request: Request) => {
    pending.push(
      request
        .allHeaders()
        .then((headers) => seen.requests.push({ url: request.url(), referer: headers.referer ?? null })),
    )
  }
  const watchPage = (page: Page) => {
    page.on('framenavigated', (frame) => frame === page.mainFrame() && seen.navigations.push(frame.url()))
  }
  context.on('request', onRequest)
  context.on('page', watchPage)
  for (const page of context.pages()) watchPage(page)
  context.on('response', (response) => {
    pending.push(
      response.headersArray().then((headers) => {
        for (const { name, value } of headers) {
          if (name.toLowerCase() !== 'set-cookie') continue
          for (const line of value.split('\n')) {
            const [pair = ''] = line.split(';')
            const at = pair.indexOf('=')
            const cookie = pair.slice(0, at).trim()
            const cookieValue = pair.slice(at + 1).trim()
            if (AUTH_COOKIE.test(cookie) && cookieValue.length >= 16) seen.secrets.set(cookieValue, `cookie ${cookie}`)
          }
        }
      }),
    )
  })
}

/** The forms a value can take in a URL: as is, percent-encoded, form-encoded. */
const spellings = (value: string) => [
  ...new Set([value, encodeURIComponent(value), encodeURIComponent(value).replaceAll('%20', '+')]),
]

/** Where `secret` occurs in `url`, if it does; a six-digit code only as a number of its own. */
function occursIn(url: string, secret: string): boolean {
  if (/^\d{6}$/.test(secret)) return new RegExp(`(?<![0-9A-Za-z])${secret}(?![0-9A-Za-z])`).test(url)
  return spellings(secret).some((spelling) => url.includes(spelling))
}

const fullName = (user: TestUser) => `${user.firstName} ${user.lastName}`

test('no token, code, cookie value or password in any URL or Referer across the auth flows', async ({
  page,
  context,
  browser,
  createUser,
  forgetEmail,
  mailbox,
  ageFactors,
}) => {
  test.setTimeout(180_000)
  const seen: Seen = { requests: [], navigations: [], secrets: new Map() }
  const pending: Promise<unknown>[] = []
  record(context, seen, pending)
  await page.clock.install()
  const auth = authPage(page)
  const code = async (to: string) => {
    const sent = await mailbox.nextCode(to)
    seen.secrets.set(sent, `code to ${to}`)
    return sent
  }

  // Sign-up with an emailed code, then sign-out.
  const newcomer = { firstName: 'Nora', lastName: 'New', email: uniqueEmail(), password: 'newcomer url passphrase' }
  forgetEmail(newcomer.email)
  seen.secrets.set(newcomer.password, 'a password')
  await page.goto('/sign-up')
  await auth.signUp(newcomer)
  await auth.enterCode(await code(newcomer.email))
  await expect(page).toHaveURL('/dashboard')
  await auth.signOut()
  await auth.expectSignedOut()

  // Password sign-in (from a protected page, so through a redirect_url), and a token refresh.
  const ada = await createUser({
    firstName: 'Ada',
    lastName: 'Urls',
    organizations: [{ name: 'North Urls' }, { name: 'South Urls' }],
  })
  seen.secrets.set(ada.password, 'a password')
  await page.goto('/sessions')
  await expect(page).toHaveURL(/\/sign-in\?redirect_url=/)
  await auth.signIn(ada.email, ada.password)
  await expect(page).toHaveURL('/sessions')
  await page.goto('/dashboard')
  const jti = page.getByLabel('Token claims').locator('[data-claim="jti"]')
  const first = await jti.textContent()
  await page.clock.fastForward(PAST_REFRESH_MS)
  await expect(jti).not.toHaveText(first ?? '')

  // An organization switch.
  await page.getByRole('button', { name: /^Organization: / }).click()
  await page
    .getByRole('list', { name: 'Organizations' })
    .getByRole('button', { name: /South Urls/ })
    .click()
  await expect(page.getByRole('button', { name: 'Organization: South Urls' })).toBeVisible()

  // The sessions page, the devices list and one device's history.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sessions' }).click()
  await expect(page).toHaveURL('/sessions')
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Security' }).click()
  const devices = page.getByRole('list', { name: 'Signed-in devices' })
  await devices.getByRole('listitem', { name: 'This device' }).getByRole('link', { name: 'Details' }).click()
  await expect(page.getByRole('heading', { name: 'Session history' })).toBeVisible()

  // A step-up verification (the password change it guards rotates the client token too).
  await ageFactors(ada.id, 11)
  await page.goto('/account/security')
  await page.getByRole('button', { name: 'Change password' }).click()
  const form = page.getByRole('dialog', { name: 'Change password' })
  const newPassword = 'ada changed her url passphrase'
  seen.secrets.set(newPassword, 'a password')
  await form.getByLabel('Current password').fill(ada.password)
  await form.getByLabel('New password').fill(newPassword)
  await form.getByRole('button', { name: 'Change password' }).click()
  const verify = reverificationDialog(page)
  await verify.expectOpen()
  await verify.withPassword(ada.password)
  await expect(page.getByRole('status')).toHaveText('Password changed.')

  // An agent link: its token travels in the fragment only.
  const agents = page.getByRole('region', { name: 'Agents' })
  await agents.getByRole('button', { name: 'Create an agent link' }).click()
  const create = page.getByRole('dialog', { name: 'Create an agent link' })
  await create.getByLabel('Agent name').fill('Url Checker')
  await create.getByLabel('Task').fill('Look at the addresses')
  await create.getByRole('button', { name: 'Create link' }).click()
  const shown = page.getByRole('dialog', { name: 'Agent link' })
  const link = (await shown.getByRole('status', { name: 'Agent link' }).textContent()) ?? ''
  const linkToken = /#token=([A-Za-z0-9_-]{43})$/.exec(link)?.[1] ?? ''
  expect(linkToken).not.toBe('')
  await shown.getByRole('button', { name: 'Done' }).click()
  const agentContext = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '10.214.0.9' } })
  const agentSeen: Seen = { requests: [], navigations: [], secrets: seen.secrets }
  record(agentContext, agentSeen, pending)
  const agent = await agentContext.newPage()
  await agent.goto(link)
  await expect(agent).toHaveURL(/\/act$/)
  await agent.getByRole('button', { name: 'Continue', exact: true }).click()
  await expect(agent).toHaveURL('/dashboard')
  await agentContext.close()

  // A second account, signed in with an emailed code; a switch back; sign-out of both.
  const grace = await createUser({ firstName: 'Grace', lastName: 'Urls' })
  seen.secrets.set(grace.password, 'a password')
  await accountSwitcher(page).addAccount()
  await expect(page).toHaveURL(/\/sign-in\?redirect_url=/)
  await auth.enterIdentifier(grace.email)
  await page.getByRole('button', { name: 'Email me a sign-in code instead' }).click()
  await auth.enterCode(await code(grace.email))
  await accountSwitcher(page).expectCurrent(fullName(grace))
  await accountSwitcher(page).switchTo(fullName(ada))
  await accountSwitcher(page).expectCurrent(fullName(ada))
  await auth.signOut()
  await accountSwitcher(page).expectCurrent(fullName(grace))
  await auth.signOut()
  await auth.expectSignedOut()

  await Promise.all(pending)
  // Every value of every auth cookie, as the browser last held them too.
  for (const cookie of await context.cookies())
    if (AUTH_COOKIE.test(cookie.name) && cookie.value.length >= 16)
      seen.secrets.set(cookie.value, `cookie ${cookie.name}`)
  const kinds = new Set([...seen.secrets.values()].map((kind) => kind.replace(/ to .*/, '')))
  // The walk really met each kind of secret: client tokens, session JWTs, codes, passwords.
  expect([...kinds].sort()).toEqual(
    expect.arrayContaining(['a password', 'code', 'cookie __client', 'cookie __session']),
  )
  expect(
    [...seen.secrets.values()].filter((kind) => kind === 'cookie __client').length,
    'client tokens seen (sign-up, sign-ins, rotations)',
  ).toBeGreaterThanOrEqual(3)

  const requests = [...seen.requests, ...agentSeen.requests]
  expect(requests.length).toBeGreaterThan(50)
  expect(requests.filter(({ referer }) => referer !== null).length, 'Referer headers recorded').toBeGreaterThan(10)
  const findings: string[] = []
  const check = (where: string, url: string) => {
    if (JWT.test(url)) findings.push(`${where}: a JWT in ${url}`)
    if (occursIn(url, linkToken)) findings.push(`${where}: the agent link's token in ${url}`)
    for (const [secret, kind] of seen.secrets) if (occursIn(url, secret)) findings.push(`${where}: ${kind} in ${url}`)
  }
  for (const { url, referer } of requests) {
    check('request', url)
    if (referer) check('referer', referer)
  }
  for (const url of [...seen.navigations, ...agentSeen.navigations]) {
    // Navigations may carry a single-use link token in the fragment only (the documented exception).
    const [beforeFragment = ''] = url.split('#')
    check('navigation', beforeFragment)
    const fragment = url.slice(beforeFragment.length)
    if (fragment && !fragment.startsWith(`#token=${linkToken}`) && JWT.test(fragment))
      findings.push(`navigation: a JWT in the fragment of ${url}`)
  }
  expect(findings).toEqual([])

  // The exception holds: the token was in the fragment of the navigation that opened the link,
  // and the page took it out of the address bar.
  expect(agentSeen.navigations.some((url) => url.endsWith(`/act#token=${linkToken}`))).toBe(true)
  expect(agentSeen.navigations.at(-1)).not.toContain(linkToken)
})
