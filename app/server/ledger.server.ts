/**
 * The ledger (the `session_events` table): one append-only record of what happened to sessions and
 * accounts, who did it — and, in an impersonated or agent session, on whose behalf — and from where.
 * Every writer goes through `appendLedger`, inside the transaction of the change it records, so a
 * change and its record commit together or not at all. Session lifecycle entries also become
 * webhook events in the same transaction (the outbox: nothing is announced that did not happen,
 * and nothing that happened goes unannounced).
 */

import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { sessionEvents } from '../../db/schema.ts'
import type { SessionEventActor, SessionEventType } from '../session/events.ts'
import type { SessionStatus, TransitionReason } from '../session/status.ts'
import { STATUS_WEBHOOK, type WebhookEventType } from '../session/webhooks.ts'
import type { ActorJSON } from '../session/wire.ts'
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

/** The impersonator or agent behind a session, for `LedgerEntry.impersonatorId`. */
export const impersonatorOf = (session: { actor: ActorJSON | null }): string | null => session.actor?.sub ?? null

/** `session.created` for a new session, or the event a status change announces. */
export async function announceSession(
  db: Database,
  type: 'created' | 'status_changed',
  session: SessionWebhookData,
  now: Date,
): Promise<void> {
  const event = type === 'created' ? 'session.created' : STATUS_WEBHOOK[session.status]
  await enqueueWebhook(
    db,
    event,
    {
      object: 'session',
      id: session.id,
      user_id: session.userId,
      client_id: session.clientId,
      status: session.status,
      actor: session.actor,
      ...(session.reason !== undefined && { reason: session.reason }),
    },
    now,
  )
}

/**
 * Writes a webhook event and one pending delivery per enabled endpoint that subscribes to it, in
 * one statement; with no such endpoint it writes nothing (an instance without webhooks pays one
 * index-less scan of an empty table). Then wakes this process's webhook worker, which waits a
 * moment for the caller's transaction to commit (WEBHOOK_WAKE_DELAY_MS).
 */
export async function enqueueWebhook(
  db: Database,
  type: WebhookEventType,
  data: Record<string, unknown>,
  now: Date,
): Promise<void> {
  const id = newId('webhookEvent')
  const payload = JSON.stringify({ type, timestamp: now.toISOString(), data })
  const at = now.toISOString()
  const subscribed = sql`enabled and (cardinality(event_types) = 0 or ${type}::webhook_event_type = any(event_types))`
  await db.execute(sql`
    with event as (
      insert into webhook_events (id, type, payload, created_at)
      select ${id}, ${type}::webhook_event_type, ${payload}::jsonb, ${at}::timestamptz
      where exists (select 1 from webhook_endpoints where ${subscribed})
      returning id
    )
    insert into webhook_deliveries (event_id, endpoint_id, status, next_attempt_at, created_at)
    select event.id, endpoint.id, 'pending', ${at}::timestamptz, ${at}::timestamptz
    from event, webhook_endpoints endpoint
    where ${subscribed}`)
  wakeWebhookWorker()
}
