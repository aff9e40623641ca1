/**
 * The reference's paginated lists (`PaginatedResources`, returned by `useOrganization()` and
 * `useOrganizationList()`), as a small state machine with the fetcher passed in: pages of
 * `pageSize` from `initialPage`, either one page at a time (`fetchPage`, `fetchNext`,
 * `fetchPrevious`) or accumulated (`infinite`). The arithmetic is the reference's
 * (packages/shared/src/react/hooks/usePagesOrInfinite.shared.ts in https://github.com/clerk/javascript),
 * with one difference: a page below 1 is clamped to 1 (the reference lets `fetchPrevious` reach 0).
 *
 * Lists with the same `key` share revalidation: `revalidate()` on one, or `invalidateLists(key)`
 * after a change (the resources call it), refetches every mounted list for that key, as the
 * reference's query cache does. No React here; `usePaginatedList` (use-paginated.ts) renders it.
 * Why no query library: docs/decisions/030-organization-lists-in-the-browser.md.
 */

/** One page and the size of the whole list: the reference's `ClerkPaginatedResponse`. */
export interface ClerkPaginatedResponse<T> {
  data: T[]
  total_count: number
}

/** The reference's `PagesOrInfiniteOptions`. */
export interface PagesOrInfiniteOptions {
  /** The page to start from (1: the first). Default 1. */
  initialPage?: number
  /** Items per page. Default 10. */
  pageSize?: number
}

/** The reference's `PaginatedHookConfig<T>`: the list's own filters plus how to page. */
export type PaginatedHookConfig<T> = T & {
  /** Append each page to the list instead of replacing it. Default false. */
  infinite?: boolean
  /** Keep showing the previous page while the next one loads. Default false. */
  keepPreviousData?: boolean
}

export type ValueOrSetter<T = unknown> = (size: T | ((_size: T) => T)) => void

export type CacheSetter<CData = unknown> = (
  data?: CData | ((currentData?: CData) => Promise<undefined | CData> | undefined | CData),
) => Promise<CData | undefined>

/** The reference's `PaginatedResources<T, Infinite>`. */
export interface PaginatedResources<T = unknown, Infinite = false> {
  data: T[]
  count: number
  error: Error | null
  isLoading: boolean
  isFetching: boolean
  isError: boolean
  page: number
  pageCount: number
  fetchPage: ValueOrSetter<number>
  fetchPrevious: () => void
  fetchNext: () => void
  hasNextPage: boolean
  hasPreviousPage: boolean
  revalidate: () => Promise<void>
  setData: Infinite extends true
    ? CacheSetter<(ClerkPaginatedResponse<T> | undefined)[]>
    : CacheSetter<ClerkPaginatedResponse<T> | undefined>
}

/** What a list is before anything is known (loading the session), as the reference returns it. */
export type PaginatedResourcesWithDefault<T> = {
  [K in keyof PaginatedResources<T>]: PaginatedResources<T>[K] extends boolean ? false : undefined
}

export const undefinedPaginatedResource = {
  data: undefined,
  count: undefined,
  error: undefined,
  isLoading: false,
  isFetching: false,
  isError: false,
  page: undefined,
  pageCount: undefined,
  fetchPage: undefined,
  fetchNext: undefined,
  fetchPrevious: undefined,
  hasNextPage: false,
  hasPreviousPage: false,
  revalidate: undefined,
  setData: undefined,
} as const

export const DEFAULT_PAGE_SIZE = 10

/** Items before the first page shown (`initialPage` 3 of 10: 20). */
export const offsetCount = (initialPage: number, pageSize: number) => (initialPage - 1) * pageSize

export const pageCountOf = (count: number, offset: number, pageSize: number) =>
  Math.max(0, Math.ceil((count - offset) / pageSize))

export const hasNextPageOf = (count: number, offset: number, page: number, pageSize: number) =>
  count - offset > page * pageSize

export const hasPreviousPageOf = (page: number, pageSize: number, offset: number) => (page - 1) * pageSize > offset

/** A page number the caller asked for, made a whole page from 1. */
const clampPage = (page: number) => (Number.isFinite(page) ? Math.max(1, Math.floor(page)) : 1)

export type PageFetcher<T> = (params: { initialPage: number; pageSize: number }) => Promise<ClerkPaginatedResponse<T>>

