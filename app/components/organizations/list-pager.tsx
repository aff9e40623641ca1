import type { PaginatedResources } from '../../auth/index.ts'
import { Button } from '../ui/button.tsx'

/** Previous and next for a paginated list (`useOrganization()`'s shape), shown only when there is more than one page. */
export function ListPager({
  list,
  label,
}: {
  list: Pick<
    PaginatedResources,
    'page' | 'pageCount' | 'hasNextPage' | 'hasPreviousPage' | 'isFetching' | 'fetchNext' | 'fetchPrevious'
  >
  label: string
}) {
  if (list.pageCount <= 1 && !list.hasPreviousPage) return null
  return (
    <nav aria-label={label} className="flex items-center justify-between gap-3 border-t border-zinc-100 px-5 py-3">
      <Button
        size="sm"
        variant="secondary"
        disabled={!list.hasPreviousPage || list.isFetching}
        onClick={list.fetchPrevious}
      >
        Previous
      </Button>
      <span className="text-sm text-zinc-600">
        Page {list.page} of {Math.max(list.pageCount, list.page)}
      </span>
      <Button size="sm" variant="secondary" disabled={!list.hasNextPage || list.isFetching} onClick={list.fetchNext}>
        Next
      </Button>
    </nav>
  )
}
