/**
 * Webhooks end to end on a real database, delivered over real HTTP to receivers on loopback, with
 * the clock driven by the test: what happens to sessions and users is announced exactly once per
 * endpoint even with two workers at once; the signature verifies; failures are retried on the
 * schedule and not before; a receiver that hangs times out without losing the event; a delivery
 * out of retries can be retried by hand; subscriptions and disabled endpoints are respected; and
 * an endpoint's secret is shown once and never stored in clear.
 *
 * Every test file shares the database, so other files' events reach these endpoints too while
 * they exist: assertions look only at this file's events, and endpoints are deleted after each test.
 */

import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { and, asc, eq } from 'drizzle-orm'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { sessionEvents, webhookDeliveries, webhookEndpoints, webhookEvents } from '../../db/schema.ts'
import { authFixtures, rejection } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import { WEBHOOK_RETRY_DELAYS_SECONDS } from '../session/policy.ts'
import type { WebhookEventType } from '../session/webhooks.ts'
import { addEmailAddress, deleteAccount } from './account.server.ts'
import type { AdminActor } from './admin.server.ts'
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  retryWebhookDelivery,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from './admin-webhooks.server.ts'
import { endSession, removeSession, revokeUserSession, signOut } from './sessions.server.ts'
import { deliverDueWebhooks, verifyWebhookSignature } from './webhooks.server.ts'

const { db } = await openTestDatabase()
const { context, signUp, signIn } = authFixtures(db)

// Later than any clock another test file sweeps with (2031, 2032) plus the retention, so no other
// test deletes this file's events while it runs.
const BASE = new Date('2035-01-01T00:00:00Z')
const at = (seconds: number) => new Date(BASE.getTime() + seconds * 1000)

interface Received {
  headers: IncomingHttpHeaders
  body: string
  id: string
  type: WebhookEventType
  data: { id: string; [key: string]: unknown }
}

type Answer = (request: Received, seen: number) => number | 'hang'

/** An HTTP receiver on a free loopback port that keeps every request and answers as `answer` says. */
async function startReceiver(initial: Answer = () => 204) {
  const received: Received[] = []
  let answer = initial
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const payload = JSON.parse(body) as { type: WebhookEventType; data: Received['data'] }
      const entry = { headers: request.headers, body, id: String(request.headers['webhook-id']), ...payload }
      received.push(entry)
      const status = answer(entry, received.filter((other) => other.id === entry.id).length)
      if (status === 'hang') return
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 300 ? 'receiver says no' : '')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    /** Requests about the object (session, user) with this id. */
    about: (id: string) => received.filter((request) => request.data.id === id),
    answerWith: (next: Answer) => {
      answer = next
    },
  }
}

/** An admin as the services see one (the server functions check the admin role; the ledger names them). */
async function anAdmin(): Promise<AdminActor> {
  const { session, userId } = await signUp({ now: BASE })
  return { id: userId, sessionId: session.id }
}

const admin = await anAdmin()
const made: string[] = []

async function endpointFor(url: string, eventTypes: WebhookEventType[] = [], now = BASE) {
  const created = await createWebhookEndpoint(context(now), admin, { url, description: 'test', eventTypes })
  made.push(created.endpoint.id)
  return created
}

afterEach(async () => {
  for (const id of made.splice(0)) await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id))
})

/** Runs worker passes at `now` until nothing due is left. */
async function drain(now: Date, options: { timeoutMs?: number } = {}) {
  for (let pass = 0; pass < 100; pass++) {
    if ((await deliverDueWebhooks(db, { now, ...options })).claimed === 0) return
  }
  throw new Error('deliveries kept coming due')
}

const deliveriesOf = async (endpointId: string, type: WebhookEventType, objectId: string) => {
  const rows = await db
    .select({ delivery: webhookDeliveries, payload: webhookEvents.payload })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookEvents.type, type)))
  return rows.filter((row) => (row.payload.data as { id?: string }).id === objectId).map((row) => row.delivery)
}

