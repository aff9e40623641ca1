import { expect, type Page } from '@playwright/test'

/** The account switcher in the header. */
export function accountSwitcher(page: Page) {
  const banner = page.getByRole('banner')
  const trigger = banner.getByRole('button', { name: /^Account: / })
  return {
    async expectCurrent(name: string) {
      await expect(banner.getByRole('button', { name: `Account: ${name}` })).toBeVisible()
    },
    async open() {
      await trigger.click()
    },
    async switchTo(name: string) {
      await trigger.click()
      await banner.getByRole('button', { name: `Switch to ${name}` }).click()
    },
    async addAccount() {
      await trigger.click()
      await banner.getByRole('link', { name: 'Add account' }).click()
    },
  }
}
