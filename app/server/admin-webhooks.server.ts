/**
 * Webhook endpoints and the delivery log, for the admin console. The server functions check the
 * admin's permission (`requireAdmin`); every change is written to the ledger in its own
 * transaction, naming the admin, their session and where they came from.
 *
 * An endpoint's secret is shown once, when it is made or rotated, and stored sealed
 * (secret-box.server.ts); nothing here returns it again.
 */

import { and, asc, desc, eq, inArray, lt, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents } from '../../db/schema.ts'
import { TesseraError } from '../session/errors.ts'
import type { SessionEventType } from '../session/events.ts'
import { ADMIN_PAGE_SIZE } from '../session/policy.ts'
import {
  parseWebhookUrl,
  type WebhookAttemptJSON,
  type WebhookDeliveryJSON,
  type WebhookDeliveryStatus,
  type WebhookEndpointJSON,
  type WebhookEventType,
} from '../session/webhooks.ts'
import { type AdminActor, adminLedgerEntry } from './admin.server.ts'
import { newId } from './crypto.server.ts'
import { getEnv } from './env.server.ts'
import { appendLedger } from './ledger.server.ts'
import { seal } from './secret-box.server.ts'
import type { ServiceContext } from './service-context.server.ts'
import { wakeWebhookWorker } from './webhook-wake.server.ts'
import { newWebhookSecret } from './webhooks.server.ts'

type EndpointRow = Omit<typeof webhookEndpoints.$inferSelect, 'secretEncrypted'>

function toEndpointJSON(row: EndpointRow): WebhookEndpointJSON {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    enabled: row.enabled,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  }
}

/** Everything but the secret. */
const endpointColumns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  eventTypes: webhookEndpoints.eventTypes,
  enabled: webhookEndpoints.enabled,
  createdAt: webhookEndpoints.createdAt,
  updatedAt: webhookEndpoints.updatedAt,
}

/** The URL as stored, or `webhook_url_invalid` naming the rule it broke (app/session/webhooks.ts). */
function checkedUrl(input: string): string {
  const parsed = parseWebhookUrl(input, { allowInsecure: getEnv().NODE_ENV !== 'production' })
  if (parsed.problem !== null) throw new TesseraError('webhook_url_invalid', { meta: { reason: parsed.problem } })
  return parsed.url
}

/** An endpoint as the ledger names it: its id and origin (a URL's path or query may carry a token). */
const ledgerName = (endpoint: { id: string; url: string }) => `${endpoint.id} ${new URL(endpoint.url).origin}`

/** The action's ledger row, in its transaction. */
async function recordAdminAction(
  ctx: ServiceContext,
  tx: Database,
  admin: AdminActor,
  type: Extract<SessionEventType, `webhook_${string}`>,
  detail: string,
): Promise<void> {
  await appendLedger(tx, [adminLedgerEntry(ctx, admin, type, null, detail)], ctx.now)
}

/** Sealed for storage: only the worker reads it back, to sign. */
const sealSecret = (secret: string) => seal(secret, 'webhook-secret-encryption')

// ---------------------------------------------------------------------------------------------
// Endpoints

export interface WebhookEndpointInput {
  url: string
  description: string
  /** Empty: every event type, including ones added later. */
  eventTypes: readonly WebhookEventType[]
}

/** Adds an endpoint (enabled). Returns its secret: the only time it is shown. */
export async function createWebhookEndpoint(
  ctx: ServiceContext,
  admin: AdminActor,
  input: WebhookEndpointInput,
): Promise<{ endpoint: WebhookEndpointJSON; secret: string }> {
  const url = checkedUrl(input.url)
  const secret = newWebhookSecret()
  const secretEncrypted = await sealSecret(secret)
  const row = await ctx.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(webhookEndpoints)
      .values({
        id: newId('webhookEndpoint'),
        url,
        description: input.description,
        secretEncrypted,
        eventTypes: [...new Set(input.eventTypes)],
        enabled: true,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning(endpointColumns)
    if (!inserted) throw new Error('insert into webhook_endpoints returned no row')
    await recordAdminAction(ctx, tx, admin, 'webhook_endpoint_added', ledgerName(inserted))
    return inserted
  })
  return { endpoint: toEndpointJSON(row), secret }
}

/**
 * Changes an endpoint. Deliveries already queued go to the new URL; disabling it fails the ones
 * still pending when they come due (an admin can retry them after enabling it again).
 */
export async function updateWebhookEndpoint(
  ctx: ServiceContext,
  admin: AdminActor,
  endpointId: string,
  changes: Partial<WebhookEndpointInput> & { enabled?: boolean },
): Promise<WebhookEndpointJSON> {
  const set = {
    ...(changes.url !== undefined && { url: checkedUrl(changes.url) }),
    ...(changes.description !== undefined && { description: changes.description }),
    ...(changes.eventTypes !== undefined && { eventTypes: [...new Set(changes.eventTypes)] }),
    ...(changes.enabled !== undefined && { enabled: changes.enabled }),
  }
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ ...set, updatedAt: ctx.now })
      .where(eq(webhookEndpoints.id, endpointId))
      .returning(endpointColumns)
    if (!row) throw new TesseraError('webhook_endpoint_not_found')
    const changed = Object.keys(set).map((field) =>
      field === 'enabled' ? (row.enabled ? 'enabled' : 'disabled') : field,
    )
    await recordAdminAction(ctx, tx, admin, 'webhook_endpoint_changed', `${ledgerName(row)}: ${changed.join(', ')}`)
    return toEndpointJSON(row)
  })
}

