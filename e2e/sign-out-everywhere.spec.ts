/**
 * Sign-out is reachable from every signed-in page (ASVS 7.4.4). The pages are not listed by hand:
 * they are read from app/routes, so a new page is covered (or this fails until it is classed).
 * Every page route under the signed-in layout is opened as a signed-in admin who belongs to an
 * organization, and every session-task page as a pending session on the strict instance; each
 * must stay on its own URL (no bounce to sign-in) and show the banner's "Sign out" button, one
 * click away. Server routes (API, health, JWKS, SSO callback) have no page and are skipped; the
 * public pages are listed below, each with why.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import type { APIRequestContext, Browser, Page } from '@playwright/test'
import { totpCode } from '../test/support/totp.ts'
import { expect, type TestUser, test, testingHeaders, type UserOptions, uniqueEmail } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'
import { STRICT_BASE_URL } from './support/env.ts'

const ROUTES = path.resolve(import.meta.dirname, '../app/routes')

/** Pages anyone may open signed out: not signed-in pages, so not this check's. */
const PUBLIC_PAGES: Record<string, string> = {
  '/': 'the landing page',
  '/sign-in': 'signing in',
  '/sign-up': 'creating an account',
  '/terms': 'the terms, linked from sign-up',
  '/act': 'an impersonation or agent link lands here before any session exists',
  '/invitations/accept': 'an emailed invitation lands here, signed in or not',
  '/email-link/verify': 'an email link (sign-in, sign-up, a new address) lands here, signed in or not',
  '/dev/outbox': 'the development outbox (not served in production)',
  '/examples/dashboard': 'a public sample of the dashboard',
  '/examples/session': 'a public sample of the session page',
  '/examples/reference/$name':
    "the reference's documentation examples, rendered (reference-examples.spec.ts visits each signed in)",
}

/** The URL path a route file serves (TanStack Router's file conventions), or null for no page. */
function pagePath(file: string): string | null {
  const relative = path.relative(ROUTES, file).replace(/\.tsx?$/, '')
  const base = path.basename(relative)
  if (base === '__root' || base === 'route') return null // layouts: their pages are their children
  const source = readFileSync(file, 'utf8')
  if (!/\bcomponent:/.test(source)) return null // a server route: handlers, no page
  const segments = relative
    .replaceAll('[.]', '\u0000')
    .split(/[/.]/)
    .map((segment) => segment.replaceAll('\u0000', '.'))
    .filter((segment) => !segment.startsWith('_') && segment !== 'index')
  return `/${segments.join('/')}`
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry)
    return statSync(full).isDirectory() ? routeFiles(full) : /\.tsx?$/.test(entry) ? [full] : []
  })
}

const PAGES = routeFiles(ROUTES)
  .map(pagePath)
  .filter((page): page is string => page !== null)
  .sort()
const TASK_PAGES = PAGES.filter((page) => page === '/tasks' || page.startsWith('/tasks/'))
const SIGNED_IN_PAGES = PAGES.filter((page) => !(page in PUBLIC_PAGES) && !TASK_PAGES.includes(page))

const TERMS = '2026-11'
const ORGANIZATION = [{ name: 'Sign-out Co' }]
/** On the strict instance, a user who owes exactly this task after signing in. */
const OWES: Record<string, UserOptions> = {
  '/tasks/setup-mfa': { acceptedTermsVersion: TERMS, organizations: ORGANIZATION },
  '/tasks/accept-terms': { totp: true, organizations: ORGANIZATION },
  '/tasks/choose-organization': { totp: true, acceptedTermsVersion: TERMS },
  '/tasks/reset-password': {
    totp: true,
    acceptedTermsVersion: TERMS,
    organizations: ORGANIZATION,
    passwordCompromised: true,
  },
}

const signOutButton = (page: Page) => page.getByRole('banner').getByRole('button', { name: 'Sign out' })

async function expectSignOutOn(page: Page, url: string) {
  await page.goto(url)
  await expect(page, `${url} keeps its URL`).toHaveURL(
    (current) => current.pathname === new URL(url, page.url()).pathname,
  )
  await expect(signOutButton(page), `the sign-out button on ${url}`).toBeVisible()
}

test('the route list is read from app/routes and every page is classed', () => {
  expect(SIGNED_IN_PAGES).toEqual(expect.arrayContaining(['/dashboard', '/sessions', '/account/security', '/admin']))
  expect(TASK_PAGES).toEqual(expect.arrayContaining(Object.keys(OWES)))
  for (const page of Object.keys(PUBLIC_PAGES)) expect(PAGES, `${page} is still a page`).toContain(page)
  // Server routes are not pages.
  expect(PAGES.filter((page) => /^\/(api|health|sso|\.well-known)\b/.test(page))).toEqual([])
})

