/**
 * The sweeper makes timeouts durable: signed-in sessions whose `abandonAt` (and so possibly
 * `expireAt`) has passed become `abandoned` or `expired`, with a ledger entry each. Reads never wait
 * for it (a timed-out row never authenticates); it keeps statuses and the sessions list true.
 *
 * It also deletes the short-lived artefacts whose time is up (codes, sign-in and sign-up attempts,
 * passkey challenges, trips to an enterprise IdP, rate-limit windows, unconfirmed authenticator
 * set-ups, old outbox messages, webhook events past their retention with their deliveries and
 * attempt log, invitations and actor tokens EXPIRED_LINK_RETENTION_SECONDS after they expire,
 * unlock links once their lock has ended, unknown identifiers' lockout counts gone quiet),
 * sessions that stopped being signed in more than TERMINAL_SESSION_RETENTION_SECONDS ago, and
 * browsers (clients) left with no session whose cookie has expired, so those tables stay bounded
 * by rate × lifetime. Nothing depends on that for correctness: every read checks expiry itself.
 * The ledger outlives the sessions it tells of (`session_events.session_id` is deliberately not a
 * foreign key).
 *
 * Work is done in batches of SWEEP_BATCH_SIZE rows, each in its own short statement or
 * transaction, so a backlog never takes long locks and instances can sweep at once (sessions to
 * time out skip rows another sweeper holds; a delete that meets another's batch waits for that one
 * statement and finds the rows gone). A run takes one batch from each table in turn (round robin) until
 * every table is done or the run has taken SWEEP_MAX_BATCHES_PER_RUN batches, so a backlog in one
 * table never starves the others; `backlog` says the next run has more to do (security.md REL-06).
 */

import { and, asc, eq, inArray, isNotNull, isNull, lte, notExists, notInArray, or, type SQL } from 'drizzle-orm'
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Database } from '../../db/client.ts'
import {
  accountUnlockTokens,
  actorTokens,
  clients,
  identifierLockouts,
  organizationInvitations,
  outboxMessages,
  rateLimitBuckets,
  sessions,
  signInAttempts,
  signUpAttempts,
  socialTransactions,
  ssoTransactions,
  totpCredentials,
  verificationCodes,
  webauthnChallenges,
  webhookEvents,
} from '../../db/schema.ts'
import {
  CLIENT_COOKIE_MAX_AGE_SECONDS,
  EXPIRED_LINK_RETENTION_SECONDS,
  IDENTIFIER_LOCKOUT_RETENTION_SECONDS,
  OUTBOX_RETENTION_SECONDS,
  SWEEP_BATCH_SIZE,
  TERMINAL_SESSION_RETENTION_SECONDS,
  TOTP_ENROLLMENT_TTL_SECONDS,
  WEBHOOK_RETENTION_SECONDS,
} from '../session/policy.ts'
import { SIGNED_IN_STATUSES } from '../session/status.ts'
import { NO_META, transitionSessions } from './session-store.server.ts'
import { deviceColumns } from './user-agent.server.ts'

/**
 * Batches per run, over all tables: a run stays bounded (a few seconds even on a backlog of every
 * table at once), and the next run continues a larger backlog.
 */
export const SWEEP_MAX_BATCHES_PER_RUN = 100

/** What the sweeper works on, each in its own batches. */
export const SWEPT_TABLES = [
  'timed_out_sessions',
  'verification_codes',
  'sso_transactions',
  'social_transactions',
  'sign_in_attempts',
  'sign_up_attempts',
  'webauthn_challenges',
  'rate_limit_buckets',
  'totp_enrollments',
  'outbox_messages',
  'webhook_events',
  'invitations',
  'actor_tokens',
  'unlock_links',
  'identifier_lockouts',
  'terminal_sessions',
  'stale_clients',
  'session_devices',
] as const
export type SweptTable = (typeof SWEPT_TABLES)[number]

