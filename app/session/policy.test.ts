import { describe, expect, it } from 'vitest'
import * as policy from './policy.ts'

// Each value here is a documented decision (docs/reference.md, security.md §0); changing one must be deliberate.
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

// security.md §4.1: the timing of a signing-key rotation, and what each number must cover.
describe('signing-key rotation', () => {
  it('publishes a new key for at least the JWKS cache lifetime before it signs (step 1)', () => {
    expect(policy.SIGNING_KEY_PUBLISH_AHEAD_SECONDS).toBeGreaterThanOrEqual(policy.JWKS_MAX_AGE_SECONDS)
    // Our own servers re-read the keys well before the switch, so they never meet the new kid unknown.
    expect(policy.SIGNING_KEY_PUBLISH_AHEAD_SECONDS).toBeGreaterThan(2 * policy.SIGNING_KEYS_REFRESH_SECONDS)
  })

  it('keeps the old key for 60 s + 5 s + the JWKS cache after it stops signing (step 3)', () => {
    expect(policy.KEY_RETIREMENT_OVERLAP_SECONDS).toBeGreaterThanOrEqual(
      policy.SESSION_TOKEN_LIFETIME_SECONDS + policy.TOKEN_CLOCK_SKEW_SECONDS + policy.JWKS_MAX_AGE_SECONDS,
    )
    expect(policy.KEY_RETIREMENT_OVERLAP_SECONDS).toBe(60 + 5 + 300)
  })

  it('re-reads the keys for an unknown kid at most once per 30 s (step 5, JWT-R2)', () => {
    expect(policy.SIGNING_KEYS_UNKNOWN_KID_COOLDOWN_SECONDS).toBe(30)
  })
})
