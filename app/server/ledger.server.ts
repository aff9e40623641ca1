/**
 * The ledger (the `session_events` table): one append-only record of what happened to sessions and
 * accounts, who did it — and, in an impersonated or agent session, on whose behalf — and from where.
 * Every writer goes through `appendLedger`, inside the transaction of the change it records, so a
 * change and its record commit together or not at all. Session lifecycle entries also become
 * webhook events in the same transaction (the outbox: nothing is announced that did not happen,
 * and nothing that happened goes unannounced).
 */

import { type SQL, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { sessionEvents, webhookEndpoints } from '../../db/schema.ts'
import type { ActorJSON } from '../session/actors.ts'
import type { SessionEventType } from '../session/events.ts'
import type { SessionEventActor, SessionStatus, TransitionReason } from '../session/status.ts'
import { STATUS_WEBHOOK, type WebhookEventType } from '../session/webhooks.ts'
import { newId } from './crypto.server.ts'
import type { RequestMeta } from './request.server.ts'
import { wakeWebhookWorker } from './webhook-wake.server.ts'

export interface LedgerEntry {
  type: SessionEventType
  /** The session it happened to, or (admin actions) the admin's own session. */
  sessionId: string | null
  /** The user it concerns. */
  userId: string | null
  actor: SessionEventActor
  /** The person who caused it (the user, or the admin); null for the system. */
  actorUserId: string | null
  /** The `act.sub` behind the session that did it, when it was impersonated or an agent's. */
  impersonatorId?: string | null
  /** The secret key a backend did it with, through the Backend API (actor `secret_key`). */
  secretKeyId?: string | null
  detail?: string | null
  fromStatus?: SessionStatus | null
  toStatus?: SessionStatus | null
  reason?: TransitionReason | null
  /** Where it came from; null for the system's own doing. */
  meta: RequestMeta | null
}

/** What a session's webhook payload says about it (`data` of `session.*` events). */
export interface SessionWebhookData {
  id: string
  userId: string
  clientId: string
  status: SessionStatus
  actor: ActorJSON | null
  reason?: TransitionReason | null
}

export async function appendLedger(db: Database, entries: readonly LedgerEntry[], now: Date): Promise<void> {
  if (entries.length === 0) return
  await db.insert(sessionEvents).values(
    entries.map((entry) => ({
      type: entry.type,
      sessionId: entry.sessionId,
      userId: entry.userId,
      actor: entry.actor,
      actorUserId: entry.actorUserId,
      impersonatorId: entry.impersonatorId ?? null,
      secretKeyId: entry.secretKeyId ?? null,
      detail: entry.detail ?? null,
      fromStatus: entry.fromStatus ?? null,
      toStatus: entry.toStatus ?? null,
      reason: entry.reason ?? null,
      ipAddress: entry.meta?.ipAddress ?? null,
      userAgent: entry.meta?.userAgent ?? null,
      createdAt: now,
    })),
  )
}

/**
 * `session.created` for new sessions, or the event each one's status change announces, in one
 * statement however many sessions changed (a sweep ends a thousand at once).
 */
export async function announceSessions(
  db: Database,
  type: 'created' | 'status_changed',
  changed: readonly SessionWebhookData[],
  now: Date,
): Promise<void> {
  await enqueueWebhooks(
    db,
    changed.map((session) => ({
      type: type === 'created' ? 'session.created' : STATUS_WEBHOOK[session.status],
      data: {
        object: 'session',
        id: session.id,
        user_id: session.userId,
        client_id: session.clientId,
        status: session.status,
        actor: session.actor,
        ...(session.reason !== undefined && { reason: session.reason }),
      },
    })),
    now,
  )
}

const subscribedTo = (type: SQL) => sql`enabled and (cardinality(event_types) = 0 or ${type} = any(event_types))`

/** Whether any enabled endpoint receives `type`: callers skip building a payload nobody will get. */
export async function hasWebhookSubscribers(db: Database, type: WebhookEventType): Promise<boolean> {
  const found = await db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(subscribedTo(sql`${type}::webhook_event_type`))
    .limit(1)
  return found.length > 0
}

/**
 * Writes webhook events and one pending delivery per enabled endpoint that subscribes to each, in
 * one statement; an event no endpoint subscribes to is not written (an instance without webhooks
 * pays one scan of an empty table). Then wakes this process's webhook worker, which waits a moment
 * for the caller's transaction to commit (WEBHOOK_WAKE_DELAY_MS).
 */
export async function enqueueWebhooks(
  db: Database,
  events: ReadonlyArray<{ type: WebhookEventType; data: Record<string, unknown> }>,
  now: Date,
): Promise<void> {
  if (events.length === 0) return
  const at = now.toISOString()
  const rows = JSON.stringify(
    events.map(({ type, data }) => ({
      id: newId('webhookEvent'),
      type,
      payload: { type, timestamp: at, data },
    })),
  )
  await db.execute(sql`
    with event as (
      insert into webhook_events (id, type, payload, created_at)
      select given.id, given.type::webhook_event_type, given.payload, ${at}::timestamptz
      from jsonb_to_recordset(${rows}::jsonb) as given(id text, type text, payload jsonb)
      where exists (select 1 from webhook_endpoints where ${subscribedTo(sql`given.type::webhook_event_type`)})
      returning id, type
    )
    insert into webhook_deliveries (event_id, endpoint_id, status, next_attempt_at, created_at)
    select event.id, endpoint.id, 'pending', ${at}::timestamptz, ${at}::timestamptz
    from event join webhook_endpoints endpoint on ${subscribedTo(sql`event.type`)}`)
  wakeWebhookWorker()
}

/** `enqueueWebhooks` for one event. */
export const enqueueWebhook = (db: Database, type: WebhookEventType, data: Record<string, unknown>, now: Date) =>
  enqueueWebhooks(db, [{ type, data }], now)
