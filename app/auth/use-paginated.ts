/**
 * A `PaginatedList` rendered by React: made once per key and settings, fetched after the page
 * hydrates (the server renders it loading, so the markup matches), dropped on unmount. The fetcher
 * may change identity every render (resources are rebuilt with each snapshot); the newest is used.
 */

import { useEffect, useState, useSyncExternalStore } from 'react'
import { PaginatedList as List, type PageFetcher, type PaginatedList, type PaginatedResources } from './pagination.ts'

export interface UsePaginatedListOptions<T> {
  /** Null when there is nothing to list (signed out, no organization): nothing is fetched. */
  fetcher: PageFetcher<T> | null
  /** Lists with the same key share revalidation. */
  key: string
  /** The key with the list's filters: a new identity (another organization, other filters) starts over. */
  identity: string
  enabled: boolean
  initialPage: number
  pageSize: number
  infinite: boolean
  keepPreviousData: boolean
}

const NO_FETCH: PageFetcher<never> = async () => ({ data: [], total_count: 0 })

export function usePaginatedList<T>(options: UsePaginatedListOptions<T>): PaginatedResources<T, boolean> {
  const { fetcher, key, enabled, initialPage, pageSize, infinite, keepPreviousData } = options
  // initialPage and pageSize are read once per identity, as the reference caches them until unmount.
  const identity = `${options.identity}|${infinite}|${keepPreviousData}`
  const [state, setState] = useState<{ identity: string; list: PaginatedList<T> }>(() => ({
    identity,
    list: new List<T>({ key, fetcher: fetcher ?? NO_FETCH, initialPage, pageSize, infinite, keepPreviousData }),
  }))
  let list = state.list
  if (state.identity !== identity) {
    list = new List<T>({ key, fetcher: fetcher ?? NO_FETCH, initialPage, pageSize, infinite, keepPreviousData })
    setState({ identity, list })
  }
  list.fetcher = fetcher ?? NO_FETCH
  const active = enabled && fetcher !== null
  useEffect(() => (active ? list.start() : undefined), [list, active])
  const snapshot = useSyncExternalStore(
    list.subscribe,
    () => list.snapshot(),
    () => list.snapshot(),
  )
  return active ? snapshot : disabledSnapshot(snapshot)
}

/** A list not asked for: empty and idle, with its functions (as the reference's disabled query). */
function disabledSnapshot<T>(snapshot: PaginatedResources<T, boolean>): PaginatedResources<T, boolean> {
  return snapshot.isLoading || snapshot.data.length > 0
    ? { ...snapshot, data: [], count: 0, isLoading: false, isFetching: false, pageCount: 0, hasNextPage: false }
    : snapshot
}