describe('delivering session and user events', () => {
  it('announces a sign-in and a sign-out (removal) once each, in order, signed, even with two workers', async () => {
    const receiver = await startReceiver()
    const { endpoint, secret } = await endpointFor(receiver.url)

    // Many events at once, so the two workers really do compete for them.
    const people = await Promise.all(Array.from({ length: 6 }, () => signUp({ now: at(1) })))
    await Promise.all([drain(at(2)), drain(at(2))])
    for (const person of people) {
      expect(receiver.about(person.userId).map((request) => request.type)).toEqual(['user.created'])
      expect(receiver.about(person.session.id).map((request) => request.type)).toEqual(['session.created'])
    }

    const [first] = people
    if (!first) throw new Error('no one signed up')
    await removeSession(context(at(3)), { clientId: first.clientId, sessionId: first.session.id })
    await Promise.all([drain(at(4)), drain(at(4))])
    const requests = receiver.about(first.session.id)
    expect(requests.map((request) => request.type)).toEqual(['session.created', 'session.removed'])
    expect(new Set(requests.map((request) => request.id)).size).toBe(2)

    const removed = requests[1]
    expect(removed?.data).toMatchObject({ object: 'session', user_id: first.userId, status: 'removed' })
    expect(removed?.headers['content-type']).toBe('application/json')
    expect(removed?.headers['webhook-id']).toMatch(/^msg_/)
    expect(removed?.headers['webhook-timestamp']).toBe(String(at(4).getTime() / 1000))
    expect(
      verifyWebhookSignature({ secret, headers: removed?.headers ?? {}, body: removed?.body ?? '', now: at(4) }),
    ).toBe(true)
    const [delivery] = await deliveriesOf(endpoint.id, 'session.removed', first.session.id)
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 1, lastStatusCode: 204, deliveredAt: at(4) })
  })

  it('announces every session of one change, each as its own event (signing out of a browser with two)', async () => {
    const receiver = await startReceiver()
    await endpointFor(receiver.url, ['session.removed'])
    const ada = await signUp({ now: at(5) })
    const grace = await signUp({ clientToken: ada.token, now: at(5) })
    await signOut(context(at(6)), { clientId: grace.clientId, sessionId: null })
    await drain(at(7))
    for (const session of [ada.session, grace.session]) {
      expect(receiver.about(session.id).map((request) => request.type)).toEqual(['session.removed'])
    }
    expect(new Set([ada, grace].map((person) => receiver.about(person.session.id)[0]?.id)).size).toBe(2)
  })

  it('announces session.end() as session.ended and a revocation as session.revoked', async () => {
    const receiver = await startReceiver()
    await endpointFor(receiver.url, ['session.ended', 'session.revoked'])
    const person = await signUp({ now: at(10) })
    const elsewhere = await signIn({ email: person.email, now: at(10) })
    await revokeUserSession(context(at(11)), {
      userId: person.userId,
      sessionId: elsewhere.session.id,
      currentSessionId: person.session.id,
    })
    await endSession(context(at(11)), { clientId: person.clientId, sessionId: person.session.id })
    await drain(at(12))
    expect(receiver.about(elsewhere.session.id).map((request) => request.type)).toEqual(['session.revoked'])
    expect(receiver.about(elsewhere.session.id)[0]?.data).toMatchObject({ reason: 'revoked_by_user' })
    expect(receiver.about(person.session.id).map((request) => request.type)).toEqual(['session.ended'])
    expect(receiver.about(person.session.id)[0]?.data).toMatchObject({ status: 'ended', reason: 'ended_by_user' })
  })

  it('announces a user made, changed and deleted, without secrets', async () => {
    const receiver = await startReceiver()
    await endpointFor(receiver.url, ['user.created', 'user.updated', 'user.deleted'])
    // Each step is delivered before the next, so they arrive in order.
    const person = await signUp({ now: at(20) })
    await drain(at(20))
    const acting = { id: person.session.id, userId: person.userId, clientId: person.clientId }
    await addEmailAddress(context(at(21)), acting, `second-${person.email}`)
    await drain(at(21))
    await deleteAccount(context(at(22)), acting)
    await drain(at(22))

    const requests = receiver.about(person.userId)
    expect(requests.map((request) => request.type)).toEqual(['user.created', 'user.updated', 'user.deleted'])
    expect(requests[0]?.data).toMatchObject({
      object: 'user',
      password_enabled: true,
      two_factor_enabled: false,
      email_addresses: [{ email_address: person.email, verified: true }],
    })
    expect(requests[1]?.data.email_addresses).toHaveLength(2)
    expect(requests[2]?.data).toEqual({ object: 'user', id: person.userId, deleted: true })
    for (const request of requests) expect(request.body).not.toMatch(/hash|argon|secret/i)
  })
})

