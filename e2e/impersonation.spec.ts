/**
 * Impersonation in the browser: an admin impersonates a user from the console and sees the app as
 * they do, under a banner that cannot be missed; sensitive actions and the console are closed to
 * the impersonation (over HTTP too); the user sees the impersonation among their devices, with the
 * admin named; the admin stops and is back in their own session, without signing in again.
 */

import { attachScreenshot, expect, test } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'
import { bodyStrings, callServerFn } from './support/server-fn.ts'

test('an admin impersonates a user, is seen on their devices, and stops back into their own session', async ({
  page,
  browser,
  createUser,
}, testInfo) => {
  const admin = await createUser({ adminRole: 'admin', firstName: 'Ada', lastName: 'Admin' })
  const target = await createUser({ firstName: 'Tara', lastName: 'Target' })
  const userContext = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '10.202.0.3' } })
  try {
    const user = await userContext.newPage()
    await authPage(user).signInAs(target)

    await authPage(page).signInAs(admin)
    await page.goto(`/admin/users/${target.id}`)
    const section = page.getByRole('region', { name: 'Impersonation' })
    await section.getByRole('button', { name: 'Impersonate' }).click()
    const dialog = page.getByRole('dialog', { name: 'Impersonate Tara Target?' })
    await dialog.getByLabel('Reason').fill('Ticket 1234: cannot find the invoices page')
    await dialog.getByRole('button', { name: 'Start impersonating' }).click()

    await expect(page).toHaveURL('/dashboard')
    const banner = page.getByRole('alert').filter({ hasText: 'You are impersonating' })
    await expect(banner).toContainText('You are impersonating Tara Target as Ada Admin.')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome back, Tara')
    await attachScreenshot(page, testInfo, 'impersonating')

    // Closed while impersonating: a sensitive action (over HTTP, past the page) and the console.
    const change = await callServerFn(page.request, '$changePassword', {
      currentPassword: target.password,
      newPassword: 'a brand new passphrase here',
    })
    expect(change.status()).toBe(403)
    expect(await bodyStrings(change)).toContain('impersonation_forbidden')
    const rename = await callServerFn(page.request, '$updateUser', { firstName: 'Not', lastName: 'Tara' })
    expect(rename.status()).toBe(403)
    expect(await bodyStrings(rename)).toContain('impersonation_forbidden')
    // The pages say so and disable the forms the server would refuse (issue 22 item 10).
    await page.goto('/account/security')
    await expect(
      page.getByText('You are impersonating this user: changes to their account are not allowed.'),
    ).toBeVisible()
    await expect(page.getByRole('button', { name: 'Change password' })).toBeDisabled()
    await page.goto('/account/profile')
    await expect(page.getByRole('button', { name: 'Save name' })).toBeDisabled()
    const consolePage = await page.goto('/admin')
    expect(consolePage?.status()).toBe(404)

    // The user sees who is in their account.
    await user.goto('/account/security')
    const impersonation = user
      .getByRole('list', { name: 'Signed-in devices' })
      .getByRole('listitem', { name: 'Other device' })
      .filter({ hasText: 'Impersonated by Ada Admin' })
    await expect(impersonation).toBeVisible()
    await attachScreenshot(user, testInfo, "the user's devices")

    await page.goto('/dashboard')
    await banner.getByRole('button', { name: 'Stop impersonating' }).click()
    await expect(page).toHaveURL(`/admin/users/${target.id}`)
    await expect(page.getByRole('alert').filter({ hasText: 'You are impersonating' })).toHaveCount(0)
    await expect(page.getByRole('button', { name: /Ada Admin/ })).toBeVisible()

    await user.reload()
    await expect(impersonation).toHaveCount(0)
  } finally {
    await userContext.close()
  }
})