export interface SweepReport {
  expired: number
  abandoned: number
  /** Short-lived rows deleted. */
  deleted: number
  /** Sessions deleted TERMINAL_SESSION_RETENTION_SECONDS after they ended (their ledger stays). */
  purged: number
  batches: number
  /** Rows in the largest single batch (at most the batch size). */
  largestBatch: number
  /** Rows handled per table. */
  byTable: Record<SweptTable, number>
  /** Milliseconds spent per table. */
  msByTable: Record<SweptTable, number>
  /** Some table still had due rows when the run's batch budget ran out: run again soon. */
  backlog: boolean
}

/**
 * Deletes up to a batch of rows of `table` whose `column` is at or before `before`; returns how
 * many. The condition is repeated on the DELETE itself, so a row renewed between the two (a
 * rate-limit window restarted) is rechecked under its lock and kept.
 */
async function deleteBatch(
  db: Database,
  table: PgTable,
  key: AnyPgColumn,
  column: AnyPgColumn,
  before: Date,
  batchSize: number,
  extra?: SQL,
): Promise<number> {
  const due = and(lte(column, before), extra)
  const batch = db.select({ key }).from(table).where(due).limit(batchSize)
  const deleted = await db
    .delete(table)
    .where(and(inArray(key, batch), due))
    .returning({ key })
  return deleted.length
}

