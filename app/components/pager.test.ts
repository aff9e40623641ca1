/**
 * The keyset pager's links carry the search its page was loaded with. While the next search is
 * loading, the router already holds that search as its location; a link built from the location
 * would send the loaded page's cursor with the next page's query (CI caught it in the admin users
 * list: the second page of a search started at another list's cursor and skipped rows).
 */

import {
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
  RouterProvider,
} from '@tanstack/react-router'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { CursorPager, type CursorPageSearch } from './pager.tsx'

/** The pager on a list page whose address says `location`, the page itself loaded with `loaded`. */
async function linksOf(location: string, loaded: CursorPageSearch & { q?: string }, nextCursor: string | null) {
  const rootRoute = createRootRoute({ component: () => createElement(Outlet) })
  const listRoute = createRoute({
    getParentRoute: () => rootRoute,
    path: '/list',
    validateSearch: z.object({ q: z.string().optional(), after: z.string().optional() }),
    component: () => createElement(CursorPager, { search: loaded, nextCursor }),
  })
  const router = createRouter({
    routeTree: rootRoute.addChildren([listRoute]),
    history: createMemoryHistory({ initialEntries: [location] }),
  })
  await router.load()
  const html = renderToStaticMarkup(createElement(RouterProvider, { router }))
  return Object.fromEntries(
    [...html.matchAll(/<a[^>]*href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map(([, href, text]) => [
      text?.trim(),
      href?.replaceAll('&amp;', '&'),
    ]),
  )
}

describe('CursorPager', () => {
  it("links the next page with the loaded page's query, not the address bar's", async () => {
    const links = await linksOf('/list?q=next', { q: 'loaded' }, '1796575450123000.user_a')
    expect(links['Older →']).toBe('/list?q=loaded&after=1796575450123000.user_a')
  })

  it("links back to the newest page with the loaded page's filters and no cursor", async () => {
    const links = await linksOf('/list?q=next', { q: 'loaded', after: '1796575450123000.user_a' }, null)
    expect(links['← Newest']).toBe('/list?q=loaded')
    expect(links['Older →']).toBeUndefined()
  })

  it('renders nothing when the whole list fits on its first page', async () => {
    expect(await linksOf('/list', {}, null)).toEqual({})
  })
})
