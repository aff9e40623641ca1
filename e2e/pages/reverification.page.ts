import { expect, type Page } from '@playwright/test'
import { isOneTimeCode } from './auth.page.ts'

/** The "Confirm it's you" dialog that sensitive actions open when the session's factors are stale. */
export function reverificationDialog(page: Page) {
  const dialog = page.getByRole('dialog', { name: "Confirm it's you" })
  return {
    dialog,
    async expectOpen() {
      await expect(dialog).toBeVisible()
    },
    async withPassword(password: string) {
      await dialog.getByLabel('Password').fill(password)
      await dialog.getByRole('button', { name: 'Continue', exact: true }).click()
    },
    /** A one-time code submits itself at six digits; a backup code with the button. */
    async withCode(code: string) {
      await dialog.getByLabel(/^(Verification code|Backup code)$/).fill(code)
      if (!isOneTimeCode(code)) await dialog.getByRole('button', { name: 'Continue', exact: true }).click()
    },
    async cancel() {
      await page.keyboard.press('Escape')
      await expect(dialog).toBeHidden()
    },
  }
}