export async function sweep(db: Database, now: Date, batchSize = SWEEP_BATCH_SIZE): Promise<SweepReport> {
  const perTable = () => Object.fromEntries(SWEPT_TABLES.map((table) => [table, 0])) as Record<SweptTable, number>
  const report: SweepReport = {
    expired: 0,
    abandoned: 0,
    deleted: 0,
    purged: 0,
    batches: 0,
    largestBatch: 0,
    byTable: perTable(),
    msByTable: perTable(),
    backlog: false,
  }

  const timedOutSessions = async () => {
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
    for (const result of results) {
      if (result.to === 'expired') report.expired += 1
      else report.abandoned += 1
    }
    return results.length
  }

  const cutoff = (seconds: number) => new Date(now.getTime() - seconds * 1000)
  const artefact = (table: PgTable, key: AnyPgColumn, column: AnyPgColumn, before: Date, extra?: SQL) => async () => {
    const deleted = await deleteBatch(db, table, key, column, before, batchSize, extra)
    report.deleted += deleted
    return deleted
  }
  const steps: Record<SweptTable, () => Promise<number>> = {
    timed_out_sessions: timedOutSessions,
    // Codes and trips to an IdP before the attempts they reference.
    verification_codes: artefact(verificationCodes, verificationCodes.id, verificationCodes.expiresAt, now),
    sso_transactions: artefact(ssoTransactions, ssoTransactions.id, ssoTransactions.expiresAt, now),
    social_transactions: artefact(socialTransactions, socialTransactions.id, socialTransactions.expiresAt, now),
    sign_in_attempts: artefact(signInAttempts, signInAttempts.id, signInAttempts.expiresAt, now),
    sign_up_attempts: artefact(signUpAttempts, signUpAttempts.id, signUpAttempts.expiresAt, now),
    webauthn_challenges: artefact(
      webauthnChallenges,
      webauthnChallenges.challengeHash,
      webauthnChallenges.expiresAt,
      now,
    ),
    rate_limit_buckets: artefact(rateLimitBuckets, rateLimitBuckets.key, rateLimitBuckets.expiresAt, now),
    totp_enrollments: artefact(
      totpCredentials,
      totpCredentials.userId,
      totpCredentials.createdAt,
      cutoff(TOTP_ENROLLMENT_TTL_SECONDS),
      isNull(totpCredentials.verifiedAt),
    ),
    outbox_messages: artefact(
      outboxMessages,
      outboxMessages.id,
      outboxMessages.createdAt,
      cutoff(OUTBOX_RETENTION_SECONDS),
    ),
    // Deliveries and attempts cascade; the last retry is due within a day, long before the cutoff.
    webhook_events: artefact(
      webhookEvents,
      webhookEvents.id,
      webhookEvents.createdAt,
      cutoff(WEBHOOK_RETENTION_SECONDS),
    ),
    // Used, revoked or left: a retention period after expiry. A session a link started keeps its actor.
    invitations: artefact(
      organizationInvitations,
      organizationInvitations.id,
      organizationInvitations.expiresAt,
      cutoff(EXPIRED_LINK_RETENTION_SECONDS),
    ),
    actor_tokens: artefact(actorTokens, actorTokens.id, actorTokens.expiresAt, cutoff(EXPIRED_LINK_RETENTION_SECONDS)),
    // An unlock link is worth nothing once its lock has ended.
    unlock_links: artefact(accountUnlockTokens, accountUnlockTokens.tokenHash, accountUnlockTokens.expiresAt, now),
    // An unknown identifier's count, quiet for a while and not locked (docs/decisions/024-impersonation-and-lockout.md).
    identifier_lockouts: artefact(
      identifierLockouts,
      identifierLockouts.identifierHash,
      identifierLockouts.updatedAt,
      cutoff(IDENTIFIER_LOCKOUT_RETENTION_SECONDS),
      or(isNull(identifierLockouts.lockedUntil), lte(identifierLockouts.lockedUntil, now)),
    ),
    // Late, so the rows that reference a session (attempts, codes, challenges) are mostly gone already.
    // Every signed-out status sets `endedAt`; the status test is a second guard.
    terminal_sessions: async () => {
      const purged = await deleteBatch(
        db,
        sessions,
        sessions.id,
        sessions.endedAt,
        cutoff(TERMINAL_SESSION_RETENTION_SECONDS),
        batchSize,
        and(isNotNull(sessions.endedAt), notInArray(sessions.status, [...SIGNED_IN_STATUSES])),
      )
      report.purged += purged
      return purged
    },
    // After the sessions: a browser whose sessions are all gone, untouched for longer than its cookie
    // lives. Locked first and rechecked under the lock: a sign-in into one of these browsers (which
    // bumps `updatedAt` under the same lock) either comes first and keeps it, or waits and, finding
    // it gone, makes a new one. Its cookie has expired anyway.
    stale_clients: () =>
      db.transaction(async (tx) => {
        const stale = and(
          lte(clients.updatedAt, cutoff(CLIENT_COOKIE_MAX_AGE_SECONDS)),
          notExists(tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.clientId, clients.id))),
        )
        const due = await tx
          .select({ id: clients.id })
          .from(clients)
          .where(stale)
          .limit(batchSize)
          .for('update', { skipLocked: true })
        if (due.length === 0) return 0
        const ids = due.map((row) => row.id)
        const deleted = await tx
          .delete(clients)
          .where(and(inArray(clients.id, ids), stale))
          .returning({ id: clients.id })
        report.deleted += deleted.length
        return due.length
      }),
    // The backfill of migration 0014: sessions from before the device columns existed get them read
    // from their User-Agent, one statement per distinct string (the index holds only such rows).
    session_devices: async () => {
      const unread = and(isNull(sessions.deviceType), isNotNull(sessions.userAgent))
      const due = await db
        .select({ id: sessions.id, userAgent: sessions.userAgent })
        .from(sessions)
        .where(unread)
        .limit(batchSize)
      const byUserAgent = new Map<string, string[]>()
      for (const row of due)
        byUserAgent.set(row.userAgent ?? '', [...(byUserAgent.get(row.userAgent ?? '') ?? []), row.id])
      for (const [userAgent, ids] of byUserAgent)
        await db
          .update(sessions)
          .set(deviceColumns(userAgent))
          .where(and(unread, eq(sessions.userAgent, userAgent), inArray(sessions.id, ids)))
      return due.length
    },
  }

  // Round robin: one batch per table with work left, until none has or the budget is spent.
  let pending = [...SWEPT_TABLES]
  while (pending.length > 0 && report.batches < SWEEP_MAX_BATCHES_PER_RUN) {
    const next: SweptTable[] = []
    for (const table of pending) {
      if (report.batches >= SWEEP_MAX_BATCHES_PER_RUN) {
        next.push(table)
        continue
      }
      const started = performance.now()
      const rows = await steps[table]()
      report.msByTable[table] += Math.round(performance.now() - started)
      report.batches += 1
      report.byTable[table] += rows
      report.largestBatch = Math.max(report.largestBatch, rows)
      if (rows >= batchSize) next.push(table)
    }
    pending = next
  }
  report.backlog = pending.length > 0
  return report
}
