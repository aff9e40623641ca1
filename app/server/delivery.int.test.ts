/**
 * Delivery through real transports on loopback: an SMTP server (smtp-server) receiving what
 * nodemailer sends, the outbox table, and an HTTP receiver for the SMS webhook checking its
 * signature. A sign-in code must arrive and work; a transport that is down must not break the
 * request that sent the code.
 */

import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, describe, expect, it } from 'vitest'
import { authFixtures, T0 } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import {
  backgroundDelivery,
  outboxFor,
  outboxTransport,
  settleDeliveries,
  smsWebhookTransport,
  smtpTransport,
  type Transports,
} from './delivery.server.ts'
import type { ServiceContext } from './service-context.server.ts'
import { attemptFirstFactor, createSignIn, prepareFirstFactor } from './sign-in.server.ts'

const { db } = await openTestDatabase()
const { context, createAccount } = authFixtures(db)

interface ReceivedMail {
  from: string
  to: string[]
  raw: string
}

/** An SMTP server on a free loopback port that keeps every message it receives. */
async function startSmtpServer() {
  const received: ReceivedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return { url: `smtp://127.0.0.1:${port}`, received }
}

const withTransports = (ctx: ServiceContext, transports: Transports): ServiceContext => ({
  ...ctx,
  deliver: backgroundDelivery(transports),
})

describe('email over SMTP', () => {
  it('delivers a sign-in code through nodemailer to a real SMTP server, and the code signs in', async () => {
    const smtp = await startSmtpServer()
    const send = smtpTransport(smtp.url, 'Tessera <no-reply@localhost>')
    const ctx = withTransports(context(), { email: send, sms: outboxTransport(db) })
    const { email } = await createAccount()
    const { token } = await createSignIn(ctx, { identifier: email }, { signIn: null, client: null })
    await prepareFirstFactor(ctx, token, { strategy: 'email_code' })
    await settleDeliveries()

    const [mail] = smtp.received
    expect(mail).toMatchObject({ from: 'no-reply@localhost', to: [email] })
    expect(mail?.raw).toMatch(/Subject: \d{6} is your Tessera sign-in code/)
    const code = mail?.raw.match(/^ {4}(\d{6})\r?$/m)?.[1] ?? ''
    const step = await attemptFirstFactor(ctx, token, { strategy: 'email_code', code }, null)
    expect(step.signedIn?.session.status).toBe('active')
  })

  it('does not fail the request when the SMTP server is down (the send fails in the background)', async () => {
    const down = smtpTransport('smtp://127.0.0.1:1', 'Tessera <no-reply@localhost>')
    const ctx = withTransports(context(), { email: down, sms: outboxTransport(db) })
    const { email } = await createAccount()
    const { token } = await createSignIn(ctx, { identifier: email }, { signIn: null, client: null })
    const prepared = await prepareFirstFactor(ctx, token, { strategy: 'email_code' })
    expect(prepared.firstFactorVerification?.status).toBe('unverified')
    await settleDeliveries()
  })
})

describe('the outbox', () => {
  it('stores email and SMS for development (and the testing API reads it)', async () => {
    const ctx = withTransports(context(T0), { email: outboxTransport(db), sms: outboxTransport(db) })
    const phone = '+15550001111'
    const { email } = await createAccount({ phoneNumber: phone })
    for (const [identifier, strategy] of [
      [email, 'email_code'],
      [phone, 'phone_code'],
    ] as const) {
      const { token } = await createSignIn(ctx, { identifier }, { signIn: null, client: null })
      await prepareFirstFactor(ctx, token, { strategy })
    }
    await settleDeliveries()
    expect(await outboxFor(db, email)).toMatchObject([
      { channel: 'email', subject: expect.stringMatching(/sign-in code$/) },
    ])
    expect(await outboxFor(db, phone)).toMatchObject([
      { channel: 'sms', subject: null, body: expect.stringMatching(/^\d{6} is your/) },
    ])
  })
})

describe('SMS over a webhook', () => {
  it('POSTs the message as JSON, signed so the receiver can tell it came from us', async () => {
    const secret = 'a-webhook-secret-of-at-least-32-characters'
    const requests: Array<{ headers: IncomingMessage['headers']; body: string }> = []
    const receiver = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8')
      })
      request.on('end', () => {
        requests.push({ headers: request.headers, body })
        response.writeHead(204).end()
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    const { port } = receiver.address() as AddressInfo
    try {
      const send = smsWebhookTransport(`http://127.0.0.1:${port}/sms`, secret)
      await send({ channel: 'sms', to: '+15550002222', text: '123456 is your code' })
      const [request] = requests
      expect(JSON.parse(request?.body ?? '{}')).toEqual({ to: '+15550002222', text: '123456 is your code' })
      const timestamp = String(request?.headers['x-tessera-timestamp'])
      const expected = createHmac('sha256', secret).update(`${timestamp}.${request?.body}`).digest('hex')
      expect(request?.headers['x-tessera-signature']).toBe(`v1=${expected}`)
    } finally {
      receiver.close()
    }
  })

  it('treats a receiver error as a failed send', async () => {
    const receiver = createServer((_, response) => response.writeHead(500).end())
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    const { port } = receiver.address() as AddressInfo
    try {
      const send = smsWebhookTransport(`http://127.0.0.1:${port}/sms`, 'x'.repeat(32))
      await expect(send({ channel: 'sms', to: '+15550003333', text: 'hi' })).rejects.toThrow('SMS webhook answered 500')
    } finally {
      receiver.close()
    }
  })
})
