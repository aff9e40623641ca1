/**
 * The sweeper makes timeouts durable: signed-in sessions whose `abandonAt` (and so possibly
 * `expireAt`) has passed become `abandoned` or `expired`, with a ledger entry each. Reads never wait
 * for it (a timed-out row never authenticates); it keeps statuses and the sessions list true.
 *
 * It also deletes the short-lived artefacts whose time is up (codes, sign-in and sign-up attempts,
 * passkey challenges, trips to an enterprise IdP, rate-limit windows, unconfirmed authenticator
 * set-ups, old outbox messages, webhook events past their retention with their deliveries and
 * attempt log),
 * so those tables stay bounded by rate × lifetime. Nothing depends on that for correctness: every
 * read checks expiry itself.
 *
 * Work is done in batches of SWEEP_BATCH_SIZE rows, each in its own short statement or
 * transaction, skipping rows another sweeper holds, so a backlog never takes long locks and
 * instances can sweep at once.
 */

import { and, asc, inArray, isNull, lte } from 'drizzle-orm'
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Database } from '../../db/client.ts'
import {
  outboxMessages,
  rateLimitBuckets,
  sessions,
  signInAttempts,
  signUpAttempts,
  ssoTransactions,
  totpCredentials,
  verificationCodes,
  webauthnChallenges,
  webhookEvents,
} from '../../db/schema.ts'
import {
  OUTBOX_RETENTION_SECONDS,
  SWEEP_BATCH_SIZE,
  TOTP_ENROLLMENT_TTL_SECONDS,
  WEBHOOK_RETENTION_SECONDS,
} from '../session/policy.ts'
import { SIGNED_IN_STATUSES } from '../session/status.ts'
import { NO_META, transitionSessions } from './session-store.server.ts'

/** Batches per run: a run stays bounded (the next run continues a larger backlog). */
export const SWEEP_MAX_BATCHES_PER_RUN = 50

export interface SweepReport {
  expired: number
  abandoned: number
  /** Short-lived rows deleted. */
  deleted: number
  batches: number
}

/** Deletes up to a batch of rows of `table` whose `column` is at or before `before`; returns how many. */
async function deleteBatch(
  db: Database,
  table: PgTable,
  key: AnyPgColumn,
  column: AnyPgColumn,
  before: Date,
  batchSize: number,
  extra?: ReturnType<typeof isNull>,
): Promise<number> {
  const due = db
    .select({ key })
    .from(table)
    .where(and(lte(column, before), extra))
    .limit(batchSize)
  const deleted = await db.delete(table).where(inArray(key, due)).returning({ key })
  return deleted.length
}

export async function sweep(db: Database, now: Date, batchSize = SWEEP_BATCH_SIZE): Promise<SweepReport> {
  const report: SweepReport = { expired: 0, abandoned: 0, deleted: 0, batches: 0 }
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

  const enrollmentCutoff = new Date(now.getTime() - TOTP_ENROLLMENT_TTL_SECONDS * 1000)
  const outboxCutoff = new Date(now.getTime() - OUTBOX_RETENTION_SECONDS * 1000)
  const webhookCutoff = new Date(now.getTime() - WEBHOOK_RETENTION_SECONDS * 1000)
  const artefacts: Array<() => Promise<number>> = [
    // Codes and trips to an IdP first: they reference attempts.
    () => deleteBatch(db, verificationCodes, verificationCodes.id, verificationCodes.expiresAt, now, batchSize),
    () => deleteBatch(db, ssoTransactions, ssoTransactions.id, ssoTransactions.expiresAt, now, batchSize),
    () => deleteBatch(db, signInAttempts, signInAttempts.id, signInAttempts.expiresAt, now, batchSize),
    () => deleteBatch(db, signUpAttempts, signUpAttempts.id, signUpAttempts.expiresAt, now, batchSize),
    () =>
      deleteBatch(
        db,
        webauthnChallenges,
        webauthnChallenges.challengeHash,
        webauthnChallenges.expiresAt,
        now,
        batchSize,
      ),
    () => deleteBatch(db, rateLimitBuckets, rateLimitBuckets.key, rateLimitBuckets.expiresAt, now, batchSize),
    () =>
      deleteBatch(
        db,
        totpCredentials,
        totpCredentials.userId,
        totpCredentials.createdAt,
        enrollmentCutoff,
        batchSize,
        isNull(totpCredentials.verifiedAt),
      ),
    () => deleteBatch(db, outboxMessages, outboxMessages.id, outboxMessages.createdAt, outboxCutoff, batchSize),
    // Deliveries and attempts cascade; the last retry is due within a day, long before the cutoff.
    () => deleteBatch(db, webhookEvents, webhookEvents.id, webhookEvents.createdAt, webhookCutoff, batchSize),
  ]
  for (const sweepTable of artefacts) {
    while (report.batches < SWEEP_MAX_BATCHES_PER_RUN) {
      const deleted = await sweepTable()
      report.batches += 1
      report.deleted += deleted
      if (deleted < batchSize) break
    }
  }
  return report
}
