/**
 * Webhooks: the events an instance announces, and when a session's change becomes which event.
 * Delivery follows Standard Webhooks (https://www.standardwebhooks.com): `webhook-id`,
 * `webhook-timestamp` and `webhook-signature` headers, HMAC-SHA256 over `id.timestamp.body`.
 */

import { WEBHOOK_RETRY_DELAYS_SECONDS } from './policy.ts'
import type { SessionStatus } from './status.ts'

export const WEBHOOK_EVENT_TYPES = [
  'session.created',
  'session.pending',
  'session.active',
  'session.ended',
  'session.removed',
  'session.revoked',
  'user.created',
  'user.updated',
  'user.deleted',
] as const

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value)
}

/**
 * The event a move to each status announces. Timeouts and replacement end a session as surely as
 * `end()` does, so they are `session.ended` too; the payload's `status` says which.
 */
export const STATUS_WEBHOOK: Record<SessionStatus, WebhookEventType> = {
  active: 'session.active',
  pending: 'session.pending',
  ended: 'session.ended',
  expired: 'session.ended',
  abandoned: 'session.ended',
  replaced: 'session.ended',
  removed: 'session.removed',
  revoked: 'session.revoked',
}

export const WEBHOOK_DELIVERY_STATUSES = [
  /** Waiting for its next attempt (`nextAttemptAt`). */
  'pending',
  /** The receiver answered 2xx. */
  'succeeded',
  /** Every retry failed, or the endpoint was disabled; an admin may retry it. */
  'failed',
] as const

export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number]

/** Seconds to wait after failed attempt number `attempts` (1-based), or null when there are no retries left. */
export function retryDelaySeconds(attempts: number): number | null {
  return WEBHOOK_RETRY_DELAYS_SECONDS[attempts - 1] ?? null
}
