/**
 * Signing-key rotation timing (security.md §4.1, JWT-R1, JWT-R2, JWT-R4), on a real database with an
 * injected clock. Guards: a token naming an unknown `kid` makes a server re-read the keys at most
 * once per SIGNING_KEYS_UNKNOWN_KID_COOLDOWN_SECONDS (a flood of made-up kids costs one read), while
 * a genuine new key is still found with one read once the cooldown has passed; a rotation publishes
 * the new key at once but every server keeps signing with the old one until the new key's
 * `signsFrom`, then switches by its own clock with no further command; the old key's tokens verify
 * through the overlap; an emergency (`rotate --now`, `revoke`) switches at once.
 *
 * Two servers are two Database objects on one database: each keeps its own keys in memory.
 */

import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Database, DatabaseHandle } from '../../db/client.ts'
import * as schema from '../../db/schema.ts'
import { authFixtures, rejection } from '../../test/support/auth-fixtures.ts'
import { openIsolatedDatabase } from '../../test/support/database.ts'
import { resolveConfig } from '../config/instance.ts'
import {
  KEY_RETIREMENT_OVERLAP_SECONDS,
  SESSION_TOKEN_LIFETIME_SECONDS,
  SIGNING_KEY_PUBLISH_AHEAD_SECONDS,
  SIGNING_KEYS_UNKNOWN_KID_COOLDOWN_SECONDS,
  TOKEN_CLOCK_SKEW_SECONDS,
} from '../session/policy.ts'
import type { SessionRow } from './session-store.server.ts'
import { getKeyRing, publicJwks, revokeSigningKey, rotateSigningKey } from './signing-keys.server.ts'
import { mintSessionToken, verifySessionToken } from './tokens.server.ts'

const ISSUER = 'https://app.example.com'
const config = resolveConfig({})
const ALGORITHM = config.tokens
const T0 = new Date('2031-03-01T00:00:00Z')
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000)

/** Another server on the same database: its own Database object, so its own keys in memory. */
async function anotherServer(handle: DatabaseHandle): Promise<Database> {
  const client = (handle.db as unknown as { $client: never }).$client
  if (handle.driver === 'postgres') {
    const { drizzle } = await import('drizzle-orm/postgres-js')
    return drizzle(client, { schema }) as unknown as Database
  }
  const { drizzle } = await import('drizzle-orm/pglite')
  return drizzle(client, { schema }) as unknown as Database
}

function servers(handle: DatabaseHandle, other: Database) {
  const mint = async (db: Database, session: SessionRow, now: Date) =>
    (await mintSessionToken({ db, config, now, issuer: ISSUER, authorizedParty: ISSUER }, session)).jwt
  const verify = (db: Database, jwt: string, now: Date) =>
    verifySessionToken(jwt, { db, config, now, issuer: ISSUER, authorizedParties: [ISSUER] })
  const jwks = async (db: Database, now: Date) =>
    publicJwks(await getKeyRing(db, ALGORITHM, now))
      .keys.map((key) => String(key.kid))
      .sort()
  return { a: handle.db, b: other, mint, verify, jwks }
}

const kidOf = (jwt: string) =>
  (JSON.parse(Buffer.from(jwt.split('.')[0] ?? '', 'base64url').toString()) as { kid: string }).kid
