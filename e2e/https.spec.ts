/**
 * The production cookie setup, over HTTPS in a real browser (security.md 3.3.x, REL-12): both
 * credentials are `__Host-` cookies (Secure, Path=/, no Domain: the browser refuses them
 * otherwise), HttpOnly and SameSite=Lax; HSTS and upgrade-insecure-requests are sent.
 */

import { expect, test } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'

test('over HTTPS, credentials are __Host- cookies and the page asks for HTTPS only', async ({
  page,
  context,
  createUser,
}) => {
  const user = await createUser()
  const response = await page.goto('/sign-in')
  const headers = response?.headers() ?? {}
  expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
  expect(headers['content-security-policy']).toContain('upgrade-insecure-requests')

  await authPage(page).signIn(user.email, user.password)
  await expect(page).toHaveURL('/dashboard')
  const cookies = await context.cookies()
  expect(cookies.map((cookie) => cookie.name).sort()).toEqual(['__Host-client', '__Host-session'])
  for (const cookie of cookies)
    expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' })
  expect(await page.evaluate(() => document.cookie)).toBe('')

  // The session survives a reload on the secure cookies alone.
  await page.reload()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Welcome back, ${user.firstName}`)
})
