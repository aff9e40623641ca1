/**
 * Organizations in the browser: an admin invites someone by email and they join from the link;
 * roles decide what each member may open, and the server refuses what the page would not offer;
 * each tab acts for its own organization, and its session token says which.
 */

import type { Browser, Page } from '@playwright/test'
import { attachScreenshot, expect, test } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'
import { bodyStrings, callServerFn } from './support/server-fn.ts'

async function switchOrganization(page: Page, name: string) {
  await page.getByRole('button', { name: /^Organization: / }).click()
  await page
    .getByRole('list', { name: 'Organizations' })
    .getByRole('button', { name: new RegExp(name) })
    .click()
  await expect(page.getByRole('button', { name: `Organization: ${name}` })).toBeVisible()
}

/** A second person, in a browser of their own (cookies are per context). */
async function otherBrowser(browser: Browser, forwardedFor: string) {
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': forwardedFor } })
  return { page: await context.newPage(), close: () => context.close() }
}

test('an admin invites someone by email; they sign in from the link and join', async ({
  page,
  browser,
  createUser,
  mailbox,
}, testInfo) => {
  const admin = await createUser({ organizations: [{ name: 'Acme Rockets' }] })
  const invitee = await createUser({ firstName: 'Ida', lastName: 'Invited' })
  await authPage(page).signInAs(admin)
  await switchOrganization(page, 'Acme Rockets')
  await page.getByRole('button', { name: 'Organization: Acme Rockets' }).click()
  await page.getByRole('link', { name: 'Manage organization' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Acme Rockets')

  const invitations = page.getByRole('region', { name: 'Invitations' })
  await invitations.getByLabel('Email address').fill(invitee.email)
  await invitations.getByRole('combobox', { name: 'Role' }).selectOption({ label: 'Analyst' })
  await invitations.getByRole('button', { name: 'Send invitation' }).click()
  await expect(invitations.getByRole('listitem', { name: invitee.email })).toContainText('Analyst')
  await attachScreenshot(page, testInfo, 'members and invitations')

  const email = await mailbox.nextMessage(invitee.email)
  expect(email.subject).toBe('Erin Tester invited you to Acme Rockets on Tessera')
  const link = /https?:\/\/\S+\/invitations\/accept#token=[A-Za-z0-9_-]+/.exec(email.body)?.[0] ?? ''
  expect(link).not.toBe('')

  const other = await otherBrowser(browser, '10.200.0.2')
  try {
    await other.page.goto(link)
    await expect(other.page.getByRole('heading', { name: 'Join Acme Rockets' })).toBeVisible()
    // The secret leaves the address bar at once (it stays in this tab only).
    await expect(other.page).toHaveURL(/\/invitations\/accept$/)
    await attachScreenshot(other.page, testInfo, 'invitation')
    await other.page.getByRole('link', { name: 'Sign in to accept' }).click()
    await authPage(other.page).signIn(invitee.email, invitee.password)
    await expect(other.page).toHaveURL('/invitations/accept')
    await other.page.getByRole('button', { name: 'Accept invitation' }).click()
    await expect(other.page).toHaveURL('/dashboard')
    await expect(other.page.getByRole('button', { name: 'Organization: Acme Rockets' })).toBeVisible()
    await expect(other.page.getByRole('listitem', { name: 'Read reports' })).toContainText('Yes')
    await expect(other.page.getByRole('listitem', { name: 'Manage members' })).toContainText('No')

    // The link worked once.
    await other.page.goto(link)
    await expect(other.page.getByText('This invitation has already been used or was withdrawn.')).toBeVisible()
  } finally {
    await other.close()
  }

  await page.reload()
  const members = page.getByRole('list', { name: 'Members' })
  await expect(members.getByRole('listitem')).toHaveCount(2)
  await expect(members.getByRole('listitem', { name: 'Ida Invited' })).toBeVisible()
  await expect(page.getByRole('list', { name: 'Pending invitations' })).toHaveCount(0)
})

test('a member cannot open the settings only admins may change, and the server refuses them too', async ({
  page,
  request,
  createUser,
}) => {
  const member = await createUser({ organizations: [{ name: 'Members Only', role: 'org:member' }] })
  const organization = member.organizations[0]
  if (!organization) throw new Error('no organization')
  await authPage(page).signInAs(member)
  await page.goto(`/orgs/${organization.slug}/settings`)
  await expect(page.getByRole('alert')).toContainText('Only admins can change these settings')
  await expect(page.getByRole('button', { name: 'Delete organization' })).toHaveCount(0)
  await page.goto(`/orgs/${organization.slug}`)
  await expect(page.getByRole('region', { name: 'Invitations' })).toHaveCount(0)

  // The same member over HTTP (a session of its own): every admin operation is refused by name.
  const signedIn = await callServerFn(request, '$createSignIn', { identifier: member.email, password: member.password })
  expect(signedIn.status()).toBe(200)
  for (const [fn, data] of [
    ['$updateOrganization', { organizationId: organization.id, name: 'Taken Over' }],
    ['$inviteMember', { organizationId: organization.id, emailAddress: 'friend@example.com' }],
  ] as const) {
    const response = await callServerFn(request, fn, data)
    expect(response.status(), fn).toBe(403)
    expect(await bodyStrings(response), fn).toContain('organization_forbidden')
  }
  // An organization the user does not belong to does not exist for them.
  const foreign = await callServerFn(
    request,
    '$listOrganizationMembers',
    { organizationId: `org_${'0'.repeat(26)}` },
    {
      method: 'GET',
    },
  )
  expect(foreign.status()).toBe(404)
  expect(await bodyStrings(foreign)).toContain('organization_not_found')
})

test('two tabs act for two organizations, each its own, and their tokens say so', async ({ page, createUser }) => {
  const user = await createUser({ organizations: [{ name: 'North Team' }, { name: 'South Team' }] })
  const [north, south] = user.organizations
  if (!north || !south) throw new Error('no organizations')
  await authPage(page).signInAs(user)
  await switchOrganization(page, 'North Team')

  const second = await page.context().newPage()
  await second.goto('/dashboard')
  await switchOrganization(second, 'South Team')
  await expect(second.getByLabel('Token claims')).toContainText(`"slg":"${south.slug}"`)

  // The first tab still acts for North, in its pages and in its token; and as it sees the session
  // now points to South, it points it back, so a reload renders North.
  const pointedBack = page.waitForResponse(
    (response) => response.url().includes('$touchSession') && (response.request().postData() ?? '').includes(north.id),
  )
  await page.getByRole('link', { name: 'Sessions' }).click()
  await pointedBack
  await page.getByRole('link', { name: 'Dashboard' }).click()
  await expect(page.getByRole('button', { name: 'Organization: North Team' })).toBeVisible()
  await expect(page.getByLabel('Token claims')).toContainText(`"slg":"${north.slug}"`)
  await expect(second.getByRole('button', { name: 'Organization: South Team' })).toBeVisible()

  await page.reload()
  await expect(page.getByRole('button', { name: 'Organization: North Team' })).toBeVisible()
})

test('the members page lists invitations a page at a time through the public organization API', async ({
  page,
  request,
  createUser,
}) => {
  const admin = await createUser({ organizations: [{ name: 'Paging Co' }] })
  const [organization] = admin.organizations
  if (!organization) throw new Error('no organization')
  // The admin's second browser (the API) sends 21 invitations: one more than a page holds.
  const signedIn = await callServerFn(request, '$createSignIn', { identifier: admin.email, password: admin.password })
  expect(signedIn.status()).toBe(200)
  const invited = Array.from({ length: 21 }, (_, index) => `paging-${index}-${organization.id}@example.com`)
  for (const emailAddress of invited) {
    const response = await callServerFn(request, '$inviteMember', { organizationId: organization.id, emailAddress })
    expect(response.status(), emailAddress).toBe(200)
  }
  // A page out of range is refused with a code, never clamped.
  const tooBig = await callServerFn(
    request,
    '$listOrganizationInvitations',
    { organizationId: organization.id, limit: 1000 },
    { method: 'GET' },
  )
  expect(tooBig.status()).toBe(400)
  expect(await bodyStrings(tooBig)).toContain('invalid_input')

  await authPage(page).signInAs(admin)
  await page.goto(`/orgs/${organization.slug}`)
  const invitations = page.getByRole('region', { name: 'Invitations' })
  const pending = invitations.getByRole('list', { name: 'Pending invitations' }).getByRole('listitem')
  const pages = invitations.getByRole('navigation', { name: 'Invitation pages' })
  await expect(pending).toHaveCount(20)
  await expect(pages).toContainText('Page 1 of 2')
  await pages.getByRole('button', { name: 'Next' }).click()
  await expect(pending).toHaveCount(1)
  await expect(pending.first()).toHaveAccessibleName(invited[20] ?? '')
  await pages.getByRole('button', { name: 'Previous' }).click()
  await expect(pending).toHaveCount(20)

  // Revoking refetches the page: the next one's invitation moves up, and one page is left.
  const first = invited[0] ?? ''
  const refetched = page.waitForResponse(
    (response) => response.url().includes('$listOrganizationInvitations') && response.ok(),
  )
  await invitations.getByRole('listitem', { name: first }).getByRole('button', { name: 'Revoke' }).click()
  await refetched
  await expect(invitations.getByRole('listitem', { name: first })).toHaveCount(0)
  await expect(pending).toHaveCount(20)
  await expect(pages).toHaveCount(0)
  await expect(page.getByRole('list', { name: 'Members' }).getByRole('listitem')).toHaveCount(1)
})

test('an admin renames the organization through its resource, a new slug moving the page, then deletes it', async ({
  page,
  createUser,
}) => {
  const admin = await createUser({ organizations: [{ name: 'Old Name' }] })
  const [organization] = admin.organizations
  if (!organization) throw new Error('no organization')
  await authPage(page).signInAs(admin)
  await page.goto(`/orgs/${organization.slug}/settings`)
  const profile = page.getByRole('region', { name: 'Organization profile' })
  const slug = `new-name-${organization.id.slice(-8).toLowerCase()}`
  await profile.getByLabel('Name').fill('New Name')
  await profile.getByLabel('Slug').fill(slug)
  await profile.getByRole('button', { name: 'Save' }).click()
  await expect(page).toHaveURL(`/orgs/${slug}/settings`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New Name')

  // Signed in a moment ago: deleting needs no new verification.
  await page.getByRole('button', { name: 'Delete organization' }).click()
  await page.getByRole('dialog', { name: 'Delete New Name?' }).getByRole('button', { name: 'Delete' }).click()
  await expect(page).toHaveURL('/dashboard')
  await page.getByRole('button', { name: /^Organization: / }).click()
  await expect(page.getByRole('list', { name: 'Organizations' })).not.toContainText('New Name')
})
