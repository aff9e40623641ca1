/**
 * Sending webhooks: Standard Webhooks signing (https://www.standardwebhooks.com), the delivery of
 * what the outbox holds, and the in-server worker that does it.
 *
 * Delivery is at least once. A pass claims due deliveries in one statement (a lease in
 * `locked_until`, rows another worker holds skipped), sends them in parallel, and records each
 * outcome with its attempt. A worker that dies mid-send leaves its lease to run out, and the
 * delivery is sent again: receivers deduplicate on `webhook-id`, the same on every attempt.
 */

import { createHmac, randomBytes } from 'node:crypto'
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents } from '../../db/schema.ts'
import {
  WEBHOOK_BATCH_SIZE,
  WEBHOOK_CONCURRENCY,
  WEBHOOK_LEASE_SECONDS,
  WEBHOOK_POLL_INTERVAL_SECONDS,
  WEBHOOK_RESPONSE_LOG_MAX_LENGTH,
  WEBHOOK_SECRET_BYTES,
  WEBHOOK_SIGNATURE_TOLERANCE_SECONDS,
  WEBHOOK_TIMEOUT_SECONDS,
  WEBHOOK_WAKE_DELAY_MS,
} from '../session/policy.ts'
import { deliveryOutcome } from '../session/webhooks.ts'
import { safeEqual } from './crypto.server.ts'
import { isForeignKeyViolation } from './db-errors.server.ts'
import { log } from './log.server.ts'
import { unseal } from './secret-box.server.ts'
import { onWebhookWake } from './webhook-wake.server.ts'

// ---------------------------------------------------------------------------------------------
// Signing

const SECRET_PREFIX = 'whsec_'

/** A new endpoint secret: `whsec_` and the base64 of WEBHOOK_SECRET_BYTES random bytes. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(WEBHOOK_SECRET_BYTES).toString('base64')}`
}

/** The HMAC key a secret stands for (the bytes after `whsec_`), or null when it is not base64. */
function secretKey(secret: string): Buffer | null {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return null
  const key = Buffer.from(encoded, 'base64')
  return key.length > 0 ? key : null
}

export interface SignedContent {
  /** The event id (`msg_…`): the `webhook-id` header. */
  id: string
  /** Unix seconds: the `webhook-timestamp` header. */
  timestamp: number
  /** The request body, byte for byte. */
  body: string
}

/** The `webhook-signature` header: `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`. */
export function signWebhook(secret: string, content: SignedContent): string {
  const key = secretKey(secret)
  if (!key) throw new Error('signWebhook: the secret is not base64')
  const mac = createHmac('sha256', key).update(`${content.id}.${content.timestamp}.${content.body}`).digest('base64')
  return `v1,${mac}`
}

/** Request headers as `fetch` (`Headers`) or `node:http` (`IncomingHttpHeaders`) give them. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>

function header(headers: WebhookHeaders, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name)
  const value = headers[name]
  return (Array.isArray(value) ? value[0] : value) ?? null
}

/**
 * What a receiver does with a delivery: true when one of the `v1` signatures in `webhook-signature`
 * is the secret's over this id, timestamp and body, compared in constant time, and the timestamp
 * is within WEBHOOK_SIGNATURE_TOLERANCE_SECONDS of `now` (an old, replayed request fails).
 */
export function verifyWebhookSignature(input: {
  secret: string
  headers: WebhookHeaders
  /** The raw body, exactly as received (not re-serialised JSON). */
  body: string
  now: Date
}): boolean {
  const id = header(input.headers, 'webhook-id')
  const timestamp = header(input.headers, 'webhook-timestamp')
  const signatures = header(input.headers, 'webhook-signature')
  if (!id || !timestamp || !signatures || !/^\d{1,12}$/.test(timestamp) || !secretKey(input.secret)) return false
  const seconds = Number(timestamp)
  if (Math.abs(input.now.getTime() / 1000 - seconds) > WEBHOOK_SIGNATURE_TOLERANCE_SECONDS) return false
  const expected = signWebhook(input.secret, { id, timestamp: seconds, body: input.body })
  // A header may carry several signatures (space-separated) while a secret is being rotated.
  let valid = false
  for (const candidate of signatures.split(' ')) {
    if (candidate.startsWith('v1,') && safeEqual(candidate, expected)) valid = true
  }
  return valid
}

// ---------------------------------------------------------------------------------------------
// Delivering

export interface DeliverOptions {
  /** The attempt time: the `webhook-timestamp`, and what retries are scheduled from. */
  now: Date
  fetch?: typeof fetch
  /** How long a receiver has to answer (default WEBHOOK_TIMEOUT_SECONDS). */
  timeoutMs?: number
  /** Deliveries claimed by this pass (default WEBHOOK_CONCURRENCY, one round of parallel sends). */
  limit?: number
}

export interface DeliveryReport {
  /** Deliveries this pass claimed. */
  claimed: number
  succeeded: number
  /** Failed this time, another attempt scheduled. */
  retrying: number
  /** Out of retries, or their endpoint was disabled. */
  failed: number
}

