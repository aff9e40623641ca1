import { randomInt, randomUUID } from 'node:crypto'
import { type BrowserContext, test as base, expect, type Page, type TestInfo } from '@playwright/test'

export { expect }

export interface TestUser {
  id: string
  email: string
  password: string
  firstName: string
  lastName: string
  /** Set when the user was created with a verified phone number. */
  phoneNumber: string | null
  /** Set when the user was created with an authenticator app. */
  totpSecret: string | null
  /** Set when the user was created with backup codes. */
  backupCodes: string[] | null
  /** The organizations made for the user (they are a member of each). */
  organizations: Array<{ id: string; slug: string; name: string }>
}

export interface UserOptions {
  email?: string
  password?: string
  firstName?: string
  lastName?: string
  /** A verified phone number (E.164), which receives second-factor codes with `smsSecondFactor`. */
  phoneNumber?: string
  smsSecondFactor?: boolean
  totp?: boolean
  backupCodes?: boolean
  /** The password, marked compromised as an administrator would. */
  passwordCompromised?: boolean
  acceptedTermsVersion?: string
  /** Organizations to make, with the user as a member (an admin unless `role` says otherwise). */
  organizations?: Array<{ name: string; role?: string }>
  /** An instance admin role: the user may open the admin console. */
  adminRole?: 'support' | 'admin' | 'owner'
}

/**
 * `E2E_CPU_THROTTLE=4 npx playwright test` runs every Chromium tab as a device that many times
 * slower: races between hydration and the first fetches show up at once (see tokens.spec.ts).
 */
const CPU_THROTTLE = Number(process.env.E2E_CPU_THROTTLE ?? 1)

/** Runs `tab` as a device `rate` times slower (Chromium only, through the DevTools protocol). */
export async function throttleCpu(tab: Page, rate: number): Promise<void> {
  const cdp = await tab.context().newCDPSession(tab)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate })
}

export const testingHeaders = () => ({ authorization: `Bearer ${process.env.E2E_TESTING_TOKEN}` })

export const uniqueEmail = () => `e2e-${randomUUID()}@example.com`
export const uniquePhone = () => `+1555${String(randomInt(0, 10_000_000)).padStart(7, '0')}`

export interface Mailbox {
  /** Waits for a message to `to` newer than the last one read, and returns its 6-digit code. */
  nextCode: (to: string) => Promise<string>
  /** Waits for a message to `to` newer than the last one read, and returns it. */
  nextMessage: (to: string) => Promise<{ channel: string; subject: string | null; body: string }>
}

interface Fixtures {
  /** Makes the user's factor verifications this many minutes old (a stale session, without waiting). */
  ageFactors: (userId: string, minutes: number) => Promise<void>
  /** Creates a user through the testing API; deleted (with their sessions) after the test. */
  createUser: (options?: UserOptions) => Promise<TestUser>
  /** Deletes the account with this email after the test (for accounts made through the UI). */
  forgetEmail: (email: string) => void
  /** The development outbox (email and SMS), read through the testing API. */
  mailbox: Mailbox
  /** Fails the test on any uncaught page error or console error (CSP violations included). */
  browserErrors: undefined
}

export const test = base.extend<Fixtures>({
  // Each test is its own visitor: a client address of its own (the e2e server trusts one proxy
  // hop), so per-IP rate limits count per test, as they would per person.
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
  extraHTTPHeaders: async ({}, use) => {
    await use({ 'x-forwarded-for': `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}` })
  },

  ageFactors: async ({ request }, use) => {
    await use(async (userId, minutes) => {
      const response = await request.post(`/api/testing/users/${userId}/factors-age`, {
        data: { minutes },
        headers: testingHeaders(),
      })
      expect(response.status(), await response.text()).toBe(200)
    })
  },

  createUser: async ({ request }, use) => {
    const created: string[] = []
    await use(async (options = {}) => {
      const user = {
        email: uniqueEmail(),
        password: `e2e passphrase ${randomUUID()}`,
        firstName: 'Erin',
        lastName: 'Tester',
        ...options,
      }
      const response = await request.post('/api/testing/users', { data: user, headers: testingHeaders() })
      expect(response.status(), await response.text()).toBe(201)
      const body = (await response.json()) as Pick<TestUser, 'id' | 'totpSecret' | 'backupCodes' | 'organizations'>
      created.push(body.id)
      return {
        id: body.id,
        email: user.email,
        password: user.password,
        firstName: user.firstName,
        lastName: user.lastName,
        phoneNumber: options.phoneNumber ?? null,
        totpSecret: body.totpSecret,
        backupCodes: body.backupCodes,
        organizations: body.organizations,
      }
    })
    // maxRetries: a keep-alive socket the server closed while the test used the browser resets once.
    for (const id of created)
      await request.delete(`/api/testing/users/${id}`, { headers: testingHeaders(), maxRetries: 1 })
  },

  forgetEmail: async ({ request }, use) => {
    const emails: string[] = []
    await use((email) => emails.push(email))
    for (const email of emails) {
      await request.delete(`/api/testing/users?email=${encodeURIComponent(email)}`, {
        headers: testingHeaders(),
        maxRetries: 1,
      })
    }
  },

  mailbox: async ({ request }, use) => {
    const lastRead = new Map<string, number>()
    type Message = { id: number; channel: string; subject: string | null; body: string }
    const nextMessage = async (to: string) => {
      let newest: Message | undefined
      await expect
        .poll(
          async () => {
            const response = await request.get(`/api/testing/outbox?to=${encodeURIComponent(to)}`, {
              headers: testingHeaders(),
            })
            newest = ((await response.json()) as Message[])[0]
            return newest?.id ?? 0
          },
          { message: `a new message to ${to}` },
        )
        .toBeGreaterThan(lastRead.get(to) ?? 0)
      if (!newest) throw new Error(`no message to ${to}`)
      lastRead.set(to, newest.id)
      return newest
    }
    await use({
      nextMessage,
      nextCode: async (to) => {
        const message = await nextMessage(to)
        const code = /\b(\d{6})\b/.exec(message.body)?.[1]
        if (!code) throw new Error(`the newest message to ${to} has no code:\n${message.body}`)
        return code
      },
    })
  },

  browserErrors: [
    async ({ page, context, browser, browserName, baseURL }, use) => {
      const errors: string[] = []
      const appOrigin = baseURL && new URL(baseURL).origin
      const watch = async (tab: Page) => {
        // Other tabs count while they show the app: an attacker's page may log what it likes.
        const counts = () => tab === page || new URL(tab.url()).origin === appOrigin
        tab.on('pageerror', (error) => {
          if (counts()) errors.push(`pageerror: ${error.message}`)
        })
        tab.on('console', (message) => {
          // Chromium logs every 4xx answer as a failed resource; those are the app answering, not breaking.
          if (counts() && message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
            errors.push(message.text())
        })
        if (CPU_THROTTLE > 1 && browserName === 'chromium') await throttleCpu(tab, CPU_THROTTLE)
      }
      // Every tab the test opens, not only the first: in this context and in the other devices
      // (contexts) it makes.
      const watchTabs = (other: BrowserContext) => other.on('page', (tab) => void watch(tab))
      watchTabs(context)
      browser.on('context', watchTabs)
      await watch(page)
      await use(undefined)
      browser.off('context', watchTabs)
      expect(errors, 'errors in the browser').toEqual([])
    },
    { auto: true },
  ],
})

/** Attaches a full-page screenshot to the HTML report. */
export async function attachScreenshot(page: Page, testInfo: TestInfo, name: string) {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' })
}
