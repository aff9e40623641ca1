/**
 * Guards ADR 019's check of its one assumption: the database's clock is estimated against the
 * midpoint of the app's round trip, and only an offset beyond the tokens' leeway counts as skew.
 */

import { describe, expect, it } from 'vitest'
import { estimateClockOffset } from './clock.ts'
import { CLOCK_SKEW_MAX_SECONDS, TOKEN_CLOCK_SKEW_SECONDS } from './policy.ts'

const T = Date.UTC(2026, 10, 28, 12, 0, 0)

describe('estimateClockOffset', () => {
  it('is zero when the database read its clock at the middle of the round trip', () => {
    expect(estimateClockOffset({ sentAtMs: T, remoteMs: T + 20, receivedAtMs: T + 40 })).toEqual({
      offsetMs: 0,
      uncertaintyMs: 20,
      skewed: false,
    })
  })

  it('is positive when the app clock runs behind the database, negative when ahead', () => {
    expect(estimateClockOffset({ sentAtMs: T, remoteMs: T + 3_005, receivedAtMs: T + 10 }).offsetMs).toBe(3_000)
    expect(estimateClockOffset({ sentAtMs: T, remoteMs: T - 2_995, receivedAtMs: T + 10 }).offsetMs).toBe(-3_000)
  })

  it('counts as skew only beyond the tokens’ leeway, either way', () => {
    const at = (offsetMs: number) => estimateClockOffset({ sentAtMs: T, remoteMs: T + offsetMs, receivedAtMs: T })
    expect(CLOCK_SKEW_MAX_SECONDS).toBe(TOKEN_CLOCK_SKEW_SECONDS)
    expect(at(5_000).skewed).toBe(false)
    expect(at(-5_000).skewed).toBe(false)
    expect(at(5_001).skewed).toBe(true)
    expect(at(-5_001).skewed).toBe(true)
    expect(at(-10 * 60_000).skewed).toBe(true)
  })

  it('does not read a slow round trip as skew: the offset must exceed the limit by its uncertainty', () => {
    // The database answered 5.5 s after the app asked: the offset estimate could be 2.75 s off.
    const slow = (offsetMs: number) =>
      estimateClockOffset({ sentAtMs: T, remoteMs: T + 2_750 + offsetMs, receivedAtMs: T + 5_500 })
    expect(slow(7_000)).toMatchObject({ offsetMs: 7_000, uncertaintyMs: 2_750, skewed: false })
    expect(slow(7_751).skewed).toBe(true)
    expect(slow(-7_751).skewed).toBe(true)
  })

  it('takes another limit, and never reports a negative uncertainty', () => {
    expect(estimateClockOffset({ sentAtMs: T, remoteMs: T + 1_500, receivedAtMs: T }, 1).skewed).toBe(true)
    // An app clock stepped backwards mid-query (NTP slewing the wrong way): no negative round trip.
    expect(estimateClockOffset({ sentAtMs: T, remoteMs: T, receivedAtMs: T - 8 }).uncertaintyMs).toBe(0)
  })
})