export interface PaginatedListOptions<T> {
  fetcher: PageFetcher<T>
  initialPage?: number | undefined
  pageSize?: number | undefined
  infinite?: boolean | undefined
  keepPreviousData?: boolean | undefined
  /** Lists with the same key revalidate together. */
  key: string
}

const lists = new Map<string, Set<PaginatedList<unknown>>>()

/** Refetches every mounted list for `key` (after a change to what it lists). */
export async function invalidateLists(key: string): Promise<void> {
  await Promise.all([...(lists.get(key) ?? [])].map((list) => list.refetch()))
}

/** Refetches every mounted list whose key starts with `prefix` (e.g. all lists of one organization). */
export async function invalidateListsStartingWith(prefix: string): Promise<void> {
  const matching = [...lists.entries()].filter(([key]) => key.startsWith(prefix)).flatMap(([, set]) => [...set])
  await Promise.all(matching.map((list) => list.refetch()))
}

export class PaginatedList<T> {
  readonly key: string
  readonly initialPage: number
  readonly pageSize: number
  readonly infinite: boolean
  readonly keepPreviousData: boolean
  fetcher: PageFetcher<T>
  #page: number
  /** Page mode: the pages fetched, by number. */
  #pages = new Map<number, ClerkPaginatedResponse<T>>()
  /** Infinite mode: the pages fetched so far, in order from `initialPage`. */
  #accumulated: ClerkPaginatedResponse<T>[] = []
  /** Page mode: the page shown last, kept on screen while another loads (`keepPreviousData`). */
  #shown: ClerkPaginatedResponse<T> | null = null
  #fetching = 0
  #started = false
  #error: Error | null = null
  /** Bumped by every fetch; an answer from an older generation of the same page is dropped. */
  #generation = 0
  #listeners = new Set<() => void>()
  #snapshot: PaginatedResources<T, boolean> | null = null

