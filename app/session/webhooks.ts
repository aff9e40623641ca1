/**
 * Webhooks: the events an instance announces, and when a session's change becomes which event.
 * Delivery follows Standard Webhooks (https://www.standardwebhooks.com): `webhook-id`,
 * `webhook-timestamp` and `webhook-signature` headers, HMAC-SHA256 over `id.timestamp.body`.
 */

import { WEBHOOK_RETRY_DELAYS_SECONDS, WEBHOOK_URL_MAX_LENGTH } from './policy.ts'
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

/** A delivery's state after an attempt: delivered, due again later, or out of retries. */
export type DeliveryOutcome =
  | { status: 'succeeded' }
  | { status: 'pending'; nextAttemptAt: Date }
  | { status: 'failed' }

/** What becomes of a delivery whose attempt number `attempts` (1-based, this one included) ended at `now`. */
export function deliveryOutcome(attempts: number, succeeded: boolean, now: Date): DeliveryOutcome {
  if (succeeded) return { status: 'succeeded' }
  const delay = retryDelaySeconds(attempts)
  return delay === null
    ? { status: 'failed' }
    : { status: 'pending', nextAttemptAt: new Date(now.getTime() + delay * 1000) }
}

export type WebhookUrlProblem = 'malformed' | 'too_long' | 'scheme' | 'credentials' | 'insecure'

/** `localhost`, `*.localhost`, 127.0.0.0/8 and ::1: a plain-http hop that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  )
}

/**
 * Where deliveries may go: an absolute http(s) URL without credentials (they would sit in the
 * database and the delivery log in clear), canonicalised, without its fragment (never sent). Plain
 * http is accepted only with `allowInsecure` (development and tests) or to a loopback address: the
 * payload names users and sessions, and the signature proves origin, not confidentiality.
 */
export function parseWebhookUrl(
  input: string,
  options: { allowInsecure: boolean },
): { url: string; problem: null } | { url: null; problem: WebhookUrlProblem } {
  const refuse = (problem: WebhookUrlProblem) => ({ url: null, problem }) as const
  if (input.length > WEBHOOK_URL_MAX_LENGTH) return refuse('too_long')
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    return refuse('malformed')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse('scheme')
  if (url.username !== '' || url.password !== '') return refuse('credentials')
  if (url.protocol === 'http:' && !options.allowInsecure && !isLoopbackHost(url.hostname)) return refuse('insecure')
  url.hash = ''
  return url.href.length > WEBHOOK_URL_MAX_LENGTH ? refuse('too_long') : { url: url.href, problem: null }
}

// ---------------------------------------------------------------------------------------------
// What the admin console shows (never an endpoint's secret)

export interface WebhookEndpointJSON {
  id: string
  url: string
  description: string
  /** The event types it receives; empty: all of them. */
  eventTypes: WebhookEventType[]
  enabled: boolean
  createdAt: number
  updatedAt: number
}

export interface WebhookAttemptJSON {
  id: number
  attemptedAt: number
  /** The receiver's HTTP status, or null when it never answered. */
  statusCode: number | null
  error: string | null
  durationMs: number
}

export interface WebhookDeliveryJSON {
  id: number
  eventId: string
  eventType: WebhookEventType
  endpointId: string
  endpointUrl: string
  status: WebhookDeliveryStatus
  attempts: number
  /** When the next attempt is due; null unless pending. */
  nextAttemptAt: number | null
  lastAttemptAt: number | null
  lastStatusCode: number | null
  lastError: string | null
  deliveredAt: number | null
  createdAt: number
  /** Every attempt, oldest first. */
  attemptLog: WebhookAttemptJSON[]
}