describe('retries', () => {
  it('retries a failed attempt after the scheduled delay, not before, and logs every attempt', async () => {
    const receiver = await startReceiver((_request, seen) => (seen === 1 ? 500 : 200))
    const { endpoint } = await endpointFor(receiver.url, ['session.created'])
    const person = await signUp({ now: at(100) })

    await drain(at(100))
    expect(receiver.about(person.session.id)).toHaveLength(1)
    await drain(at(100 + (WEBHOOK_RETRY_DELAYS_SECONDS[0] - 1)))
    expect(receiver.about(person.session.id)).toHaveLength(1)
    await drain(at(100 + WEBHOOK_RETRY_DELAYS_SECONDS[0]))
    expect(receiver.about(person.session.id)).toHaveLength(2)
    const [first, second] = receiver.about(person.session.id)
    expect(second?.id).toBe(first?.id)
    expect(second?.body).toBe(first?.body)
    expect(Number(second?.headers['webhook-timestamp'])).toBe(Number(first?.headers['webhook-timestamp']) + 5)

    const { deliveries } = await listWebhookDeliveries(db, { endpointId: endpoint.id, status: 'succeeded' })
    const delivery = deliveries.find((candidate) => candidate.eventId === first?.id)
    expect(delivery).toMatchObject({ attempts: 2, lastStatusCode: 200, lastError: null, nextAttemptAt: null })
    expect(delivery?.attemptLog.map(({ statusCode, error }) => ({ statusCode, error }))).toEqual([
      { statusCode: 500, error: 'receiver says no' },
      { statusCode: 200, error: null },
    ])
  })

  it('records a receiver that does not answer in time as a failed attempt, and delivers later', async () => {
    const receiver = await startReceiver((_request, seen) => (seen === 1 ? 'hang' : 204))
    const { endpoint } = await endpointFor(receiver.url, ['session.created'])
    const person = await signUp({ now: at(200) })

    await drain(at(200), { timeoutMs: 300 })
    const [pending] = await deliveriesOf(endpoint.id, 'session.created', person.session.id)
    expect(pending).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatusCode: null,
      lastError: 'timed out after 300 ms',
      nextAttemptAt: at(205),
      lockedUntil: null,
    })
    await drain(at(205), { timeoutMs: 300 })
    const [delivered] = await deliveriesOf(endpoint.id, 'session.created', person.session.id)
    expect(delivered).toMatchObject({ status: 'succeeded', attempts: 2 })
    expect(receiver.about(person.session.id)).toHaveLength(2)
  })

  it('fails a delivery after its last retry; an admin’s retry sends it again, once', async () => {
    const receiver = await startReceiver(() => 503)
    const { endpoint } = await endpointFor(receiver.url, ['session.created'])
    const person = await signUp({ now: at(300) })

    let now = at(300)
    await drain(now)
    for (const delay of WEBHOOK_RETRY_DELAYS_SECONDS) {
      now = new Date(now.getTime() + delay * 1000)
      await drain(now)
    }
    const [failed] = await deliveriesOf(endpoint.id, 'session.created', person.session.id)
    expect(failed).toMatchObject({ status: 'failed', attempts: WEBHOOK_RETRY_DELAYS_SECONDS.length + 1 })
    expect(receiver.about(person.session.id)).toHaveLength(WEBHOOK_RETRY_DELAYS_SECONDS.length + 1)
    await drain(new Date(now.getTime() + 86_400_000))
    expect(receiver.about(person.session.id)).toHaveLength(WEBHOOK_RETRY_DELAYS_SECONDS.length + 1)

    receiver.answerWith(() => 204)
    const id = failed?.id ?? 0
    expect(await retryWebhookDelivery(context(now), admin, id)).toEqual({ retried: true })
    expect(await retryWebhookDelivery(context(now), admin, id)).toEqual({ retried: false })
    await drain(now)
    const [retried] = await deliveriesOf(endpoint.id, 'session.created', person.session.id)
    expect(retried).toMatchObject({ status: 'succeeded', attempts: WEBHOOK_RETRY_DELAYS_SECONDS.length + 2 })
    expect(await retryWebhookDelivery(context(now), admin, id)).toEqual({ retried: false })
    expect(await rejection(retryWebhookDelivery(context(now), admin, 2 ** 40))).toBe('webhook_delivery_not_found')

    const ledger = await db.select().from(sessionEvents).where(eq(sessionEvents.sessionId, admin.sessionId))
    expect(ledger.filter((row) => row.type === 'webhook_delivery_retried')).toHaveLength(1)
  })
})