test('every signed-in page shows the sign-out button, and it signs out', async ({ page, createUser }) => {
  test.setTimeout(120_000)
  const user = await createUser({ adminRole: 'owner', organizations: ORGANIZATION })
  await authPage(page).signInAs(user)
  // The session's id, from the session cookie's JWT.
  const jwt = (await page.context().cookies()).find((cookie) => cookie.name === '__session')?.value ?? ''
  const { sid } = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as { sid: string }
  const params: Record<string, string> = {
    sessionId: sid,
    userId: user.id,
    slug: user.organizations[0]?.slug ?? '',
  }
  for (const route of SIGNED_IN_PAGES) {
    const url = route.replace(/\$(\w+)/g, (_, name: string) => {
      const value = params[name]
      if (!value) throw new Error(`${route}: no value for $${name}; add one to this spec`)
      return encodeURIComponent(value)
    })
    await expectSignOutOn(page, url)
  }
  await signOutButton(page).click()
  await authPage(page).expectSignedOut()
})

/** A user made on the strict instance through its testing API (deleted by the caller). */
async function strictUser(request: APIRequestContext, options: UserOptions): Promise<TestUser> {
  const details = {
    email: uniqueEmail(),
    password: `sign-out everywhere ${Date.now()}`,
    firstName: 'Tess',
    lastName: 'Ask',
  }
  const response = await request.post(`${STRICT_BASE_URL}/api/testing/users`, {
    data: { ...details, ...options },
    headers: testingHeaders(),
  })
  expect(response.status(), await response.text()).toBe(201)
  const body = (await response.json()) as Pick<TestUser, 'id' | 'totpSecret' | 'backupCodes' | 'organizations'>
  return { ...details, ...body, phoneNumber: null }
}

/** The newest code emailed to `to` by the strict instance. */
async function strictEmailCode(request: APIRequestContext, to: string): Promise<string> {
  let code: string | undefined
  await expect
    .poll(async () => {
      const response = await request.get(`${STRICT_BASE_URL}/api/testing/outbox?to=${encodeURIComponent(to)}`, {
        headers: testingHeaders(),
      })
      const [newest] = (await response.json()) as { body: string }[]
      code = newest ? /\b(\d{6})\b/.exec(newest.body)?.[1] : undefined
      return code
    })
    .toMatch(/^\d{6}$/)
  return code ?? ''
}

async function pendingPage(browser: Browser, user: TestUser, compromised: boolean): Promise<Page> {
  // A context of its own: cookies do not tell ports apart, and this is another instance.
  const context = await browser.newContext({ baseURL: STRICT_BASE_URL })
  const page = await context.newPage()
  await page.goto('/sign-in')
  await authPage(page).signIn(user.email, user.password)
  if (compromised) {
    // A compromised password is confirmed with an emailed code first (read from this instance's outbox).
    await expect(page.getByText('This password can no longer be used.')).toBeVisible()
    await authPage(page).enterCode(await strictEmailCode(page.request, user.email))
  }
  if (user.totpSecret) {
    await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible()
    await authPage(page).enterCode(totpCode(user.totpSecret))
  }
  await expect(page).toHaveURL(/\/tasks\//)
  return page
}

test('every session-task page shows the sign-out button to a pending session', async ({ browser, request }) => {
  test.setTimeout(120_000)
  const made: string[] = []
  try {
    for (const task of TASK_PAGES) {
      const owes = OWES[task === '/tasks' ? '/tasks/setup-mfa' : task]
      if (!owes) throw new Error(`${task}: no user owes it; add one to OWES`)
      const user = await strictUser(request, owes)
      made.push(user.id)
      const page = await pendingPage(browser, user, owes.passwordCompromised === true)
      if (task === '/tasks') {
        // The index sends a pending session on to its task; sign-out is there too.
        await page.goto('/tasks')
        await expect(page).toHaveURL(/\/tasks\/setup-mfa/)
        await expect(signOutButton(page)).toBeVisible()
      } else await expectSignOutOn(page, task)
      await signOutButton(page).click()
      await authPage(page).expectSignedOut()
      await page.context().close()
    }
  } finally {
    for (const id of made)
      await request.delete(`${STRICT_BASE_URL}/api/testing/users/${id}`, { headers: testingHeaders(), maxRetries: 1 })
  }
})
