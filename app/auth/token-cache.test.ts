import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TesseraError } from '../session/errors.ts'
import { type FetchToken, TokenCache } from './token-cache.ts'

/** A JWT-shaped string whose claims the cache can read (it never verifies: the server does). */
function fakeJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.signature`
}

let issued = 0
const mint = () => ({ jwt: fakeJwt({ sid: 'sess_1', iat: ++issued, jti: `jti-${issued}` }), expiresInSeconds: 60 })

function cacheWith(fetchToken: FetchToken, onSignedOut = vi.fn()) {
  return { cache: new TokenCache({ fetchToken, onSignedOut }), onSignedOut }
}

beforeEach(() => {
  vi.useFakeTimers()
  vi.stubGlobal('document', { visibilityState: 'visible', addEventListener: vi.fn(), removeEventListener: vi.fn() })
  vi.stubGlobal('window', {})
  vi.stubGlobal('navigator', { onLine: true })
})

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('TokenCache', () => {
  it('serves a cached token while it has more than 5 s left, then fetches a new one', async () => {
    const fetchToken = vi.fn(async () => mint())
    const { cache } = cacheWith(fetchToken)
    const first = await cache.get('sess_1')
    expect(await cache.get('sess_1')).toBe(first)
    vi.advanceTimersByTime(55_001)
    expect(await cache.get('sess_1')).not.toBe(first)
    expect(fetchToken).toHaveBeenCalledTimes(2)
  })

  it('shares one request between concurrent callers', async () => {
    const fetchToken = vi.fn(async () => mint())
    const { cache } = cacheWith(fetchToken)
    const tokens = await Promise.all([cache.get('sess_1'), cache.get('sess_1'), cache.get('sess_1')])
    expect(new Set(tokens).size).toBe(1)
    expect(fetchToken).toHaveBeenCalledTimes(1)
  })

  it('keys tokens by session, template and organization, and skipCache always fetches', async () => {
    const fetchToken = vi.fn(async () => mint())
    const { cache } = cacheWith(fetchToken)
    await cache.get('sess_1')
    await cache.get('sess_1', { template: 'partner' })
    await cache.get('sess_1', { organizationId: 'org_1' })
    await cache.get('sess_1', { skipCache: true })
    expect(fetchToken).toHaveBeenCalledTimes(4)
  })

  it('refreshes the tracked session’s token 15 s before it expires', async () => {
    const fetchToken = vi.fn(async () => mint())
    const { cache } = cacheWith(fetchToken)
    cache.track('sess_1')
    await vi.advanceTimersByTimeAsync(0)
    expect(fetchToken).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(44_000)
    expect(fetchToken).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1_001)
    expect(fetchToken).toHaveBeenCalledTimes(2)
  })

  it('retries network failures and 5xx answers with backoff (429 is treated like 5xx)', async () => {
    const failures = [
      new TypeError('Failed to fetch'),
      new TesseraError('service_unavailable'),
      Object.assign(new Error('x'), { code: 'internal_error', status: 500 }),
    ]
    const fetchToken = vi.fn(async () => {
      const failure = failures.shift()
      if (failure) throw failure
      return mint()
    })
    const { cache } = cacheWith(fetchToken)
    const pending = cache.get('sess_1')
    await vi.advanceTimersByTimeAsync(500 + 1000 + 2000)
    expect(await pending).toMatch(/\./)
    expect(fetchToken).toHaveBeenCalledTimes(4)
  })

  it('does not retry other 4xx answers', async () => {
    const fetchToken = vi.fn(async () => {
      throw new TesseraError('invalid_input')
    })
    const { cache } = cacheWith(fetchToken)
    await expect(cache.get('sess_1')).rejects.toMatchObject({ code: 'invalid_input' })
    expect(fetchToken).toHaveBeenCalledTimes(1)
  })

  it('ends offline retries with a typed offline error', async () => {
    vi.stubGlobal('navigator', { onLine: false })
    const fetchToken = vi.fn(async () => {
      throw new TypeError('Failed to fetch')
    })
    const { cache } = cacheWith(fetchToken)
    const pending = cache.get('sess_1')
    const outcome = expect(pending).rejects.toMatchObject({ code: 'offline' })
    await vi.advanceTimersByTimeAsync(500 + 1000)
    await outcome
    expect(fetchToken).toHaveBeenCalledTimes(3)
  })

  it.each(['signed_out', 'session_not_found', 'session_not_signed_in'] as const)(
    'treats %s as the session being gone: null, no retry, and the tab is told',
    async (code) => {
      const fetchToken = vi.fn(async () => {
        throw new TesseraError(code)
      })
      const { cache, onSignedOut } = cacheWith(fetchToken)
      expect(await cache.get('sess_1')).toBeNull()
      expect(fetchToken).toHaveBeenCalledTimes(1)
      expect(onSignedOut).toHaveBeenCalledWith('sess_1')
    },
  )

  it('drops every token on clear()', async () => {
    const { cache } = cacheWith(async () => mint())
    await cache.get('sess_1')
    cache.clear()
    expect(cache.peek('sess_1')).toBeNull()
  })
})
