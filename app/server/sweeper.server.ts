/**
 * The sweeper makes timeouts durable: signed-in sessions whose `abandonAt` (and so possibly
 * `expireAt`) has passed become `abandoned` or `expired`, with a ledger entry each. Reads never wait
 * for it (a timed-out row never authenticates); it keeps statuses and the sessions list true.
 *
 * Work is done in batches of SWEEP_BATCH_SIZE rows, each in its own short transaction, skipping
 * rows another sweeper holds, so a backlog never takes long locks and instances can sweep at once.
 * One-time artefacts (codes, challenges) join here as the features that create them land.
 */

import { and, asc, inArray, lte } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { sessions } from '../../db/schema.ts'
import { SWEEP_BATCH_SIZE } from '../session/policy.ts'
import { SIGNED_IN_STATUSES } from '../session/status.ts'
import { NO_META, transitionSessions } from './session-store.server.ts'

/** Batches per run: a run stays bounded (the next run continues a larger backlog). */
export const SWEEP_MAX_BATCHES_PER_RUN = 50

export interface SweepReport {
  expired: number
  abandoned: number
  batches: number
}

export async function sweep(db: Database, now: Date, batchSize = SWEEP_BATCH_SIZE): Promise<SweepReport> {
  const report: SweepReport = { expired: 0, abandoned: 0, batches: 0 }
  while (report.batches < SWEEP_MAX_BATCHES_PER_RUN) {
    const results = await db.transaction(async (tx) => {
      const due = await tx
        .select({ id: sessions.id })
        .from(sessions)
        .where(and(inArray(sessions.status, [...SIGNED_IN_STATUSES]), lte(sessions.abandonAt, now)))
        .orderBy(asc(sessions.abandonAt))
        .limit(batchSize)
        .for('update', { skipLocked: true })
      // The reason is refined per row: past `expireAt` is an expiry, otherwise an abandonment.
      return transitionSessions(tx, { ids: due.map((row) => row.id), reason: 'inactivity_timeout', now, meta: NO_META })
    })
    report.batches += 1
    for (const result of results) {
      if (result.to === 'expired') report.expired += 1
      else report.abandoned += 1
    }
    if (results.length < batchSize) break
  }
  return report
}
