/**
 * Agent sessions in the browser: a user makes a single-use agent link, an agent opens it in a
 * browser of its own and acts for the user under a distinct banner; the user sees the agent's
 * session on their devices page, badged with its name, and revokes it; the agent is signed out.
 */

import { attachScreenshot, expect, test } from './fixtures.ts'
import { authPage } from './pages/auth.page.ts'

test('a user lets an agent act for them, sees its session, and revokes it', async ({
  page,
  browser,
  createUser,
}, testInfo) => {
  const user = await createUser({ firstName: 'Una', lastName: 'User' })
  await authPage(page).signInAs(user)
  await page.goto('/account/security')

  const agents = page.getByRole('region', { name: 'Agents' })
  await agents.getByRole('button', { name: 'Create an agent link' }).click()
  const create = page.getByRole('dialog', { name: 'Create an agent link' })
  await create.getByLabel('Agent name').fill('Inbox Assistant')
  await create.getByLabel('Task').fill('Sort the invoices')
  await create.getByRole('radio', { name: '15 minutes' }).check()
  await create.getByRole('button', { name: 'Create link' }).click()
  const shown = page.getByRole('dialog', { name: 'Agent link' })
  const link = (await shown.getByRole('status', { name: 'Agent link' }).textContent()) ?? ''
  expect(link).toMatch(/\/act#token=[A-Za-z0-9_-]{43}$/)
  await shown.getByRole('button', { name: 'Done' }).click()
  await expect(agents.getByRole('listitem', { name: 'Agent link for Inbox Assistant' })).toContainText('Not used yet')

  const agentContext = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '10.201.0.9' } })
  try {
    const agent = await agentContext.newPage()
    await agent.goto(link)
    // The secret leaves the address bar before anything else happens.
    await expect(agent).toHaveURL(/\/act$/)
    await agent.getByRole('button', { name: 'Continue', exact: true }).click()
    await expect(agent).toHaveURL('/dashboard')
    await expect(agent.getByRole('status').filter({ hasText: 'Agent session' })).toHaveText(
      'Agent session: Inbox Assistant is acting for Una User.',
    )
    await attachScreenshot(agent, testInfo, 'agent session')

    // The link worked once.
    await agent.goto(link)
    await agent.getByRole('button', { name: 'Continue', exact: true }).click()
    await expect(agent.getByRole('alert')).toHaveText('This link has already been used.')

    await page.reload()
    await expect(agents.getByRole('listitem', { name: 'Agent link for Inbox Assistant' })).toContainText('Used')
    const device = page
      .getByRole('list', { name: 'Signed-in devices' })
      .getByRole('listitem', { name: 'Other device' })
      .filter({ hasText: 'Agent: Inbox Assistant' })
    await expect(device).toBeVisible()
    await attachScreenshot(page, testInfo, 'devices with the agent')
    await device.getByRole('button', { name: 'Revoke' }).click()
    await page.getByRole('dialog', { name: 'Revoke this device?' }).getByRole('button', { name: 'Revoke' }).click()
    await expect(device).toHaveCount(0)

    // Signed out at its next request (the token check reads the database on a page load's refresh).
    await agent.goto('/account/security')
    await expect(agent).toHaveURL(/\/sign-in/)
  } finally {
    await agentContext.close()
  }
})