interface Claimed {
  id: number
  attempts: number
  eventId: string
  endpointId: string
  body: string
  url: string
  secretEncrypted: string
  enabled: boolean
}

interface AttemptResult {
  ok: boolean
  statusCode: number | null
  error: string | null
  durationMs: number
}

/** Postgres text cannot hold NUL, and the log keeps only the start of what a receiver said. */
const forLog = (text: string) => text.replaceAll('\u0000', '').slice(0, WEBHOOK_RESPONSE_LOG_MAX_LENGTH)

/** The start of a response body, read only as far as the log keeps it (a receiver may send gigabytes). */
async function bodyStart(response: Response): Promise<string> {
  if (!response.body) return ''
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  try {
    while (text.length < WEBHOOK_RESPONSE_LOG_MAX_LENGTH) {
      const { done, value } = await reader.read()
      if (done) break
      text += decoder.decode(value, { stream: true })
    }
  } finally {
    await reader.cancel().catch(() => {})
  }
  return text
}

/** A short reason for a request that got no answer: a timeout, or the socket error's code. */
function failureReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined
  if (typeof cause?.code === 'string') return cause.code
  if (typeof cause?.message === 'string') return cause.message
  return error instanceof Error ? error.message : String(error)
}

async function send(
  fetchImpl: typeof fetch,
  delivery: Claimed,
  secret: string,
  now: Date,
  timeoutMs: number,
): Promise<AttemptResult> {
  const timestamp = Math.floor(now.getTime() / 1000)
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  try {
    const response = await fetchImpl(delivery.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Tessera-Webhooks/1',
        'webhook-id': delivery.eventId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(secret, { id: delivery.eventId, timestamp, body: delivery.body }),
      },
      body: delivery.body,
      // A redirect could move a signed payload to a host nobody configured: it counts as a failure.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    })
    if (response.status >= 200 && response.status < 300) {
      await response.body?.cancel().catch(() => {})
      return { ok: true, statusCode: response.status, error: null, durationMs: elapsed() }
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => {})
      return { ok: false, statusCode: response.status, error: 'redirects are not followed', durationMs: elapsed() }
    }
    const text = await bodyStart(response).catch((error: unknown) => failureReason(error, timeoutMs))
    return { ok: false, statusCode: response.status, error: forLog(text) || null, durationMs: elapsed() }
  } catch (error) {
    return { ok: false, statusCode: null, error: forLog(failureReason(error, timeoutMs)), durationMs: elapsed() }
  }
}

/** Claims up to `limit` due deliveries for this pass, leased until `leaseUntil`, in one statement. */
async function claim(db: Database, now: Date, leaseUntil: Date, limit: number): Promise<Claimed[]> {
  const due = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.status, 'pending'),
        lte(webhookDeliveries.nextAttemptAt, now),
        or(isNull(webhookDeliveries.lockedUntil), lt(webhookDeliveries.lockedUntil, now)),
      ),
    )
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(limit)
    .for('update', { skipLocked: true })
  const claimed = await db
    .update(webhookDeliveries)
    .set({ lockedUntil: leaseUntil })
    .where(inArray(webhookDeliveries.id, due))
    .returning({ id: webhookDeliveries.id })
  if (claimed.length === 0) return []
  return db
    .select({
      id: webhookDeliveries.id,
      attempts: webhookDeliveries.attempts,
      eventId: webhookEvents.id,
      endpointId: webhookEndpoints.id,
      // The stored JSON as Postgres renders it: the same bytes on every attempt.
      body: sql<string>`${webhookEvents.payload}::text`,
      url: webhookEndpoints.url,
      secretEncrypted: webhookEndpoints.secretEncrypted,
      enabled: webhookEndpoints.enabled,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(
      inArray(
        webhookDeliveries.id,
        claimed.map((row) => row.id),
      ),
    )
}

/** The claim still held by this pass: another worker may have taken over after the lease ran out. */
const stillOurs = (delivery: Claimed, leaseUntil: Date) =>
  and(
    eq(webhookDeliveries.id, delivery.id),
    eq(webhookDeliveries.status, 'pending'),
    eq(webhookDeliveries.lockedUntil, leaseUntil),
  )

/** Records an attempt and what follows from it; returns the delivery's new status. */
async function record(
  db: Database,
  delivery: Claimed,
  result: AttemptResult,
  now: Date,
  leaseUntil: Date,
): Promise<'succeeded' | 'pending' | 'failed'> {
  const attempts = delivery.attempts + 1
  const outcome = deliveryOutcome(attempts, result.ok, now)
  try {
    await db.transaction(async (tx) => {
      await tx
        .update(webhookDeliveries)
        .set({
          status: outcome.status,
          attempts,
          lockedUntil: null,
          lastAttemptAt: now,
          lastStatusCode: result.statusCode,
          lastError: result.error,
          ...(outcome.status === 'pending' && { nextAttemptAt: outcome.nextAttemptAt }),
          ...(outcome.status === 'succeeded' && { deliveredAt: now }),
        })
        .where(stillOurs(delivery, leaseUntil))
      // The attempt happened whoever holds the delivery now, so it is logged either way.
      await tx.insert(webhookAttempts).values({
        deliveryId: delivery.id,
        attemptedAt: now,
        statusCode: result.statusCode,
        error: result.error,
        durationMs: result.durationMs,
      })
    })
  } catch (error) {
    // The endpoint (and with it the delivery) was deleted while the request was under way.
    if (!isForeignKeyViolation(error)) throw error
  }
  if (outcome.status === 'failed') {
    log.warn('webhooks.delivery_failed', { deliveryId: delivery.id, endpointId: delivery.endpointId, attempts })
  }
  return outcome.status
}

/** Runs `work` over `items`, at most `concurrency` at once; every item runs even when one fails. */
async function eachLimited<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0
  const errors: unknown[] = []
  const lane = async () => {
    for (let item = items[next++]; item !== undefined; item = items[next++]) {
      await work(item).catch((error: unknown) => errors.push(error))
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane))
  if (errors.length > 0) throw new AggregateError(errors, 'webhook deliveries could not be recorded')
}

