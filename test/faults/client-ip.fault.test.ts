/**
 * The client address comes only from trusted proxy hops (ASVS 15.3.4), end to end on the
 * production build: a client cannot pick its own rate-limit key by forging headers.
 * - With TRUSTED_PROXY_HOPS=0 (the default), X-Forwarded-For, X-Real-IP and Forwarded are ignored:
 *   34 password sign-ins, each with new spoofed values in all three, are limited exactly as one
 *   address is (30 answered, 4 `rate_limited`), and the only per-address counter is the socket's.
 * - With TRUSTED_PROXY_HOPS=1, the right-most X-Forwarded-For entry (what the trusted proxy
 *   appended) is the address: rotating the left-most, client-written entries changes nothing,
 *   while another right-most entry is another address with its own allowance.
 *
 * Needs the production build (`npm run test:faults` builds it) and a Postgres server: DATABASE_URL,
 * else postgres://postgres@127.0.0.1:5432/postgres. Not a fault as such, but it needs what the
 * fault tests have: a server of its own, with its own environment and database.
 */

import { afterEach, expect, it } from 'vitest'
import { SIGN_IN_ATTEMPTS_PER_IP } from '../../app/session/policy.ts'
import { encodePayload, sameOriginHeaders } from '../../e2e/support/server-fn.ts'
import { type FaultServer, startFaultServer, tally } from '../support/fault-server.ts'

const ATTEMPTS = SIGN_IN_ATTEMPTS_PER_IP + 4

let server: FaultServer | undefined

afterEach(async () => {
  await server?.stop()
  server = undefined
})

/** A password sign-in for an unknown identifier (counts against the address, never locks anyone). */
async function signInAttempt(target: FaultServer, attempt: number, headers: Record<string, string>): Promise<string> {
  const response = await fetch(`${target.baseUrl}/_serverFn/$createSignIn`, {
    method: 'POST',
    headers: { ...sameOriginHeaders(target.publicUrl), ...headers },
    body: await encodePayload({ identifier: `nobody-${attempt}@example.com`, password: 'not the password at all' }),
  })
  const text = await response.text()
  return /"(invalid_credentials|rate_limited)"/.exec(text)?.[1] ?? `${response.status}`
}

async function perAddressKeys(target: FaultServer): Promise<string[]> {
  const rows = await target.sql<{ key: string }[]>`
    select key from rate_limit_buckets where key like 'sign_in_ip:%' order by key`
  return rows.map((row) => row.key.slice('sign_in_ip:'.length))
}

it('with no trusted proxy, spoofed X-Forwarded-For, X-Real-IP and Forwarded do not change the key', async () => {
  server = await startFaultServer('client_ip0', { env: { TRUSTED_PROXY_HOPS: '0' } })
  const codes: string[] = []
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    codes.push(
      await signInAttempt(server, attempt, {
        'x-forwarded-for': `203.0.113.${attempt + 1}`,
        'x-real-ip': `198.51.100.${attempt + 1}`,
        forwarded: `for=192.0.2.${attempt + 1};proto=https`,
      }),
    )
  }
  console.info('[client ip] hops=0, spoofed headers:', JSON.stringify(tally(codes)))
  // The same as one address without any header (two-instances.fault.test.ts): 30, then limited.
  expect(tally(codes)).toEqual({ invalid_credentials: SIGN_IN_ATTEMPTS_PER_IP, rate_limited: 4 })
  expect(codes.indexOf('rate_limited')).toBe(SIGN_IN_ATTEMPTS_PER_IP)
  // One counter, the socket's loopback address; none of the spoofed values became a key.
  const keys = await perAddressKeys(server)
  expect(keys).toHaveLength(1)
  expect(keys[0]).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/)
  // And without any header, the same address is still limited.
  expect(await signInAttempt(server, ATTEMPTS, {})).toBe('rate_limited')
})

it('with one trusted proxy, the right-most X-Forwarded-For entry is the address, whatever is left of it', async () => {
  server = await startFaultServer('client_ip1', { env: { TRUSTED_PROXY_HOPS: '1' } })
  const codes: string[] = []
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // The client writes the left entries; the proxy appends the address it saw (10.1.1.1).
    codes.push(await signInAttempt(server, attempt, { 'x-forwarded-for': `203.0.113.${attempt + 1}, 10.1.1.1` }))
  }
  console.info('[client ip] hops=1, spoofed left-most entry:', JSON.stringify(tally(codes)))
  expect(tally(codes)).toEqual({ invalid_credentials: SIGN_IN_ATTEMPTS_PER_IP, rate_limited: 4 })
  // Even one the client makes look like another client's proxy-added address.
  expect(await signInAttempt(server, ATTEMPTS, { 'x-forwarded-for': '10.2.2.2, 10.1.1.1' })).toBe('rate_limited')
  // Another address as seen by the proxy has its own allowance.
  expect(await signInAttempt(server, ATTEMPTS + 1, { 'x-forwarded-for': '10.1.1.1, 10.2.2.2' })).toBe(
    'invalid_credentials',
  )
  expect(await perAddressKeys(server)).toEqual(['10.1.1.1', '10.2.2.2'])
})
