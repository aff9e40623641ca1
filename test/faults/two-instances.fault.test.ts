/**
 * Two app instances (two processes, two ports) on one database, as behind a load balancer (issue
 * 11, "two app instances"; security.md JWT-R3 and the revocation bound):
 * - a session revoked through A is refused by B's database-checked paths at once (token mint,
 *   the client's state); a JWT minted before the revocation still verifies on B's JWT-only API
 *   until it expires, within the documented bound (TOKEN_REVOCATION_DELAY_SECONDS, 65 s), which is
 *   checked from the token's own `exp` rather than waited out;
 * - rate limits and the lockout are counted once for both: failures alternating between A and B
 *   lock the account after `lockout.maxFailures` in all, and one address's sign-ins are limited in
 *   all;
 * - tokens minted by one verify on the other; both publish the same JWKS, also after key rotations
 *   made through A's admin console: a normal one publishes the new key at once while A keeps signing
 *   with the old key (security.md §4.1 step 1; the switch itself, 10 min later, is
 *   key-rotation.int.test.ts's, on an injected clock); an immediate one (the emergency path) makes A
 *   sign with the new key at once, and B learns it on the first token signed with it.
 */

import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { TOKEN_REVOCATION_DELAY_SECONDS } from '../../app/session/policy.ts'
import {
  type FaultServer,
  signInWithPassword,
  startFaultServer,
  tally,
  VirtualClient,
} from '../support/fault-server.ts'
import { checkInvariants } from '../support/invariants.ts'

const PASSWORD = 'two instances horse battery staple'
const run = promisify(execFile)

let a: FaultServer
let b: FaultServer

beforeAll(async () => {
  a = await startFaultServer('two')
  b = await a.another()
})

afterAll(async () => {
  await a?.stop()
})

async function mint(server: FaultServer, browser: VirtualClient, sessionId: string) {
  const answer = await browser.request(`/api/sessions/${sessionId}/tokens`, {
    method: 'POST',
    headers: { origin: server.publicUrl, 'sec-fetch-site': 'same-origin' },
    only: ['__client'],
  })
  return { status: answer.status, jwt: answer.status === 200 ? (answer.strings[0] ?? '') : '', strings: answer.strings }
}

async function me(server: FaultServer, jwt: string) {
  return (await fetch(`${server.baseUrl}/api/me`, { headers: { authorization: `Bearer ${jwt}` } })).status
}

const claims = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as { exp: number; sid: string }
const kidOf = (jwt: string) =>
  (JSON.parse(Buffer.from(jwt.split('.')[0] ?? '', 'base64url').toString()) as { kid: string }).kid

