/**
 * Factor verification age: how long ago, in whole minutes, each factor group was last verified in
 * this session. `-1` means never (or not enrolled). Computed from stored timestamps at read time,
 * never taken from the client.
 */

const MINUTE_MS = 60_000

export function minutesSince(then: Date | null, now: Date): number {
  if (then === null) return -1
  return Math.max(0, Math.floor((now.getTime() - then.getTime()) / MINUTE_MS))
}

export function factorVerificationAge(
  firstFactorVerifiedAt: Date | null,
  secondFactorVerifiedAt: Date | null,
  now: Date,
): [number, number] {
  return [minutesSince(firstFactorVerifiedAt, now), minutesSince(secondFactorVerifiedAt, now)]
}
