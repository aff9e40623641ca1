/**
 * Dialogs and the pages that open them: a dialog starts at its first field and gives focus back to
 * the button that opened it; an action's error shows in the dialog that is still open; an
 * organization's page starts clean on another organization; and what the page already knows the
 * server will refuse (the last admin leaving) is disabled, with the reason.
 */

import type { Page } from '@playwright/test'
import { expect, test } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'

async function switchOrganization(page: Page, name: string) {
  await page.getByRole('button', { name: /^Organization: / }).click()
  await page
    .getByRole('list', { name: 'Organizations' })
    .getByRole('button', { name: new RegExp(name) })
    .click()
  await expect(page.getByRole('button', { name: `Organization: ${name}` })).toBeVisible()
}

async function manageOrganization(page: Page, name: string) {
  await switchOrganization(page, name)
  await page.getByRole('button', { name: `Organization: ${name}` }).click()
  await page.getByRole('link', { name: 'Manage organization' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name)
}

test('a dialog opens on its first field, and Escape or Cancel gives focus back to the button that opened it', async ({
  page,
  createUser,
}) => {
  const admin = await createUser({ adminRole: 'owner' })
  const target = await createUser({ firstName: 'Fay', lastName: 'Focus' })
  await authPage(page).signInAs(admin)
  await page.goto(`/admin/users/${target.id}`)
  const ban = page.getByRole('region', { name: 'Ban this user' }).getByRole('button', { name: 'Ban user' })
  const dialog = page.getByRole('dialog', { name: 'Ban Fay Focus?' })

  await ban.click()
  await expect(dialog.getByLabel('Reason')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(ban).toBeFocused()

  await ban.click()
  await expect(dialog.getByLabel('Reason')).toBeFocused()
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
  await expect(ban).toBeFocused()

  // A dialog without a field starts on its safe choice (Cancel), not on the ×.
  await page.goto('/admin/keys')
  const rotate = page.getByRole('button', { name: 'Rotate signing key' })
  await rotate.click()
  const confirm = page.getByRole('dialog', { name: 'Rotate the signing key?' })
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(confirm).toBeHidden()
  await expect(rotate).toBeFocused()
})

test('an action that fails in a dialog says so inside the dialog, which stays open', async ({ page, createUser }) => {
  const owner = await createUser({ adminRole: 'owner' })
  const url = `http://127.0.0.1:9/dialog-error-${Date.now()}`
  await authPage(page).signInAs(owner)
  await page.goto('/admin/webhooks')
  const add = page.getByRole('form', { name: 'Add an endpoint' })
  await add.getByLabel('URL').fill(url)
  await add.getByRole('button', { name: 'Add endpoint' }).click()
  await page.getByRole('dialog', { name: 'Signing secret' }).getByRole('button', { name: 'I have saved it' }).click()
  const row = page.getByRole('list', { name: 'Endpoints' }).getByRole('listitem', { name: url })
  await expect(row).toBeVisible()

  // Deleted meanwhile in another tab: this tab's delete is refused.
  const other = await page.context().newPage()
  await other.goto('/admin/webhooks')
  await other.getByRole('listitem', { name: url }).getByRole('button', { name: 'Delete' }).click()
  await other.getByRole('dialog', { name: 'Delete this endpoint?' }).getByRole('button', { name: 'Delete' }).click()
  await expect(other.getByRole('listitem', { name: url })).toHaveCount(0)
  await other.close()

  await row.getByRole('button', { name: 'Delete' }).click()
  const dialog = page.getByRole('dialog', { name: 'Delete this endpoint?' })
  await dialog.getByRole('button', { name: 'Delete' }).click()
  await expect(dialog.getByRole('alert')).toBeVisible()
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
})

test('an error on one organization’s page does not follow to another organization’s page', async ({
  page,
  createUser,
}) => {
  const user = await createUser({ organizations: [{ name: 'East Wing' }, { name: 'West Wing' }] })
  await authPage(page).signInAs(user)
  await manageOrganization(page, 'East Wing')
  const invitations = page.getByRole('region', { name: 'Invitations' })
  await invitations.getByLabel('Email address').fill('not an email address')
  await invitations.getByRole('button', { name: 'Send invitation' }).click()
  await expect(invitations.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true')

  await manageOrganization(page, 'West Wing')
  await expect(invitations.getByLabel('Email address')).toHaveValue('')
  await expect(invitations.getByLabel('Email address')).not.toHaveAttribute('aria-invalid', 'true')
})

test('the last admin cannot leave: the page says why and the button is disabled', async ({ page, createUser }) => {
  const user = await createUser({ organizations: [{ name: 'Solo Works' }] })
  await authPage(page).signInAs(user)
  await manageOrganization(page, 'Solo Works')
  const leave = page.getByRole('region', { name: 'Leave organization' })
  await expect(leave.getByRole('button', { name: 'Leave' })).toBeDisabled()
  await expect(leave.getByRole('button', { name: 'Leave' })).toHaveAccessibleDescription(
    /You are the only admin of Solo Works/,
  )
})

test('while an admin impersonates a member, leaving the organization is disabled with the reason', async ({
  page,
  createUser,
}) => {
  const admin = await createUser({ adminRole: 'admin' })
  const target = await createUser({
    firstName: 'Ivo',
    lastName: 'Member',
    organizations: [{ name: 'Guest House', role: 'org:member' }],
  })
  await authPage(page).signInAs(admin)
  await page.goto(`/admin/users/${target.id}`)
  await page.getByRole('region', { name: 'Impersonation' }).getByRole('button', { name: 'Impersonate' }).click()
  const dialog = page.getByRole('dialog', { name: 'Impersonate Ivo Member?' })
  await dialog.getByLabel('Reason').fill('Ticket 42: cannot leave an organization')
  await dialog.getByRole('button', { name: 'Start impersonating' }).click()
  await expect(page).toHaveURL('/dashboard')

  await manageOrganization(page, 'Guest House')
  const leave = page.getByRole('region', { name: 'Leave organization' }).getByRole('button', { name: 'Leave' })
  await expect(leave).toBeDisabled()
  await expect(leave).toHaveAccessibleDescription(/You are impersonating this user/)
})
