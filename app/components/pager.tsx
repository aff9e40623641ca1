import { Link } from '@tanstack/react-router'

const pageLink = 'rounded-lg px-3 py-1.5 text-sm font-semibold text-zinc-700 hover:bg-zinc-100'

/**
 * Newer and older pages of a list, as links that keep the page's other search parameters (its
 * filters); nothing when everything fits on one page.
 */
export function Pager({ page, hasMore }: { page: number; hasMore: boolean }) {
  if (page === 0 && !hasMore) return null
  // The pages using this all take an optional `page`; the router types `.` as any route's search.
  const to =
    (target: number) =>
    <TSearch extends object>(previous: TSearch): TSearch => ({ ...previous, page: target > 0 ? target : undefined })
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-4 border-t border-zinc-100 px-4 py-3">
      {page > 0 ? (
        <Link to="." search={to(page - 1)} className={pageLink}>
          ← Newer
        </Link>
      ) : (
        <span />
      )}
      <span className="text-sm text-zinc-500">Page {page + 1}</span>
      {hasMore ? (
        <Link to="." search={to(page + 1)} className={pageLink}>
          Older →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  )
}

/** The search parameters a keyset list's page was loaded with: its filters and where it starts. */
export interface CursorPageSearch {
  /** The cursor this page starts after (none: the newest page). */
  after?: string | undefined
}

/**
 * The next page of a keyset list (`?after=<cursor>`, keeping the page's filters), and the way back
 * to the newest page once past it; nothing when everything fits on one page.
 *
 * The links are built from `search`, the parameters this page was loaded with, not from the address
 * bar's: while another search is loading the bar already holds its query, and this page's cursor
 * belongs to this page's query (following it with the next query's filters skips rows).
 */
export function CursorPager({ search, nextCursor }: { search: CursorPageSearch; nextCursor: string | null }) {
  if (!search.after && !nextCursor) return null
  // The pages using this all take an optional `after`; the router types `.` as any route's search.
  const to =
    (target: string | null) =>
    <TSearch extends object>(_pending: TSearch): TSearch =>
      ({ ...search, after: target ?? undefined }) as TSearch
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-4 border-t border-zinc-100 px-4 py-3">
      {search.after ? (
        <Link to="." search={to(null)} className={pageLink}>
          ← Newest
        </Link>
      ) : (
        <span />
      )}
      {nextCursor ? (
        <Link to="." search={to(nextCursor)} className={pageLink}>
          Older →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  )
}
