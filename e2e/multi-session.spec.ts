import type { Page } from '@playwright/test'
import { expect, type TestUser, test } from './fixtures.ts'
import { accountSwitcher } from './pages/account-switcher.page.ts'
import { authPage } from './pages/auth.page.ts'

const fullName = (user: TestUser) => `${user.firstName} ${user.lastName}`

async function addAccount(page: Page, user: TestUser) {
  await accountSwitcher(page).addAccount()
  await expect(page).toHaveURL(/\/sign-in\?redirect_url=/)
  await authPage(page).signIn(user.email, user.password)
  await accountSwitcher(page).expectCurrent(fullName(user))
}

test.describe('several accounts in one browser', () => {
  test('two accounts: add, switch without a reload, sign out of one and land on the other', async ({
    page,
    createUser,
  }) => {
    const ada = await createUser({ firstName: 'Ada', lastName: 'Lovelace' })
    const grace = await createUser({ firstName: 'Grace', lastName: 'Hopper' })
    await authPage(page).signInAs(ada)
    await addAccount(page, grace)
    await expect(page).toHaveURL('/dashboard')

    const navigations: string[] = []
    page.on('framenavigated', (frame) => frame === page.mainFrame() && navigations.push(frame.url()))
    await accountSwitcher(page).switchTo(fullName(ada))
    await accountSwitcher(page).expectCurrent(fullName(ada))
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome back, Ada')
    expect(navigations, 'switching does not reload the page').toEqual([])

    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click()
    await accountSwitcher(page).expectCurrent(fullName(grace))
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome back, Grace')
    // The switch is said, not silent (issue 22 item 10).
    await expect(page.getByRole('status').filter({ hasText: 'You signed out of' })).toContainText(
      `You signed out of ${fullName(ada)}. This tab now uses ${fullName(grace)}.`,
    )
  })

  test('two tabs on two accounts each act as their own account', async ({ page, context, createUser }) => {
    const ada = await createUser({ firstName: 'Ada', lastName: 'Lovelace' })
    const alan = await createUser({ firstName: 'Alan', lastName: 'Turing' })
    await authPage(page).signInAs(ada)
    const other = await context.newPage()
    await other.goto('/dashboard')
    await addAccount(other, alan)

    // Each tab now navigates and calls server functions as its own account.
    await page.getByRole('link', { name: 'Sessions' }).click()
    await expect(page.getByRole('listitem', { name: `${fullName(ada)}, active` })).toContainText('This tab')
    await other.getByRole('link', { name: 'Sessions' }).click()
    await expect(other.getByRole('listitem', { name: `${fullName(alan)}, active` })).toContainText('This tab')
    await page.getByRole('link', { name: 'Dashboard' }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome back, Ada')
    await other.getByRole('link', { name: 'Dashboard' }).click()
    await expect(other.getByRole('heading', { level: 1 })).toHaveText('Welcome back, Alan')
  })

  test('each tab keeps its own account across reloads', async ({ page, context, createUser }) => {
    const ada = await createUser({ firstName: 'Ada', lastName: 'Lovelace' })
    const alan = await createUser({ firstName: 'Alan', lastName: 'Turing' })
    await authPage(page).signInAs(ada)
    const other = await context.newPage()
    await other.goto('/dashboard')
    await addAccount(other, alan)
    // Alan was chosen last, in the other tab; this tab still acts as Ada, and a reload keeps it so.
    await page.goto('/account/security')
    await accountSwitcher(page).expectCurrent(fullName(ada))
    await page.reload()
    await accountSwitcher(page).expectCurrent(fullName(ada))
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security')
    await other.reload()
    await accountSwitcher(other).expectCurrent(fullName(alan))
    // A typed URL is a page load too.
    await page.goto('/dashboard')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome back, Ada')
  })

  test('a tab restored with its sessionStorage (no cookie left) takes its account back', async ({
    page,
    context,
    createUser,
  }) => {
    const ada = await createUser({ firstName: 'Ada', lastName: 'Lovelace' })
    const alan = await createUser({ firstName: 'Alan', lastName: 'Turing' })
    await authPage(page).signInAs(ada)
    const adaSession = await page.evaluate(() => sessionStorage.getItem('tessera:session'))
    await addAccount(page, alan)
    // A new tab opens on the client's last active session (Alan); one restored as Ada's switches back.
    const restored = await context.newPage()
    await restored.addInitScript((id) => {
      if (window.location.protocol === 'http:') sessionStorage.setItem('tessera:session', id ?? '')
    }, adaSession)
    await restored.goto('/dashboard')
    await expect(restored.getByRole('heading', { level: 1 })).toHaveText('Welcome back, Ada')
    await accountSwitcher(restored).expectCurrent(fullName(ada))
  })

  test('the sessions page keeps an ended session, greyed, with the reason', async ({ page, createUser }, testInfo) => {
    const ada = await createUser({ firstName: 'Ada', lastName: 'Lovelace' })
    const grace = await createUser({ firstName: 'Grace', lastName: 'Hopper' })
    await authPage(page).signInAs(ada)
    await addAccount(page, grace)
    await page.getByRole('link', { name: 'Sessions' }).click()
    const adaRow = page.getByRole('listitem', { name: `${fullName(ada)}, active` })
    await adaRow.getByRole('button', { name: 'End' }).click()
    const ended = page
      .getByRole('list', { name: 'No longer signed in' })
      .getByRole('listitem', { name: `${fullName(ada)}, ended` })
    await expect(ended).toContainText('Ended by the user')
    await testInfo.attach('sessions', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' })
    await ended.getByRole('button', { name: 'Remove from list' }).click()
    await expect(page.getByRole('list', { name: 'No longer signed in' })).toBeHidden()
  })
})

test.describe('devices', () => {
  test('another device revokes this session, which is signed out at its next request', async ({
    page,
    browser,
    createUser,
  }, testInfo) => {
    const user = await createUser()
    await authPage(page).signInAs(user)

    const phoneContext = await browser.newContext({
      userAgent:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
    })
    const phone = await phoneContext.newPage()
    await authPage(phone).signInAs(user)
    await phone.getByRole('link', { name: 'Security' }).click()

    const devices = phone.getByRole('list', { name: 'Signed-in devices' })
    await expect(devices.getByRole('listitem')).toHaveCount(2)
    await expect(devices.getByRole('listitem', { name: 'This device' })).toContainText('Safari 18 on iOS 18')
    const laptop = devices.getByRole('listitem', { name: 'Other device' })
    await expect(laptop).toContainText(/Chrome \d+ on Windows/)
    await testInfo.attach('devices', { body: await phone.screenshot({ fullPage: true }), contentType: 'image/png' })

    await laptop.getByRole('link', { name: 'Details' }).click()
    await expect(phone.getByRole('heading', { name: 'Session history' })).toBeVisible()
    const laptopHistory = phone.url()
    await phone.goBack()

    await devices.getByRole('listitem', { name: 'Other device' }).getByRole('button', { name: 'Revoke' }).click()
    const dialog = phone.getByRole('dialog', { name: 'Revoke this device?' })
    await dialog.getByRole('button', { name: 'Revoke' }).click()
    await expect(dialog).toBeHidden()
    await expect(devices.getByRole('listitem')).toHaveCount(1)

    await page.getByRole('link', { name: 'Sessions' }).click()
    await expect(page).toHaveURL(/\/sign-in\?redirect_url=/)

    await phone.goto(laptopHistory)
    const timeline = phone.getByRole('list', { name: 'Timeline' })
    await expect(timeline.getByRole('listitem')).toHaveText([/Signed in/, /Revoked from another device/])
    await phoneContext.close()
  })

  test('revoking every other device keeps this one', async ({ page, browser, createUser }) => {
    const user = await createUser()
    const others = await Promise.all([browser.newContext(), browser.newContext()])
    for (const other of others) await authPage(await other.newPage()).signInAs(user)
    await authPage(page).signInAs(user)
    await page.goto('/account/security')
    await expect(page.getByRole('list', { name: 'Signed-in devices' }).getByRole('listitem')).toHaveCount(3)
    await page.getByRole('button', { name: 'Revoke all other devices' }).click()
    await page
      .getByRole('dialog', { name: 'Revoke all other devices?' })
      .getByRole('button', { name: 'Revoke' })
      .click()
    await expect(page.getByRole('list', { name: 'Signed-in devices' }).getByRole('listitem')).toHaveCount(1)
    for (const other of others) {
      const tab = await other.newPage()
      await tab.goto('/dashboard')
      await expect(tab).toHaveURL(/\/sign-in/)
      await other.close()
    }
  })
})

test.describe('the reference example (its Session object documentation)', () => {
  test('renders signed out, loading and signed in', async ({ page, createUser }) => {
    await page.goto('/examples/session')
    await expect(page.getByText('Sign in to view this page')).toBeVisible()

    const ada = await createUser({ firstName: 'Ada', lastName: 'Lovelace' })
    const grace = await createUser({ firstName: 'Grace', lastName: 'Hopper' })
    await authPage(page).signInAs(ada)
    await addAccount(page, grace)
    await page.goto('/examples/session')
    await expect(page.getByText(/^This session has been active since /)).toBeVisible()

    // Switching accounts is the "transitive" moment when nothing is known: hold the switch there.
    let release = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    await page.route('**/_serverFn/$setActive', async (route) => {
      await held
      await route.continue()
    })
    await accountSwitcher(page).switchTo(fullName(ada))
    await expect(page.getByText('Loading...')).toBeVisible()
    release()
    await expect(page.getByText(/^This session has been active since /)).toBeVisible()
    await accountSwitcher(page).expectCurrent(fullName(ada))
  })
})
