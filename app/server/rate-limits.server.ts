/**
 * Rate limits counted in Postgres: one upsert per check, so several app processes on one database
 * share every counter, and a counter never needs a lock held across a round trip.
 */

import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { rateLimitBuckets } from '../../db/schema.ts'
import type { InstanceConfig } from '../config/instance.ts'
import { TesseraError } from '../session/errors.ts'
import { type RateLimitRule, rateLimitVerdict } from '../session/rate-limit.ts'

/**
 * Counts one request against `rule` for `subject` (an IP address or a canonical identifier) and
 * throws `rate_limited` with `retryAfterSeconds` when the window's allowance is spent. A request
 * without a subject (no known IP) is not counted.
 */
export async function enforceRateLimit(
  db: Database,
  config: Pick<InstanceConfig, 'rateLimits'>,
  rule: RateLimitRule,
  subject: string | null,
  now: Date,
): Promise<void> {
  if (subject === null) return
  const limit = config.rateLimits[rule]
  const windowStart = new Date(now.getTime() - limit.windowSeconds * 1000)
  const windowEnd = new Date(now.getTime() + limit.windowSeconds * 1000)
  // Raw SQL gets timestamps as ISO strings (drivers do not all encode Date parameters).
  const at = (date: Date) => sql`${date.toISOString()}::timestamptz`
  const expired = sql`${rateLimitBuckets.windowStartedAt} <= ${at(windowStart)}`
  const [count] = await db
    .insert(rateLimitBuckets)
    .values({ key: `${rule}:${subject}`, windowStartedAt: now, hits: 1, expiresAt: windowEnd })
    .onConflictDoUpdate({
      target: rateLimitBuckets.key,
      set: {
        hits: sql`case when ${expired} then 1 else ${rateLimitBuckets.hits} + 1 end`,
        windowStartedAt: sql`case when ${expired} then ${at(now)} else ${rateLimitBuckets.windowStartedAt} end`,
        expiresAt: sql`case when ${expired} then ${at(windowEnd)} else ${rateLimitBuckets.expiresAt} end`,
      },
    })
    .returning({ hits: rateLimitBuckets.hits, windowStartedAt: rateLimitBuckets.windowStartedAt })
  if (!count) throw new Error('rate limit upsert returned no row')
  const verdict = rateLimitVerdict(count, limit, now)
  if (!verdict.allowed) {
    throw new TesseraError('rate_limited', { meta: { retryAfterSeconds: verdict.retryAfterSeconds, rule } })
  }
}