async function jwks(server: FaultServer): Promise<string[]> {
  const body = (await (await fetch(`${server.baseUrl}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }
  return body.keys.map((key) => key.kid).sort()
}

it('verifies on each instance the tokens minted by the other, with one JWKS, also after a rotation', async () => {
  await a.createUser('two-admin@example.com', PASSWORD)
  await run(path.resolve('node_modules/.bin/tsx'), ['scripts/admin.ts', 'grant', 'two-admin@example.com', 'owner'], {
    env: { ...process.env, DATABASE_URL: a.databaseUrl, LOG_LEVEL: 'silent' },
  })
  const onA = new VirtualClient(a.baseUrl, 1)
  const sessionId = await signInWithPassword(onA, 'two-admin@example.com', PASSWORD)
  const onB = onA.at(b)

  const fromA = await mint(a, onA, sessionId)
  const fromB = await mint(b, onB, sessionId)
  expect([fromA.status, fromB.status]).toEqual([200, 200])
  expect([await me(b, fromA.jwt), await me(a, fromB.jwt)]).toEqual([200, 200])
  const before = await jwks(a)
  expect(await jwks(b)).toEqual(before)

  // A normal rotation through A's admin console: the new key is published at once, but A keeps
  // signing with the old one until it has been published for SIGNING_KEY_PUBLISH_AHEAD_SECONDS.
  const published = await onA.serverFn('$rotateSigningKey', undefined)
  expect(published.status, published.strings.join(' ')).toBe(200)
  const jwksPublished = await jwks(a)
  const waitingKid = jwksPublished.find((kid) => !before.includes(kid)) ?? ''
  expect(published.strings).toContain(waitingKid)
  expect(jwksPublished).toEqual([...before, waitingKid].sort())
  const stillOld = await mint(a, onA, sessionId)
  expect(kidOf(stillOld.jwt)).toBe(kidOf(fromA.jwt))
  expect(await me(b, stillOld.jwt)).toBe(200)

  // The immediate rotation (emergency): A signs with the new key at once; B has never seen it.
  const rotated = await onA.serverFn('$rotateSigningKey', { immediate: true })
  expect(rotated.status, rotated.strings.join(' ')).toBe(200)
  const afterA = await mint(a, onA, sessionId)
  expect(rotated.strings).toContain(kidOf(afterA.jwt))
  expect(kidOf(afterA.jwt)).not.toBe(kidOf(fromA.jwt))
  // B verifies the new key's token (an unknown kid makes it re-read the keys), and the old key's.
  expect([await me(b, afterA.jwt), await me(b, fromA.jwt), await me(a, fromB.jwt)]).toEqual([200, 200, 200])
  const [jwksA, jwksB] = [await jwks(a), await jwks(b)]
  console.info(
    '[two instances] tokens and keys:',
    JSON.stringify({
      before,
      published: jwksPublished,
      afterImmediateRotation: { a: jwksA, b: jwksB },
      newKid: kidOf(afterA.jwt),
    }),
  )
  // The old key, the one published in advance (it never signed) and the new one: all in their overlap.
  expect(jwksA).toEqual([...before, waitingKid, kidOf(afterA.jwt)].sort())
  // B's JWKS catches up once B has re-read the keys (the unknown kid above made it do so).
  expect(jwksB).toEqual(jwksA)
})

it('refuses on B, at once, a session revoked through A; its last JWT lives no longer than the bound', async () => {
  const admin = new VirtualClient(a.baseUrl, 2)
  await signInWithPassword(admin, 'two-admin@example.com', PASSWORD)
  await a.createUser('two-user@example.com', PASSWORD)
  const user = new VirtualClient(a.baseUrl, 3)
  const sessionId = await signInWithPassword(user, 'two-user@example.com', PASSWORD)
  const userOnB = user.at(b)
  const jwt = (await mint(b, userOnB, sessionId)).jwt
  expect(await me(b, jwt)).toBe(200)

  const revoked = await admin.serverFn('$revokeSessionAsAdmin', { sessionId })
  expect(revoked.status, revoked.strings.join(' ')).toBe(200)
  const revokedAt = Date.now()

  // The database paths on B: no new token, and the client has no signed-in session left.
  const minted = await mint(b, userOnB, sessionId)
  const client = await userOnB.serverFn('$getClient', undefined, { method: 'GET', only: ['__client'] })
  const [row] = await a.sql`select status from sessions where id = ${sessionId}`
  // The JWT-only path on B honours the token until it expires: never past the documented bound.
  const jwtOnly = await me(b, jwt)
  const honouredForSeconds = claims(jwt).exp - revokedAt / 1000
  console.info(
    '[two instances] revocation:',
    JSON.stringify({
      mintOnB: minted.status,
      clientOnB: client.status,
      stillListedActiveOnB: client.strings.includes(sessionId) && client.strings.includes('active'),
      status: row?.status,
      jwtOnlyOnB: jwtOnly,
      jwtHonouredAtMostSeconds: Math.round(honouredForSeconds),
    }),
  )
  expect(row?.status).toBe('revoked')
  expect(minted.status).not.toBe(200)
  expect(minted.status).toBeLessThan(500)
  expect(client.status).toBe(200)
  expect(client.strings.includes(sessionId) && client.strings.includes('active')).toBe(false)
  expect(honouredForSeconds).toBeLessThanOrEqual(TOKEN_REVOCATION_DELAY_SECONDS)
})

it('counts failures and rate limits once for both instances', async () => {
  // Lockout: wrong passwords alternating between A and B (from different addresses).
  await a.createUser('two-locked@example.com', PASSWORD)
  const lockoutCodes: string[] = []
  for (let attempt = 0; attempt < 12; attempt++) {
    const server = attempt % 2 === 0 ? a : b
    const browser = new VirtualClient(a.baseUrl, 100 + attempt).at(server)
    const answer = await browser.serverFn('$createSignIn', {
      identifier: 'two-locked@example.com',
      password: 'not the password at all',
    })
    lockoutCodes.push(answer.strings.find((value) => /^[a-z]+(_[a-z]+)+$/.test(value)) ?? String(answer.status))
  }
  // The right password is refused too, on either instance, once locked.
  const right = await new VirtualClient(a.baseUrl, 150).at(b).serverFn('$createSignIn', {
    identifier: 'two-locked@example.com',
    password: PASSWORD,
  })
  const rightCode = right.strings.find((value) => /^[a-z]+(_[a-z]+)+$/.test(value))

  // Per-address rate limit: one address, password attempts on unknown identifiers, alternating instances.
  const rateCodes: string[] = []
  for (let attempt = 0; attempt < 34; attempt++) {
    const server = attempt % 2 === 0 ? a : b
    const answer = await new VirtualClient(a.baseUrl, 250).at(server).serverFn('$createSignIn', {
      identifier: `nobody-${attempt}@example.com`,
      password: 'not the password at all',
    })
    rateCodes.push(answer.strings.find((value) => /^[a-z]+(_[a-z]+)+$/.test(value)) ?? `${answer.status}`)
  }
  console.info(
    '[two instances] shared limits:',
    JSON.stringify({ lockout: tally(lockoutCodes), rightPasswordWhenLocked: rightCode, perAddress: tally(rateCodes) }),
  )
  const failuresBeforeLock = lockoutCodes.indexOf('user_locked')
  // README: ten failures in a row lock the account (the tenth is answered as locked), wherever they land.
  expect(failuresBeforeLock).toBe(9)
  expect(lockoutCodes.slice(0, failuresBeforeLock).every((code) => code === 'invalid_credentials')).toBe(true)
  expect(lockoutCodes.slice(failuresBeforeLock).every((code) => code === 'user_locked')).toBe(true)
  expect(rightCode).toBe('user_locked')
  // 30 a minute per address (SIGN_IN_ATTEMPTS_PER_IP), counted across both instances.
  expect(tally(rateCodes)).toEqual({ invalid_credentials: 30, rate_limited: 4 })
  expect(await checkInvariants(a.sql)).toEqual({})
})
