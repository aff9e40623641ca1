import { describe, expect, it } from 'vitest'
import {
  type ClerkPaginatedResponse,
  hasNextPageOf,
  hasPreviousPageOf,
  invalidateLists,
  offsetCount,
  type PageFetcher,
  PaginatedList,
  pageCountOf,
  withDefaults,
} from './pagination.ts'

/** A list of `total` numbered items, served a page at a time; records every request. */
function fakeFetcher(total: number) {
  const calls: Array<{ initialPage: number; pageSize: number }> = []
  let items = Array.from({ length: total }, (_, index) => index + 1)
  const pending: Array<() => void> = []
  let hold = false
  const fetcher: PageFetcher<number> = async (params) => {
    calls.push(params)
    if (hold) await new Promise<void>((resolve) => pending.push(resolve))
    const start = (params.initialPage - 1) * params.pageSize
    return { data: items.slice(start, start + params.pageSize), total_count: items.length }
  }
  return {
    fetcher,
    calls,
    setItems: (next: number[]) => {
      items = next
    },
    hold: () => {
      hold = true
    },
    release: () => {
      hold = false
      for (const resolve of pending.splice(0)) resolve()
    },
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe("the reference's page arithmetic", () => {
  it('matches the examples in its shared helpers', () => {
    expect(offsetCount(1, 10)).toBe(0)
    expect(offsetCount(3, 20)).toBe(40)
    expect(pageCountOf(95, 0, 10)).toBe(10)
    expect(pageCountOf(100, 20, 10)).toBe(8)
    expect(pageCountOf(0, 10, 10)).toBe(0) // the reference would say -1
    expect(hasNextPageOf(25, 0, 2, 10)).toBe(true)
    expect(hasNextPageOf(20, 0, 2, 10)).toBe(false)
    expect(hasPreviousPageOf(1, 10, 0)).toBe(false)
    expect(hasPreviousPageOf(2, 10, 0)).toBe(true)
  })

  it('merges settings over the defaults; true means the defaults', () => {
    const defaults = { initialPage: 1, pageSize: 10, infinite: false, keepPreviousData: false, status: ['pending'] }
    expect(withDefaults<{ status?: string[] }>(true, defaults)).toEqual(defaults)
    expect(withDefaults<{ status?: string[] }>(undefined, defaults)).toEqual(defaults)
    expect(withDefaults<{ status?: string[] }>({ pageSize: 5, status: undefined }, defaults)).toEqual({
      ...defaults,
      pageSize: 5,
    })
  })
})

describe('PaginatedList, one page at a time', () => {
  it('loads the first page, then moves forward and back', async () => {
    const fake = fakeFetcher(23)
    const list = new PaginatedList({ key: 'a', fetcher: fake.fetcher, pageSize: 10 })
    expect(list.snapshot()).toMatchObject({ isLoading: true, data: [], page: 1 })
    const stop = list.start()
    expect(list.snapshot()).toMatchObject({ isLoading: true, isFetching: true })
    await settle()
    expect(list.snapshot()).toMatchObject({
      isLoading: false,
      isFetching: false,
      count: 23,
      page: 1,
      pageCount: 3,
      hasNextPage: true,
      hasPreviousPage: false,
    })
    expect(list.snapshot().data).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    list.fetchNext()
    list.fetchNext()
    await settle()
    expect(list.snapshot()).toMatchObject({ page: 3, hasNextPage: false, hasPreviousPage: true, data: [21, 22, 23] })
    list.fetchPrevious()
    await settle()
    expect(list.snapshot().data[0]).toBe(11)
    expect(fake.calls.map((call) => call.initialPage)).toEqual([1, 2, 3, 2])
    stop()
  })

  it('clamps a page below 1 to the first page', async () => {
    const fake = fakeFetcher(5)
    const list = new PaginatedList({ key: 'b', fetcher: fake.fetcher, initialPage: -3, pageSize: 0 })
    list.start()
    await settle()
    expect(list.snapshot()).toMatchObject({ page: 1, data: [1] })
    list.fetchPrevious()
    list.fetchPage(0)
    await settle()
    expect(list.snapshot().page).toBe(1)
    expect(fake.calls).toEqual([{ initialPage: 1, pageSize: 1 }])
  })

  it('shows the previous page while the next loads only with keepPreviousData', async () => {
    for (const keepPreviousData of [true, false]) {
      const fake = fakeFetcher(15)
      const list = new PaginatedList({ key: `c${keepPreviousData}`, fetcher: fake.fetcher, keepPreviousData })
      list.start()
      await settle()
      fake.hold()
      list.fetchNext()
      expect(list.snapshot().page).toBe(2)
      expect(list.snapshot().isFetching).toBe(true)
      expect(list.snapshot().data.length).toBe(keepPreviousData ? 10 : 0)
      expect(list.snapshot().isLoading).toBe(!keepPreviousData)
      fake.release()
      await settle()
      expect(list.snapshot().data).toEqual([11, 12, 13, 14, 15])
    }
  })

  it('reports a failed fetch as an error and recovers on revalidate', async () => {
    let fail = true
    const list = new PaginatedList<number>({
      key: 'd',
      fetcher: async () => {
        if (fail) throw new Error('boom')
        return { data: [1], total_count: 1 }
      },
    })
    list.start()
    await settle()
    expect(list.snapshot()).toMatchObject({ isError: true, isLoading: false, data: [] })
    expect(list.snapshot().error?.message).toBe('boom')
    fail = false
    await list.revalidate()
    expect(list.snapshot()).toMatchObject({ isError: false, error: null, data: [1] })
  })

  it('revalidates every mounted list with the same key, and no other', async () => {
    const fake = fakeFetcher(3)
    const one = new PaginatedList({ key: 'shared', fetcher: fake.fetcher })
    const two = new PaginatedList({ key: 'shared', fetcher: fake.fetcher })
    const other = new PaginatedList({ key: 'other', fetcher: fake.fetcher })
    const stops = [one.start(), two.start(), other.start()]
    await settle()
    fake.setItems([7, 8])
    await one.revalidate()
    expect(two.snapshot()).toMatchObject({ data: [7, 8], count: 2 })
    expect(other.snapshot().data).toEqual([1, 2, 3])
    for (const stop of stops) stop()
    fake.setItems([9])
    await invalidateLists('shared')
    expect(one.snapshot().data).toEqual([7, 8])
  })

  it('sets the data of the current page by value or function', async () => {
    const fake = fakeFetcher(2)
    const list = new PaginatedList({ key: 'e', fetcher: fake.fetcher })
    list.start()
    await settle()
    await list.setData((previous?: ClerkPaginatedResponse<number>) => ({
      data: [...(previous?.data ?? []), 3],
      total_count: 3,
    }))
    expect(list.snapshot()).toMatchObject({ data: [1, 2, 3], count: 3 })
  })
})

describe('PaginatedList, infinite', () => {
  it('appends pages until the list is exhausted, and is forward-only', async () => {
    const fake = fakeFetcher(12)
    const list = new PaginatedList({ key: 'f', fetcher: fake.fetcher, pageSize: 5, infinite: true })
    list.start()
    await settle()
    expect(list.snapshot()).toMatchObject({ page: 1, count: 12, hasNextPage: true, hasPreviousPage: false })
    list.fetchNext()
    await settle()
    list.fetchNext()
    await settle()
    expect(list.snapshot().data).toEqual(Array.from({ length: 12 }, (_, index) => index + 1))
    expect(list.snapshot()).toMatchObject({ page: 3, hasNextPage: false })
    list.fetchNext()
    list.fetchPrevious()
    await settle()
    expect(fake.calls.length).toBe(3)
  })

  it('revalidates every page loaded so far', async () => {
    const fake = fakeFetcher(8)
    const list = new PaginatedList({ key: 'g', fetcher: fake.fetcher, pageSize: 5, infinite: true })
    list.start()
    await settle()
    list.fetchNext()
    await settle()
    fake.setItems([1, 2, 3, 4, 5, 6])
    await list.revalidate()
    expect(list.snapshot()).toMatchObject({ data: [1, 2, 3, 4, 5, 6], count: 6, page: 2, hasNextPage: false })
  })

  it('ignores a second fetchNext while one is in flight', async () => {
    const fake = fakeFetcher(30)
    const list = new PaginatedList({ key: 'h', fetcher: fake.fetcher, infinite: true })
    list.start()
    await settle()
    list.fetchNext()
    list.fetchNext()
    await settle()
    expect(list.snapshot().page).toBe(2)
  })
})
