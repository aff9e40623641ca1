/**
 * Clock offset between this app and its database (ADR 019: one time source, the app clock, with NTP
 * required on both hosts). Readiness reads the database's clock in one round trip and checks the
 * assumption here. Pure: the readings are parameters.
 */

import { CLOCK_SKEW_MAX_SECONDS } from './policy.ts'

export interface ClockSample {
  /** The app clock (ms since the epoch) just before the query was sent… */
  sentAtMs: number
  /** …the database's clock as it answered (ms since the epoch)… */
  remoteMs: number
  /** …and the app clock once the answer was back. */
  receivedAtMs: number
}

export interface ClockOffset {
  /** Database clock minus app clock, in whole ms: positive when the app clock runs behind. */
  offsetMs: number
  /** How far off the estimate may be: half the round trip (the answer came somewhere inside it). */
  uncertaintyMs: number
  /**
   * Whether the offset is beyond CLOCK_SKEW_MAX_SECONDS (the tokens' leeway) even at the near end
   * of its uncertainty: a slow round trip under load never reads as skew.
   */
  skewed: boolean
}

/**
 * NTP's one-sample estimate: the database read its clock somewhere between `sentAtMs` and
 * `receivedAtMs`, so the midpoint is the best guess of the app time it corresponds to.
 */
export function estimateClockOffset(sample: ClockSample, maxSeconds = CLOCK_SKEW_MAX_SECONDS): ClockOffset {
  const roundTripMs = Math.max(0, sample.receivedAtMs - sample.sentAtMs)
  const offsetMs = Math.round(sample.remoteMs - (sample.sentAtMs + sample.receivedAtMs) / 2)
  const uncertaintyMs = Math.ceil(roundTripMs / 2)
  return { offsetMs, uncertaintyMs, skewed: Math.abs(offsetMs) - uncertaintyMs > maxSeconds * 1000 }
}
