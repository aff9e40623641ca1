/**
 * Durations as people read them. Copy and error messages state time limits through this, from the
 * policy constants (`*_SECONDS`, `*_MINUTES` in policy.ts), so a changed limit changes every
 * sentence that mentions it (docs/decisions/023-one-verification-ui.md).
 */

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`

/**
 * "45 seconds", "10 minutes", "1 hour", "7 days": rounded up below an hour (a wait is never
 * understated), to the nearest hour below two days, to the nearest day after.
 */
export function describeDuration(seconds: number): string {
  if (seconds < 60) return plural(Math.max(1, Math.ceil(seconds)), 'second')
  const minutes = Math.ceil(seconds / 60)
  if (minutes < 60) return plural(minutes, 'minute')
  const hours = Math.max(1, Math.round(minutes / 60))
  if (hours < 48) return plural(hours, 'hour')
  return plural(Math.round(hours / 24), 'day')
}

/** The same for a count of minutes (the reverification presets are in minutes). */
export const describeMinutes = (minutes: number): string => describeDuration(minutes * 60)
