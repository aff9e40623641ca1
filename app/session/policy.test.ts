import { describe, expect, it } from 'vitest'
import * as policy from './policy.ts'

// Each value here is a documented decision (PRODUCT.md, security.md §0); changing one must be deliberate.
describe('policy', () => {
  it('pins the documented defaults', () => {
    expect(policy.CLIENT_TOKEN_BYTES * 8).toBe(256)
    expect(policy.PUBLIC_ID_BYTES * 8).toBe(128)
    expect(policy.CLIENT_COOKIE_MAX_AGE_SECONDS).toBe(400 * 24 * 3600)
    expect(policy.DEFAULT_MAX_SESSIONS_PER_CLIENT).toBe(5)
    expect(policy.PASSWORD_MIN_LENGTH).toBe(8)
    expect(policy.PASSWORD_SINGLE_FACTOR_MIN_LENGTH).toBe(15)
    expect(policy.PASSWORD_MAX_LENGTH).toBeGreaterThanOrEqual(64)
    expect(policy.IMPERSONATION_MAX_LIFETIME_SECONDS).toBe(30 * 60)
    expect(policy.IMPERSONATION_INACTIVITY_TIMEOUT_SECONDS).toBe(10 * 60)
    expect(policy.SWEEP_BATCH_SIZE).toBeLessThanOrEqual(5000)
    expect(policy.TERMINAL_SESSION_RETENTION_SECONDS).toBe(30 * 24 * 60 * 60)
  })

  it('throttles activity writes well below the shortest inactivity timeout', () => {
    expect(policy.ACTIVITY_WRITE_THROTTLE_SECONDS * 50).toBeLessThanOrEqual(policy.AAL3_INACTIVITY_TIMEOUT_SECONDS)
  })
})