const withKid = (jwt: string, kid: string) => {
  const header = JSON.parse(Buffer.from(jwt.split('.')[0] ?? '', 'base64url').toString())
  return [Buffer.from(JSON.stringify({ ...header, kid })).toString('base64url'), ...jwt.split('.').slice(1)].join('.')
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('an unknown kid (JWT-R2, §4.1 step 5)', async () => {
  const handle = await openIsolatedDatabase('key_rotation_kid')
  const { a, b, mint, verify } = servers(handle, await anotherServer(handle))
  const { signUp } = authFixtures(a)

  it('a flood of 1,000 random kids re-reads the keys once per cooldown; a real new kid is found after it', async () => {
    const { session } = await signUp({ now: T0 })
    const genuine = await mint(a, session, at(0))
    await verify(a, genuine, at(0))
    const reads = vi.spyOn(a, 'select')

    // 1,000 well-formed tokens naming random kids, 100 at a time, over the first 29 s.
    const refusals: string[] = []
    for (let batch = 0; batch < 10; batch++) {
      const now = at(1 + batch * 3)
      const flood = Array.from({ length: 100 }, () => withKid(genuine, randomBytes(32).toString('base64url')))
      refusals.push(...(await Promise.all(flood.map((jwt) => rejection(verify(a, jwt, now))))))
    }
    expect(refusals).toHaveLength(1000)
    expect(new Set(refusals)).toEqual(new Set(['token_key_unknown']))
    // One read of the key table for the whole flood: the first unknown kid's.
    expect(reads).toHaveBeenCalledTimes(1)
    // The real key still verifies throughout, from memory.
    await expect(verify(a, genuine, at(29))).resolves.toBeTruthy()
    expect(reads).toHaveBeenCalledTimes(1)

    // A genuine new key, switched to at once elsewhere (an emergency) inside the cooldown: server A
    // refuses its tokens without a read until the cooldown (counted from the flood's read at 1 s) ends.
    const rotation = await rotateSigningKey(b, ALGORITHM, at(10), { publishAheadSeconds: 0 })
    const fromB = await mint(b, session, at(10))
    expect(kidOf(fromB)).toBe(rotation.active)
    expect(await rejection(verify(a, fromB, at(20)))).toBe('token_key_unknown')
    expect(reads).toHaveBeenCalledTimes(1)

    // A's periodic re-read (its keys are 30 s old at 31 s) brings the new key: one read, then it verifies.
    await expect(verify(a, fromB, at(1 + SIGNING_KEYS_UNKNOWN_KID_COOLDOWN_SECONDS))).resolves.toBeTruthy()
    expect(reads).toHaveBeenCalledTimes(2)
    reads.mockClear()
    // Another new key, met past the cooldown while A's keys are otherwise fresh (read at 31 s): one
    // unknown-kid read finds it.
    const third = await rotateSigningKey(b, ALGORITHM, at(40), { publishAheadSeconds: 0 })
    const fromBAgain = await mint(b, session, at(40))
    expect(kidOf(fromBAgain)).toBe(third.active)
    await expect(verify(a, fromBAgain, at(45))).resolves.toBeTruthy()
    expect(reads).toHaveBeenCalledTimes(1)
    // And the next flood, inside the new cooldown, reads nothing.
    for (let i = 0; i < 100; i++)
      expect(await rejection(verify(a, withKid(genuine, randomBytes(16).toString('hex')), at(46 + i / 10)))).toBe(
        'token_key_unknown',
      )
    expect(reads).toHaveBeenCalledTimes(1)
  })
})

describe('a rotation (§4.1 steps 1–3, JWT-R1)', async () => {
  const handle = await openIsolatedDatabase('key_rotation_ahead')
  const { a, b, mint, verify, jwks } = servers(handle, await anotherServer(handle))
  const { signUp } = authFixtures(a)
  const AHEAD = SIGNING_KEY_PUBLISH_AHEAD_SECONDS

  it('publishes the new key at once, signs with the old one until signsFrom, then switches by time alone', async () => {
    const { session } = await signUp({ now: T0 })
    const first = await mint(a, session, at(0))
    const k1 = kidOf(first)
    expect(await jwks(b, at(0))).toEqual([k1])

    const rotation = await rotateSigningKey(a, ALGORITHM, at(0))
    const k2 = rotation.active
    expect(rotation).toEqual({ retired: k1, active: k2, signsFrom: at(AHEAD) })
    // Step 1: both keys published at once, by the server that rotated and, after its periodic
    // re-read, by the other, which was not told.
    expect(await jwks(a, at(0))).toEqual([k1, k2].sort())
    expect(await jwks(b, at(31))).toEqual([k1, k2].sort())
    // Still signing with K1 on both, up to the last second before signsFrom.
    const reads = vi.spyOn(b, 'select')
    for (const seconds of [0, 1, 60, AHEAD / 2, AHEAD - 1]) {
      expect(kidOf(await mint(a, session, at(seconds))), `A at ${seconds} s`).toBe(k1)
      expect(kidOf(await mint(b, session, at(seconds))), `B at ${seconds} s`).toBe(k1)
    }
    const lastOfK1 = await mint(a, session, at(AHEAD - 1))

    // Step 2: at signsFrom each server signs with K2, from the rows and its own clock: no command.
    const firstOfK2 = await mint(a, session, at(AHEAD))
    expect(kidOf(firstOfK2)).toBe(k2)
    expect(kidOf(await mint(b, session, at(AHEAD)))).toBe(k2)
    // Verifying K2's tokens on B needs no further read (B held K2 since its re-read at 31 s).
    const before = reads.mock.calls.length
    await expect(verify(b, firstOfK2, at(AHEAD + 1))).resolves.toBeTruthy()
    expect(reads.mock.calls.length).toBe(before)

    // Step 3: K1's last tokens verify on both until they expire, and K1 stays published for the overlap.
    for (const db of [a, b]) {
      await expect(verify(db, lastOfK1, at(AHEAD + 1))).resolves.toBeTruthy()
      await expect(
        verify(db, lastOfK1, at(AHEAD - 1 + SESSION_TOKEN_LIFETIME_SECONDS + TOKEN_CLOCK_SKEW_SECONDS)),
      ).resolves.toBeTruthy()
      expect(await jwks(db, at(AHEAD + KEY_RETIREMENT_OVERLAP_SECONDS - 1))).toEqual([k1, k2].sort())
      // Step 4: then K1 leaves the JWKS.
      expect(await jwks(db, at(AHEAD + KEY_RETIREMENT_OVERLAP_SECONDS))).toEqual([k2])
    }
  })

  it('rotating again before the switch: the waiting key signs only until its successor does', async () => {
    const base = AHEAD + KEY_RETIREMENT_OVERLAP_SECONDS + 100
    const { session } = await signUp({ now: at(base) })
    const k2 = kidOf(await mint(a, session, at(base)))
    const second = await rotateSigningKey(a, ALGORITHM, at(base))
    const third = await rotateSigningKey(a, ALGORITHM, at(base + 60))
    expect(await jwks(a, at(base + 60))).toEqual([k2, second.active, third.active].sort())
    expect(kidOf(await mint(a, session, at(base + AHEAD - 1)))).toBe(k2)
    expect(kidOf(await mint(a, session, at(base + AHEAD)))).toBe(second.active)
    expect(kidOf(await mint(a, session, at(base + 60 + AHEAD)))).toBe(third.active)
  })
})

describe('an emergency (§4.1 step 5, JWT-R4)', async () => {
  const handle = await openIsolatedDatabase('key_rotation_emergency')
  const { a, b, mint, verify, jwks } = servers(handle, await anotherServer(handle))
  const { signUp } = authFixtures(a)

  it('rotate --now signs with the new key at once; the old key still verifies for the overlap', async () => {
    const { session } = await signUp({ now: T0 })
    const old = await mint(a, session, at(0))
    expect(await jwks(b, at(0))).toEqual([kidOf(old)])
    const rotation = await rotateSigningKey(a, ALGORITHM, at(1), { publishAheadSeconds: 0 })
    expect(rotation.signsFrom).toEqual(at(1))
    const next = await mint(a, session, at(1))
    expect(kidOf(next)).toBe(rotation.active)
    // The other server meets the new kid unknown and re-reads the keys once.
    await expect(verify(b, next, at(2))).resolves.toBeTruthy()
    await expect(verify(b, old, at(2))).resolves.toBeTruthy()
    expect(await jwks(b, at(2))).toEqual([kidOf(old), rotation.active].sort())
  })

  it('revoking the signing key while its successor is published in advance switches to the successor at once', async () => {
    const { session } = await signUp({ now: at(1000) })
    const k1Token = await mint(a, session, at(1000))
    const k1 = kidOf(k1Token)
    await verify(b, k1Token, at(1000))
    const waiting = await rotateSigningKey(a, ALGORITHM, at(1000))
    expect(kidOf(await mint(a, session, at(1001)))).toBe(k1)

    await revokeSigningKey(a, k1, ALGORITHM, at(1002))
    // K1's tokens are refused at once here, and K2 signs from now, not from its signsFrom.
    expect(await rejection(verify(a, k1Token, at(1002)))).toBe('token_key_unknown')
    const k2Token = await mint(a, session, at(1002))
    expect(kidOf(k2Token)).toBe(waiting.active)
    // B meets K2 unknown, re-reads once, and from then on refuses K1 too (it verified K1 tokens before).
    await expect(verify(b, k2Token, at(1003))).resolves.toBeTruthy()
    expect(await rejection(verify(b, k1Token, at(1003)))).toBe('token_key_unknown')
    expect(await jwks(b, at(1003))).toEqual([waiting.active])
  })
})