describe('subscriptions', () => {
  it('sends an endpoint only the event types it subscribes to', async () => {
    const revocations = await startReceiver()
    await endpointFor(revocations.url, ['session.revoked'])
    const person = await signUp({ now: at(400) })
    const elsewhere = await signIn({ email: person.email, now: at(400) })
    await revokeUserSession(context(at(401)), {
      userId: person.userId,
      sessionId: elsewhere.session.id,
      currentSessionId: person.session.id,
    })
    await drain(at(402))
    expect(revocations.about(elsewhere.session.id).map((request) => request.type)).toEqual(['session.revoked'])
    expect(revocations.about(person.session.id)).toEqual([])
    expect(revocations.about(person.userId)).toEqual([])
    expect(new Set(revocations.received.map((request) => request.type))).toEqual(new Set(['session.revoked']))
  })

  it('sends a disabled endpoint nothing, and fails what was queued for it before', async () => {
    const receiver = await startReceiver()
    const { endpoint } = await endpointFor(receiver.url, ['session.created'])
    const before = await signUp({ now: at(500) })
    await updateWebhookEndpoint(context(at(500)), admin, endpoint.id, { enabled: false })
    const after = await signUp({ now: at(501) })
    await drain(at(502))

    expect(receiver.received).toEqual([])
    expect(await deliveriesOf(endpoint.id, 'session.created', after.session.id)).toEqual([])
    const [queued] = await deliveriesOf(endpoint.id, 'session.created', before.session.id)
    expect(queued).toMatchObject({ status: 'failed', attempts: 0, lastError: 'endpoint disabled' })
  })
})

describe('managing endpoints', () => {
  it('shows the secret once, stores it sealed, and signs with a rotated one from then on', async () => {
    const receiver = await startReceiver()
    const { endpoint, secret } = await endpointFor(receiver.url, ['session.created'])
    expect(secret).toMatch(/^whsec_/)
    expect(JSON.stringify(await listWebhookEndpoints(db))).not.toContain(secret.slice(6))
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id))
    expect(row?.secretEncrypted).not.toContain(secret.slice(6))

    const rotated = await rotateWebhookSecret(context(at(600)), admin, endpoint.id)
    expect(rotated.secret).not.toBe(secret)
    const person = await signUp({ now: at(600) })
    await drain(at(600))
    const [request] = receiver.about(person.session.id)
    const check = (key: string) =>
      verifyWebhookSignature({ secret: key, headers: request?.headers ?? {}, body: request?.body ?? '', now: at(600) })
    expect(check(rotated.secret)).toBe(true)
    expect(check(secret)).toBe(false)
  })

  it('checks URLs, names missing endpoints, and records every change in the ledger', async () => {
    const ctx = context(at(700))
    const refused = (url: string) =>
      createWebhookEndpoint(ctx, admin, { url, description: '', eventTypes: [] }).then(
        () => null,
        (error: { code: string; meta?: { reason?: string } }) => `${error.code}:${error.meta?.reason}`,
      )
    expect(await refused('https://user:pass@example.com/hooks')).toBe('webhook_url_invalid:credentials')
    expect(await refused('ftp://example.com/hooks')).toBe('webhook_url_invalid:scheme')
    expect(await refused('hooks')).toBe('webhook_url_invalid:malformed')

    const { endpoint } = await endpointFor('https://hooks.example.com/tessera?token=abc', ['user.created'], at(700))
    const updated = await updateWebhookEndpoint(ctx, admin, endpoint.id, {
      description: 'CRM sync',
      eventTypes: ['user.created', 'user.deleted', 'user.created'],
    })
    expect(updated).toMatchObject({ description: 'CRM sync', eventTypes: ['user.created', 'user.deleted'] })
    await deleteWebhookEndpoint(ctx, admin, endpoint.id)
    expect(await rejection(deleteWebhookEndpoint(ctx, admin, endpoint.id))).toBe('webhook_endpoint_not_found')
    expect(await rejection(updateWebhookEndpoint(ctx, admin, endpoint.id, { enabled: true }))).toBe(
      'webhook_endpoint_not_found',
    )
    expect(await rejection(rotateWebhookSecret(ctx, admin, endpoint.id))).toBe('webhook_endpoint_not_found')

    const ledger = await db
      .select()
      .from(sessionEvents)
      .where(and(eq(sessionEvents.sessionId, admin.sessionId), eq(sessionEvents.createdAt, at(700))))
      .orderBy(asc(sessionEvents.id))
    expect(ledger.map((row) => [row.type, row.detail])).toEqual([
      ['webhook_endpoint_added', `${endpoint.id} https://hooks.example.com`],
      ['webhook_endpoint_changed', `${endpoint.id} https://hooks.example.com: description, eventTypes`],
      ['webhook_endpoint_removed', `${endpoint.id} https://hooks.example.com`],
    ])
    for (const row of ledger) expect(row).toMatchObject({ actor: 'admin', actorUserId: admin.id, userId: null })
  })
})
