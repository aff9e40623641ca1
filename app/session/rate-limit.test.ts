import { describe, expect, it } from 'vitest'
import { DEFAULT_RATE_LIMITS, RATE_LIMIT_RULES, rateLimitVerdict } from './rate-limit.ts'

const T0 = new Date('2026-03-01T09:00:00Z')
const limit = { limit: 3, windowSeconds: 60 }

describe('rateLimitVerdict', () => {
  it('allows up to the limit in a window', () => {
    for (const hits of [1, 2, 3])
      expect(rateLimitVerdict({ hits, windowStartedAt: T0 }, limit, T0)).toEqual({ allowed: true })
  })

  it('refuses beyond it, with the whole seconds until the window ends (at least 1)', () => {
    expect(rateLimitVerdict({ hits: 4, windowStartedAt: T0 }, limit, new Date(T0.getTime() + 15_500))).toEqual({
      allowed: false,
      retryAfterSeconds: 45,
    })
    expect(rateLimitVerdict({ hits: 9, windowStartedAt: T0 }, limit, new Date(T0.getTime() + 60_000))).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    })
  })
})

describe('the default limits (ASVS 6.1.1: documented and pinned)', () => {
  it('cover every rule', () => {
    expect(Object.keys(DEFAULT_RATE_LIMITS).sort()).toEqual([...RATE_LIMIT_RULES].sort())
  })

  it('keep codes to one address at 10 an hour (security.md §0)', () => {
    expect(DEFAULT_RATE_LIMITS.code_send_identifier).toEqual({ limit: 10, windowSeconds: 3600 })
  })
})
