import { describe, expect, it } from 'vitest'
import { adminCan } from './admin.ts'
import { WEBHOOK_RETRY_DELAYS_SECONDS, WEBHOOK_URL_MAX_LENGTH } from './policy.ts'
import { deliveryOutcome, isLoopbackHost, parseWebhookUrl, retryDelaySeconds } from './webhooks.ts'

const NOW = new Date('2026-03-01T09:00:00Z')
const secondsLater = (seconds: number) => new Date(NOW.getTime() + seconds * 1000)

describe('the retry schedule', () => {
  it('waits 5 s, 30 s, 2 min, 10 min, 30 min, 2 h, 5 h and 10 h after each failed attempt', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(retryDelaySeconds)).toEqual([5, 30, 120, 600, 1800, 7200, 18_000, 36_000])
    expect(retryDelaySeconds(9)).toBeNull()
  })

  it('gives up within a day, after 9 attempts', () => {
    const total = WEBHOOK_RETRY_DELAYS_SECONDS.reduce((sum, delay) => sum + delay, 0)
    expect(total).toBeLessThan(24 * 3600)
    expect(WEBHOOK_RETRY_DELAYS_SECONDS.length + 1).toBe(9)
  })

  it('schedules the next attempt from the failed one, and fails the delivery after the last', () => {
    expect(deliveryOutcome(1, false, NOW)).toEqual({ status: 'pending', nextAttemptAt: secondsLater(5) })
    expect(deliveryOutcome(8, false, NOW)).toEqual({ status: 'pending', nextAttemptAt: secondsLater(36_000) })
    expect(deliveryOutcome(9, false, NOW)).toEqual({ status: 'failed' })
    // A manual retry after the last is one more attempt, not a new schedule.
    expect(deliveryOutcome(10, false, NOW)).toEqual({ status: 'failed' })
  })

  it('delivers on success, whatever the attempt', () => {
    expect(deliveryOutcome(1, true, NOW)).toEqual({ status: 'succeeded' })
    expect(deliveryOutcome(10, true, NOW)).toEqual({ status: 'succeeded' })
  })
})

describe('webhook URLs', () => {
  const strict = { allowInsecure: false }
  const parse = (input: string, options = strict) => parseWebhookUrl(input, options)

  it('accepts absolute https URLs, canonical and without their fragment', () => {
    expect(parse('https://Example.com/hooks?x=1#frag')).toEqual({ url: 'https://example.com/hooks?x=1', problem: null })
    expect(parse('  https://example.com  ').url).toBe('https://example.com/')
  })

  it('accepts plain http only when allowed, or to a loopback address', () => {
    expect(parse('http://example.com/hooks').problem).toBe('insecure')
    expect(parse('http://example.com/hooks', { allowInsecure: true }).problem).toBeNull()
    for (const url of ['http://localhost:8080/', 'http://api.localhost/', 'http://127.0.0.1/', 'http://[::1]:9000/']) {
      expect(parse(url).problem, url).toBeNull()
    }
    expect(parse('http://127.0.0.1.example.com/').problem).toBe('insecure')
  })

  it('refuses relative URLs, other schemes, credentials and overlong URLs', () => {
    expect(parse('/hooks').problem).toBe('malformed')
    expect(parse('example.com/hooks').problem).toBe('malformed')
    expect(parse('ftp://example.com/').problem).toBe('scheme')
    expect(parse('javascript:alert(1)').problem).toBe('scheme')
    expect(parse('https://user:pass@example.com/').problem).toBe('credentials')
    expect(parse('https://token@example.com/').problem).toBe('credentials')
    expect(parse(`https://example.com/${'a'.repeat(WEBHOOK_URL_MAX_LENGTH)}`).problem).toBe('too_long')
  })

  it('knows loopback hosts as the URL parser writes them', () => {
    expect(isLoopbackHost(new URL('http://127.1/').hostname)).toBe(true)
    expect(isLoopbackHost(new URL('http://0x7f000001/').hostname)).toBe(true)
    expect(isLoopbackHost('10.0.0.1')).toBe(false)
    expect(isLoopbackHost('localhost.example.com')).toBe(false)
  })
})

// The webhook server functions name these permissions in requireAdmin (app/architecture.test.ts
// pins which); the middleware refuses whoever adminCan refuses.
describe('who may see and change webhooks', () => {
  it('lets every admin role see endpoints and deliveries', () => {
    for (const role of ['support', 'admin', 'owner']) expect(adminCan(role, 'admin:read'), role).toBe(true)
  })

  it('lets only admins and owners change endpoints or retry deliveries', () => {
    expect(adminCan('support', 'admin:manage_instance')).toBe(false)
    expect(adminCan('admin', 'admin:manage_instance')).toBe(true)
    expect(adminCan('owner', 'admin:manage_instance')).toBe(true)
  })

  it('fails closed for non-admins and unknown roles', () => {
    for (const role of [null, undefined, '', 'superuser', 'Owner']) {
      expect(adminCan(role, 'admin:read'), String(role)).toBe(false)
      expect(adminCan(role, 'admin:manage_instance'), String(role)).toBe(false)
    }
  })
})
