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

/** The page is no wider than the window (a long word pushes nothing off screen); names the widest culprits. */
export async function expectNoHorizontalOverflow(page: Page, what = page.url()): Promise<void> {
  const { scrollWidth, innerWidth, culprits } = await page.evaluate(() => {
    const describe = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}.${[...element.classList].slice(0, 4).join('.')}`
    const clipped = (element: Element) => {
      for (let parent = element.parentElement; parent; parent = parent.parentElement)
        if (getComputedStyle(parent).overflowX !== 'visible') return true
      return false
    }
    const overflowing = new Set(
      [...document.body.querySelectorAll('*')].filter(
        (element) => element.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(element),
      ),
    )
    // The innermost: those with no overflowing child.
    // Else (something positioned escaped a scrolling box): the right-most elements.
    const innermost = [...overflowing].filter(
      (element) => ![...element.children].some((child) => overflowing.has(child)),
    )
    const rightMost = [...document.body.querySelectorAll('*')].sort(
      (a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right,
    )
    const culprits = (innermost.length > 0 ? innermost : rightMost)
      .slice(0, 5)
      .map((element) => `${describe(element)} (right ${Math.round(element.getBoundingClientRect().right)})`)
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, culprits }
  })
  expect(scrollWidth, `width of ${what} at ${innerWidth} px; overflowing: ${culprits.join(', ')}`).toBeLessThanOrEqual(
    innerWidth,
  )
}
