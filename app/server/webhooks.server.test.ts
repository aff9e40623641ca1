import { describe, expect, it } from 'vitest'
import { WEBHOOK_SECRET_BYTES, WEBHOOK_SIGNATURE_TOLERANCE_SECONDS } from '../session/policy.ts'
import { newWebhookSecret, signWebhook, verifyWebhookSignature } from './webhooks.server.ts'

// The Standard Webhooks specification's published test vector: matching it is what lets a receiver
// verify our deliveries with any of that specification's libraries.
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
}
const SIGNED_AT = new Date(VECTOR.timestamp * 1000)

const headers = (overrides: Record<string, string> = {}) => ({
  'webhook-id': VECTOR.id,
  'webhook-timestamp': String(VECTOR.timestamp),
  'webhook-signature': VECTOR.signature,
  ...overrides,
})

const verify = (input: Partial<Parameters<typeof verifyWebhookSignature>[0]> = {}) =>
  verifyWebhookSignature({ secret: VECTOR.secret, headers: headers(), body: VECTOR.body, now: SIGNED_AT, ...input })

describe('Standard Webhooks signatures', () => {
  it('reproduces the specification’s test vector', () => {
    expect(signWebhook(VECTOR.secret, VECTOR)).toBe(VECTOR.signature)
    expect(verify()).toBe(true)
  })

  it('verifies what it signs with a new secret, from fetch Headers as from node:http headers', () => {
    const secret = newWebhookSecret()
    const content = { id: 'msg_abc', timestamp: VECTOR.timestamp, body: '{"type":"session.created"}' }
    const signed = headers({ 'webhook-id': content.id, 'webhook-signature': signWebhook(secret, content) })
    expect(verify({ secret, headers: signed, body: content.body })).toBe(true)
    expect(verify({ secret, headers: new Headers(signed), body: content.body })).toBe(true)
  })

  it('makes secrets of whsec_ and 32 random bytes', () => {
    const secret = newWebhookSecret()
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/)
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(WEBHOOK_SECRET_BYTES)
    expect(newWebhookSecret()).not.toBe(secret)
  })

  it('refuses a tampered body, id, timestamp or signature, and another secret', () => {
    expect(verify({ body: '{"test": 2432232315}' })).toBe(false)
    expect(verify({ body: '{"test":2432232314}' })).toBe(false)
    expect(verify({ headers: headers({ 'webhook-id': 'msg_other' }) })).toBe(false)
    expect(verify({ headers: headers({ 'webhook-timestamp': String(VECTOR.timestamp + 1) }) })).toBe(false)
    expect(verify({ headers: headers({ 'webhook-signature': `${VECTOR.signature.slice(0, -2)}A=` }) })).toBe(false)
    expect(verify({ secret: newWebhookSecret() })).toBe(false)
  })

  it('refuses a timestamp more than the tolerance off, either way', () => {
    const tolerance = WEBHOOK_SIGNATURE_TOLERANCE_SECONDS * 1000
    expect(verify({ now: new Date(SIGNED_AT.getTime() + tolerance) })).toBe(true)
    expect(verify({ now: new Date(SIGNED_AT.getTime() + tolerance + 1000) })).toBe(false)
    expect(verify({ now: new Date(SIGNED_AT.getTime() - tolerance - 1000) })).toBe(false)
  })

  it('accepts any of several signatures (a rotation), and only v1 ones', () => {
    const other = signWebhook(newWebhookSecret(), VECTOR)
    expect(verify({ headers: headers({ 'webhook-signature': `${other} ${VECTOR.signature}` }) })).toBe(true)
    expect(verify({ headers: headers({ 'webhook-signature': VECTOR.signature.replace('v1,', 'v2,') }) })).toBe(false)
  })

  it('fails closed on missing or malformed headers and secrets', () => {
    expect(verify({ headers: {} })).toBe(false)
    expect(verify({ headers: headers({ 'webhook-signature': '' }) })).toBe(false)
    expect(verify({ headers: headers({ 'webhook-timestamp': '1614265330.5' }) })).toBe(false)
    expect(verify({ headers: headers({ 'webhook-timestamp': 'soon' }) })).toBe(false)
    expect(verify({ secret: 'whsec_' })).toBe(false)
    expect(verify({ secret: 'whsec_not base64!' })).toBe(false)
  })
})
