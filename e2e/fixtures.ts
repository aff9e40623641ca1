import { randomUUID } from 'node:crypto'
import { test as base, expect, type Page, type TestInfo } from '@playwright/test'

export { expect }

export interface TestUser {
  id: string
  email: string
  password: string
  firstName: string
  lastName: string
}

export const testingHeaders = () => ({ authorization: `Bearer ${process.env.E2E_TESTING_TOKEN}` })

export const uniqueEmail = () => `e2e-${randomUUID()}@example.com`

interface Fixtures {
  /** Creates a user through the testing API; deleted (with their sessions) after the test. */
  createUser: (overrides?: Partial<Omit<TestUser, 'id'>>) => Promise<TestUser>
  /** Deletes the account with this email after the test (for accounts made through the UI). */
  forgetEmail: (email: string) => void
  /** Fails the test on any uncaught page error or console error (CSP violations included). */
  browserErrors: undefined
}

export const test = base.extend<Fixtures>({
  createUser: async ({ request }, use) => {
    const created: string[] = []
    await use(async (overrides = {}) => {
      const user = {
        email: uniqueEmail(),
        password: `e2e passphrase ${randomUUID()}`,
        firstName: 'Erin',
        lastName: 'Tester',
        ...overrides,
      }
      const response = await request.post('/api/testing/users', { data: user, headers: testingHeaders() })
      expect(response.status(), await response.text()).toBe(201)
      const { id } = (await response.json()) as { id: string }
      created.push(id)
      return { ...user, id }
    })
    for (const id of created) await request.delete(`/api/testing/users/${id}`, { headers: testingHeaders() })
  },

  forgetEmail: async ({ request }, use) => {
    const emails: string[] = []
    await use((email) => emails.push(email))
    for (const email of emails) {
      await request.delete(`/api/testing/users?email=${encodeURIComponent(email)}`, { headers: testingHeaders() })
    }
  },

  browserErrors: [
    async ({ page }, use) => {
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
      page.on('console', (message) => {
        // Chromium logs every 4xx answer as a failed resource; those are the app answering, not breaking.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
          errors.push(message.text())
      })
      await use(undefined)
      expect(errors, 'errors in the browser').toEqual([])
    },
    { auto: true },
  ],
})

/** Attaches a full-page screenshot to the HTML report. */
export async function attachScreenshot(page: Page, testInfo: TestInfo, name: string) {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' })
}
