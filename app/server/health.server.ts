/**
 * Readiness, for load balancers and orchestrators (`/health/ready`): 200 while the database answers
 * (opened, migrated, and a query back within HEALTH_CHECK_TIMEOUT_SECONDS), else 503 with
 * Retry-After, so traffic goes elsewhere until it does. The same round trip reads the database's
 * clock: every expiry is decided by the app clock (ADR 019), so an app clock further than
 * CLOCK_SKEW_MAX_SECONDS from the database's (NTP broken on one host) also answers 503, `reason:
 * 'clock_skew'`. Public; reveals only which driver is in use and the clock offset.
 */

import { sql } from 'drizzle-orm'
import { estimateClockOffset } from '../session/clock.ts'
import {
  CLOCK_SKEW_MAX_SECONDS,
  CLOCK_SKEW_RETRY_AFTER_SECONDS,
  HEALTH_CHECK_TIMEOUT_SECONDS,
} from '../session/policy.ts'
import { getDatabaseHandle } from './db.server.ts'
import { log } from './log.server.ts'

// Whether the last check found the clocks apart: the warning is logged when this changes, not per probe.
let skewedBefore = false

/** The first row's first value, whichever driver answered (postgres-js: rows; PGlite: `{ rows }`). */
function firstValue(result: unknown): unknown {
  const rows = Array.isArray(result) ? result : (result as { rows?: unknown[] }).rows
  const row = rows?.[0]
  return row && typeof row === 'object' ? Object.values(row)[0] : undefined
}

export async function readiness(): Promise<Response> {
  const timeout = new Promise<never>((_, reject) => {
    setTimeout(() => reject(new Error('timed out')), HEALTH_CHECK_TIMEOUT_SECONDS * 1000).unref()
  })
  let checked: { driver: string; sentAtMs: number; remoteMs: number; receivedAtMs: number }
  try {
    const { db, driver } = await Promise.race([getDatabaseHandle(), timeout])
    const sentAtMs = Date.now()
    const result = await Promise.race([
      db.execute(sql`select (extract(epoch from clock_timestamp()) * 1000)::float8 as now_ms`),
      timeout,
    ])
    checked = { driver, sentAtMs, remoteMs: Number(firstValue(result)), receivedAtMs: Date.now() }
  } catch {
    return Response.json({ status: 'unavailable' }, { status: 503, headers: { 'retry-after': '2' } })
  }
  const { driver, ...sample } = checked
  const clock = estimateClockOffset(sample)
  if (clock.skewed !== skewedBefore) {
    skewedBefore = clock.skewed
    const fields = { clockOffsetMs: clock.offsetMs, maxSeconds: CLOCK_SKEW_MAX_SECONDS }
    if (clock.skewed) log.warn('health.clock_skew', fields)
    else log.info('health.clock_skew_resolved', fields)
  }
  if (clock.skewed) {
    return Response.json(
      { status: 'unavailable', reason: 'clock_skew', clockOffsetMs: clock.offsetMs },
      { status: 503, headers: { 'retry-after': String(CLOCK_SKEW_RETRY_AFTER_SECONDS) } },
    )
  }
  return Response.json({ status: 'ok', database: driver, clockOffsetMs: clock.offsetMs })
}