  constructor(options: PaginatedListOptions<T>) {
    this.key = options.key
    this.fetcher = options.fetcher
    this.initialPage = clampPage(options.initialPage ?? 1)
    this.pageSize = clampPage(options.pageSize ?? DEFAULT_PAGE_SIZE)
    this.infinite = options.infinite ?? false
    this.keepPreviousData = options.keepPreviousData ?? false
    this.#page = this.initialPage
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Joins the key's group and fetches the first page. */
  start(): () => void {
    const group = lists.get(this.key) ?? new Set()
    lists.set(this.key, group)
    group.add(this as PaginatedList<unknown>)
    if (!this.#started) {
      this.#started = true
      void this.refetch()
    }
    return () => {
      group.delete(this as PaginatedList<unknown>)
      if (group.size === 0) lists.delete(this.key)
    }
  }

  #changed() {
    this.#snapshot = null
    for (const listener of this.#listeners) listener()
  }

  async #load(page: number): Promise<ClerkPaginatedResponse<T> | null> {
    const generation = ++this.#generation
    this.#fetching++
    this.#changed()
    try {
      const response = await this.fetcher({ initialPage: page, pageSize: this.pageSize })
      this.#error = null
      return generation === this.#generation ? response : null
    } catch (error) {
      if (generation === this.#generation) this.#error = error instanceof Error ? error : new Error(String(error))
      return null
    } finally {
      this.#fetching--
      this.#changed()
    }
  }

  /** Fetches what is on screen again: the current page, or every page accumulated so far. */
  async refetch(): Promise<void> {
    this.#started = true
    if (!this.infinite) {
      const page = this.#page
      const response = await this.#load(page)
      if (response) this.#pages.set(page, response)
      this.#changed()
      return
    }
    const count = Math.max(1, this.#accumulated.length)
    const pages: ClerkPaginatedResponse<T>[] = []
    for (let index = 0; index < count; index++) {
      const response = await this.#load(this.initialPage + index)
      if (!response) return
      pages.push(response)
      if (!this.#hasMoreAfter(pages)) break
    }
    this.#accumulated = pages
    this.#changed()
  }

  #hasMoreAfter(pages: readonly ClerkPaginatedResponse<T>[]): boolean {
    const total = pages.at(-1)?.total_count ?? 0
    return (pages.length + this.initialPage - 1) * this.pageSize < total
  }

  async #appendNext(): Promise<void> {
    if (this.#fetching > 0) return
    if (this.#accumulated.length > 0 && !this.#hasMoreAfter(this.#accumulated)) return
    const response = await this.#load(this.initialPage + this.#accumulated.length)
    if (response) this.#accumulated = [...this.#accumulated, response]
    this.#changed()
  }

  fetchPage: ValueOrSetter<number> = (next) => {
    const current = this.snapshot().page
    const target = clampPage(typeof next === 'function' ? next(current) : next)
    if (this.infinite) {
      if (target > this.#accumulated.length) void this.#appendNext()
      return
    }
    if (target === this.#page) return
    const shown = this.#pages.get(this.#page)
    if (shown) this.#shown = shown
    this.#page = target
    this.#changed()
    if (!this.#pages.has(target)) void this.refetch()
  }

  fetchNext = () => {
    if (this.infinite) void this.#appendNext()
    else this.fetchPage((page) => page + 1)
  }

  /** Forward-only in infinite mode, as the reference's. */
  fetchPrevious = () => {
    if (!this.infinite) this.fetchPage((page) => page - 1)
  }

  /** Refetches this list and every other mounted list with the same key. */
  revalidate = async (): Promise<void> => {
    await invalidateLists(this.key)
  }

  setData = async (value?: unknown): Promise<unknown> => {
    if (this.infinite) {
      const next = typeof value === 'function' ? await value(this.#accumulated) : value
      this.#accumulated = Array.isArray(next) ? next.filter(Boolean) : []
    } else {
      const previous = this.#pages.get(this.#page) ?? { data: [], total_count: 0 }
      const next = typeof value === 'function' ? await value(previous) : value
      if (next) this.#pages.set(this.#page, next as ClerkPaginatedResponse<T>)
      else this.#pages.delete(this.#page)
    }
    this.#changed()
    return value
  }

  /** The reference's `PaginatedResources`, stable between changes (for `useSyncExternalStore`). */
  snapshot(): PaginatedResources<T, boolean> {
    if (this.#snapshot) return this.#snapshot
    const offset = offsetCount(this.initialPage, this.pageSize)
    const fetching = this.#fetching > 0
    let data: T[]
    let count: number
    let page: number
    let hasNextPage: boolean
    let hasPreviousPage: boolean
    let loaded: boolean
    if (this.infinite) {
      const pages = this.#accumulated
      data = pages.flatMap((response) => response.data)
      count = pages.at(-1)?.total_count ?? 0
      page = pages.length > 0 ? pages.length : this.initialPage
      hasNextPage = pages.length > 0 && this.#hasMoreAfter(pages)
      hasPreviousPage = false
      loaded = pages.length > 0
    } else {
      const current = this.#pages.get(this.#page)
      const source = current ?? (this.keepPreviousData ? this.#shown : null)
      data = source?.data ?? []
      count = source?.total_count ?? 0
      page = this.#page
      hasNextPage = hasNextPageOf(count, offset, page, this.pageSize)
      hasPreviousPage = hasPreviousPageOf(page, this.pageSize, offset)
      loaded = source !== null
    }
    this.#snapshot = {
      data,
      count,
      error: this.#error,
      isLoading: !loaded && this.#error === null && (fetching || !this.#started),
      isFetching: fetching,
      isError: this.#error !== null,
      page,
      pageCount: pageCountOf(count, offset, this.pageSize),
      fetchPage: this.fetchPage,
      fetchNext: this.fetchNext,
      fetchPrevious: this.fetchPrevious,
      hasNextPage,
      hasPreviousPage,
      revalidate: this.revalidate,
      setData: this.setData as PaginatedResources<T, boolean>['setData'],
    }
    return this.#snapshot
  }
}

/** `true`, a config object, or nothing (not requested), as the hooks' parameters take them. */
export type ListParam<T> = true | PaginatedHookConfig<T & PagesOrInfiniteOptions> | undefined

/** The reference's `useWithSafeValues`: the caller's settings over the defaults; `true` means the defaults. */
export function withDefaults<T extends object>(
  param: ListParam<T>,
  defaults: Required<PagesOrInfiniteOptions> & { infinite: boolean; keepPreviousData: boolean } & T,
): Required<PagesOrInfiniteOptions> & { infinite: boolean; keepPreviousData: boolean } & T {
  if (param === true || param === undefined) return defaults
  const merged: Record<string, unknown> = { ...defaults }
  for (const [name, value] of Object.entries(param)) if (value !== undefined) merged[name] = value
  return merged as typeof defaults
}