/**
 * One pass of the worker: claims the deliveries due at `now` and sends them, at most
 * WEBHOOK_CONCURRENCY at a time, each POST with a timeout and no redirects followed. A 2xx answer
 * delivers; anything else schedules the next retry, or fails the delivery when none is left. A
 * delivery whose endpoint was disabled meanwhile fails without being sent. Every attempt is logged.
 */
export async function deliverDueWebhooks(db: Database, options: DeliverOptions): Promise<DeliveryReport> {
  const { now } = options
  const fetchImpl = options.fetch ?? fetch
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_SECONDS * 1000
  const limit = options.limit ?? WEBHOOK_CONCURRENCY
  // The lease outlasts every round of sends this claim needs, with room to record them.
  const rounds = Math.ceil(limit / WEBHOOK_CONCURRENCY)
  const leaseUntil = new Date(now.getTime() + rounds * Math.max(WEBHOOK_LEASE_SECONDS * 1000, 2 * timeoutMs))
  const claimed = await claim(db, now, leaseUntil, limit)
  const report: DeliveryReport = { claimed: claimed.length, succeeded: 0, retrying: 0, failed: 0 }

  await eachLimited(claimed, WEBHOOK_CONCURRENCY, async (delivery) => {
    if (!delivery.enabled) {
      await db
        .update(webhookDeliveries)
        .set({ status: 'failed', lockedUntil: null, lastError: 'endpoint disabled' })
        .where(stillOurs(delivery, leaseUntil))
      report.failed += 1
      return
    }
    const secret = await unseal(delivery.secretEncrypted, 'webhook-secret-encryption').catch(() => null)
    const result: AttemptResult = secret
      ? await send(fetchImpl, delivery, secret, now, timeoutMs)
      : // No given secret opens it (TESSERA_SECRET changed without TESSERA_SECRET_PREVIOUS, ADR 025): nothing can be signed until it is rotated.
        { ok: false, statusCode: null, error: 'endpoint secret unreadable: rotate it', durationMs: 0 }
    const status = await record(db, delivery, result, now, leaseUntil)
    if (status === 'succeeded') report.succeeded += 1
    else if (status === 'pending') report.retrying += 1
    else report.failed += 1
  })
  return report
}

// ---------------------------------------------------------------------------------------------
// The worker

export interface WebhookWorker {
  /** Stops polling and waits for the pass under way to finish. */
  stop: () => Promise<void>
}

/**
 * Sends due deliveries in the background: at once, then every WEBHOOK_POLL_INTERVAL_SECONDS, and
 * shortly after this process writes an event (`wakeWebhookWorker`). One pass runs at a time; a
 * wake-up during a pass runs another after it. Each wake-up sends at most WEBHOOK_BATCH_SIZE.
 */
export function startWebhookWorker(openDb: () => Promise<Database>): WebhookWorker {
  let stopped = false
  let running: Promise<void> | null = null
  let again = false
  let wakeTimer: ReturnType<typeof setTimeout> | null = null

  const drain = async () => {
    const db = await openDb()
    for (let sent = 0; !stopped && sent < WEBHOOK_BATCH_SIZE; ) {
      const report = await deliverDueWebhooks(db, { now: new Date() })
      sent += report.claimed
      if (report.claimed < WEBHOOK_CONCURRENCY) break
    }
  }

  const run = () => {
    if (stopped) return
    if (running) {
      again = true
      return
    }
    running = drain()
      .catch((error: unknown) => log.warn('webhooks.worker_failed', { error }))
      .finally(() => {
        running = null
        if (again) {
          again = false
          run()
        }
      })
  }

  const poll = setInterval(run, WEBHOOK_POLL_INTERVAL_SECONDS * 1000)
  poll.unref()
  const unsubscribe = onWebhookWake(() => {
    if (wakeTimer || stopped) return
    wakeTimer = setTimeout(() => {
      wakeTimer = null
      run()
    }, WEBHOOK_WAKE_DELAY_MS)
    wakeTimer.unref()
  })
  run()

  return {
    stop: async () => {
      stopped = true
      clearInterval(poll)
      if (wakeTimer) clearTimeout(wakeTimer)
      unsubscribe()
      await running
    },
  }
}