/** Deletes an endpoint with its deliveries and their log; events stay for other endpoints. */
export async function deleteWebhookEndpoint(ctx: ServiceContext, admin: AdminActor, endpointId: string) {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(webhookEndpoints)
      .where(eq(webhookEndpoints.id, endpointId))
      .returning({ id: webhookEndpoints.id, url: webhookEndpoints.url })
    if (!row) throw new TesseraError('webhook_endpoint_not_found')
    await recordAdminAction(ctx, tx, admin, 'webhook_endpoint_removed', ledgerName(row))
  })
}

/**
 * Replaces an endpoint's secret; every attempt from now on, retries included, is signed with the
 * new one. Returns it: the only time it is shown.
 */
export async function rotateWebhookSecret(
  ctx: ServiceContext,
  admin: AdminActor,
  endpointId: string,
): Promise<{ secret: string }> {
  const secret = newWebhookSecret()
  const secretEncrypted = await sealSecret(secret)
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ secretEncrypted, updatedAt: ctx.now })
      .where(eq(webhookEndpoints.id, endpointId))
      .returning({ id: webhookEndpoints.id, url: webhookEndpoints.url })
    if (!row) throw new TesseraError('webhook_endpoint_not_found')
    await recordAdminAction(ctx, tx, admin, 'webhook_endpoint_changed', `${ledgerName(row)}: secret rotated`)
  })
  return { secret }
}

/** Every endpoint, oldest first, without secrets. */
export async function listWebhookEndpoints(db: Database): Promise<WebhookEndpointJSON[]> {
  const rows = await db.select(endpointColumns).from(webhookEndpoints).orderBy(asc(webhookEndpoints.createdAt))
  return rows.map(toEndpointJSON)
}

// ---------------------------------------------------------------------------------------------
// Deliveries

export interface DeliveryFilter {
  endpointId?: string | undefined
  status?: WebhookDeliveryStatus | undefined
  /** The page after the one that ended with this delivery id. */
  before?: number | undefined
}

/** Deliveries newest first, ADMIN_PAGE_SIZE at a time, each with its attempts; `nextBefore` pages on. */
export async function listWebhookDeliveries(
  db: Database,
  filter: DeliveryFilter,
): Promise<{ deliveries: WebhookDeliveryJSON[]; nextBefore: number | null }> {
  const conditions: SQL[] = []
  if (filter.endpointId) conditions.push(eq(webhookDeliveries.endpointId, filter.endpointId))
  if (filter.status) conditions.push(eq(webhookDeliveries.status, filter.status))
  if (filter.before !== undefined) conditions.push(lt(webhookDeliveries.id, filter.before))
  const rows = await db
    .select({
      delivery: webhookDeliveries,
      eventType: webhookEvents.type,
      endpointUrl: webhookEndpoints.url,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(and(...conditions))
    .orderBy(desc(webhookDeliveries.id))
    .limit(ADMIN_PAGE_SIZE + 1)
  const page = rows.slice(0, ADMIN_PAGE_SIZE)
  const attempts =
    page.length === 0
      ? []
      : await db
          .select()
          .from(webhookAttempts)
          .where(
            inArray(
              webhookAttempts.deliveryId,
              page.map((row) => row.delivery.id),
            ),
          )
          .orderBy(asc(webhookAttempts.attemptedAt), asc(webhookAttempts.id))
  const logs = new Map<number, WebhookAttemptJSON[]>()
  for (const attempt of attempts) {
    const log = logs.get(attempt.deliveryId) ?? []
    log.push({
      id: attempt.id,
      attemptedAt: attempt.attemptedAt.getTime(),
      statusCode: attempt.statusCode,
      error: attempt.error,
      durationMs: attempt.durationMs,
    })
    logs.set(attempt.deliveryId, log)
  }
  const deliveries = page.map(({ delivery, eventType, endpointUrl }) => ({
    id: delivery.id,
    eventId: delivery.eventId,
    eventType,
    endpointId: delivery.endpointId,
    endpointUrl,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.status === 'pending' ? delivery.nextAttemptAt.getTime() : null,
    lastAttemptAt: delivery.lastAttemptAt?.getTime() ?? null,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    deliveredAt: delivery.deliveredAt?.getTime() ?? null,
    createdAt: delivery.createdAt.getTime(),
    attemptLog: logs.get(delivery.id) ?? [],
  }))
  return { deliveries, nextBefore: rows.length > ADMIN_PAGE_SIZE ? (page.at(-1)?.delivery.id ?? null) : null }
}

/**
 * Sends a failed delivery again, now: one more attempt (failing again fails it again; the schedule
 * does not restart). A delivery that is not failed is left alone (`retried: false`): a second click
 * on Retry is not an error.
 */
export async function retryWebhookDelivery(
  ctx: ServiceContext,
  admin: AdminActor,
  deliveryId: number,
): Promise<{ retried: boolean }> {
  const retried = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookDeliveries)
      .set({ status: 'pending', nextAttemptAt: ctx.now, lockedUntil: null })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, 'failed')))
      .returning({ eventId: webhookDeliveries.eventId, endpointId: webhookDeliveries.endpointId })
    if (!row) {
      const [exists] = await tx
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.id, deliveryId))
      if (!exists) throw new TesseraError('webhook_delivery_not_found')
      return false
    }
    await recordAdminAction(
      ctx,
      tx,
      admin,
      'webhook_delivery_retried',
      `delivery ${deliveryId}: ${row.eventId} to ${row.endpointId}`,
    )
    return true
  })
  if (retried) wakeWebhookWorker()
  return { retried }
}
