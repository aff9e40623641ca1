/**
 * Checks every page should pass, whoever looks at it: axe-core finds no serious or critical
 * accessibility violation, and nothing makes the page wider than the window.
 */

import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

/**
 * Serious and critical axe-core violations on the page as it is now (WCAG 2.2 A and AA, best
 * practices, and "label in name": a control's accessible name contains what it shows).
 */
export async function expectAccessible(page: Page, what = page.url()): Promise<void> {
  const results = await new AxeBuilder({ page })
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze()
  const violations = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      help: violation.help,
      nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`.slice(0, 300)),
    }))
  expect(violations, `accessibility of ${what}`).toEqual([])
}

/** The page is no wider than the window (a long word pushes nothing off screen). */
export async function expectNoHorizontalOverflow(page: Page, what = page.url()): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }))
  expect(scrollWidth, `width of ${what} at ${innerWidth} px`).toBeLessThanOrEqual(innerWidth)
}
