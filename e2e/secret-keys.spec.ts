/**
 * Secret keys in the admin console (ADR 027): an admin creates one and sees it once; it opens the
 * Backend API (`/v1`), and what it changes is the key's in the ledger; revoked from the console, it
 * is refused with the reference's 401 at once.
 * An admin who may only read sees the keys by hint, with nothing to create or revoke.
 */

import { expect, test } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'

test('an admin creates a secret key, shown once, that opens /v1 until it is revoked', async ({ page, createUser }) => {
  const admin = await createUser({ adminRole: 'admin' })
  const name = `e2e backend ${Date.now()}`
  await authPage(page).signInAs(admin)
  await page.goto('/admin')
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Secret keys' }).click()

  // A name is required.
  const form = page.getByRole('form', { name: 'Create a secret key' })
  await form.getByRole('button', { name: 'Create secret key' }).click()
  await expect(form.getByText('Name the key.')).toBeVisible()
  await form.getByLabel('Name').fill(name)
  await form.getByRole('button', { name: 'Create secret key' }).click()

  const dialog = page.getByRole('dialog', { name: 'New secret key' })
  const key = (await dialog.locator('code').textContent()) ?? ''
  expect(key).toMatch(/^sk_test_[A-Za-z0-9_-]{43}$/)
  await dialog.getByRole('button', { name: 'I have saved it' }).click()
  await expect(dialog).toBeHidden()

  // Listed by its hint only: the key is not on the page any more.
  const row = page.getByRole('table', { name: 'Secret keys' }).getByRole('row').filter({ hasText: name })
  await expect(row).toContainText(key.slice(0, 12))
  await expect(row).toContainText('active')
  await expect(page.getByText(key)).toHaveCount(0)

  const call = () => page.request.get('/v1/users?limit=1', { headers: { authorization: `Bearer ${key}` } })
  expect((await call()).status()).toBe(200)

  // A change made with the key is the key's in the ledger.
  const target = await createUser()
  const ban = await page.request.post(`/v1/users/${target.id}/ban`, { headers: { authorization: `Bearer ${key}` } })
  expect(ban.status()).toBe(200)
  await page.goto(`/admin/ledger?userId=${target.id}&type=user_banned`)
  const banned = page.getByRole('table', { name: 'Ledger' }).getByRole('row', { name: /Account banned/ })
  await expect(banned).toContainText(name)
  await expect(banned).toContainText('Secret key')
  await page.goto('/admin/secret-keys')

  await row.getByRole('button', { name: `Revoke ${name}` }).click()
  const confirm = page.getByRole('dialog', { name: `Revoke ${name}?` })
  await confirm.getByRole('button', { name: 'Revoke key' }).click()
  await expect(confirm).toBeHidden()
  await expect(row).toContainText('revoked')
  const refused = await call()
  expect(refused.status()).toBe(401)
  expect(((await refused.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe('clerk_key_invalid')
})

test('support sees the keys but cannot create or revoke one', async ({ page, createUser }) => {
  const support = await createUser({ adminRole: 'support' })
  await authPage(page).signInAs(support)
  await page.goto('/admin/secret-keys')
  await expect(page.getByRole('table', { name: 'Secret keys' })).toBeVisible()
  await expect(page.getByRole('form', { name: 'Create a secret key' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: /^Revoke / })).toHaveCount(0)
})
