/**
 * Sending email and SMS. Email goes over SMTP when SMTP_URL is set (nodemailer), SMS to a webhook
 * when SMS_WEBHOOK_URL is set; otherwise both land in the outbox table, browsable at /dev/outbox
 * outside production.
 *
 * Sending never holds up the response: a request that sends a code answers as fast as one that
 * sends nothing (an unknown identifier), so response times do not reveal who has an account. A
 * failed send is logged (never with its text) and the user can ask again after the cooldown.
 */

import { createHmac } from 'node:crypto'
import { desc, eq } from 'drizzle-orm'
import { createTransport } from 'nodemailer'
import type { Database } from '../../db/client.ts'
import { outboxMessages } from '../../db/schema.ts'
import { getEnv } from './env.server.ts'
import { log } from './log.server.ts'
import type { OutgoingMessage } from './messages.server.ts'

export type Send = (message: OutgoingMessage) => Promise<void>

/** Queues a message for sending after the response; returns at once. */
export type Deliver = (message: OutgoingMessage) => void

const SMS_WEBHOOK_TIMEOUT_MS = 5000

export function outboxTransport(db: Database): Send {
  return async (message) => {
    await db.insert(outboxMessages).values({
      channel: message.channel,
      recipient: message.to,
      subject: message.channel === 'email' ? message.subject : null,
      body: message.text,
      createdAt: new Date(),
    })
  }
}

export function smtpTransport(url: string, from: string): Send {
  const transporter = createTransport(url)
  return async (message) => {
    if (message.channel !== 'email') throw new Error('the SMTP transport sends email only')
    await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.text })
  }
}

/**
 * POSTs `{ to, text }` to an SMS gateway bridge, signed like a Standard Webhook:
 * `X-Tessera-Signature: v1=<hex HMAC-SHA-256 of "<timestamp>.<body>">` with `X-Tessera-Timestamp`.
 */
export function smsWebhookTransport(url: string, secret: string): Send {
  return async (message) => {
    if (message.channel !== 'sms') throw new Error('the SMS webhook transport sends SMS only')
    const body = JSON.stringify({ to: message.to, text: message.text })
    const timestamp = String(Math.floor(Date.now() / 1000))
    const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-tessera-timestamp': timestamp,
        'x-tessera-signature': `v1=${signature}`,
      },
      body,
      signal: AbortSignal.timeout(SMS_WEBHOOK_TIMEOUT_MS),
    })
    if (!response.ok) throw new Error(`SMS webhook answered ${response.status}`)
  }
}

export interface Transports {
  email: Send
  sms: Send
}

/** The transports the environment configures, falling back to the outbox. */
export function configuredTransports(db: Database, appName: string): Transports {
  const env = getEnv()
  const outbox = outboxTransport(db)
  const host = env.appOrigin ? new URL(env.appOrigin).hostname : 'localhost'
  const from = env.EMAIL_FROM ?? `${appName} <no-reply@${host}>`
  return {
    email: env.SMTP_URL ? smtpTransport(env.SMTP_URL, from) : outbox,
    sms:
      env.SMS_WEBHOOK_URL && env.SMS_WEBHOOK_SECRET
        ? smsWebhookTransport(env.SMS_WEBHOOK_URL, env.SMS_WEBHOOK_SECRET)
        : outbox,
  }
}

const inFlight = new Set<Promise<void>>()

/** A `Deliver` over these transports: each message is sent in the background and tracked. */
export function backgroundDelivery(transports: Transports): Deliver {
  return (message) => {
    const sending = transports[message.channel](message)
      .then(() => log.info('delivery.sent', { channel: message.channel }))
      .catch((error: unknown) =>
        log.error('delivery.failed', {
          channel: message.channel,
          reason: error instanceof Error ? error.message : 'unknown',
        }),
      )
      .finally(() => inFlight.delete(sending))
    inFlight.add(sending)
  }
}

/** Resolves when every message queued so far has been sent or has failed (shutdown, tests). */
export async function settleDeliveries(): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight])
}

// ---------------------------------------------------------------------------------------------
// Reading the outbox (the development page, and the testing API)

/** The newest messages sent to a recipient through the outbox. */
export async function outboxFor(db: Database, recipient: string) {
  return db
    .select()
    .from(outboxMessages)
    .where(eq(outboxMessages.recipient, recipient))
    .orderBy(desc(outboxMessages.id))
    .limit(20)
}

export interface OutboxMessageJSON {
  id: number
  channel: 'email' | 'sms'
  recipient: string
  subject: string | null
  body: string
  createdAt: number
}

/** The newest outbox messages, for the development outbox page. */
export async function recentOutbox(db: Database, limit = 50): Promise<OutboxMessageJSON[]> {
  const rows = await db.select().from(outboxMessages).orderBy(desc(outboxMessages.id)).limit(limit)
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.getTime() }))
}
