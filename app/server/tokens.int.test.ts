/**
 * Session tokens against real keys in a real database. Guards: only tokens we signed, with our
 * keys and our claims, verify (the JWT attack table of security.md §4); key rotation loses no
 * valid token; a revoked session keeps a JWT-only identity for at most one token lifetime while
 * database checks refuse it at once; verifying touches no database.
 */

import { createHash } from 'node:crypto'
import { exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { authFixtures, rejection } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import { resolveConfig } from '../config/instance.ts'
import {
  KEY_RETIREMENT_OVERLAP_SECONDS,
  SIGNING_KEYS_OUTAGE_GRACE_SECONDS,
  SIGNING_KEYS_REFRESH_SECONDS,
} from '../session/policy.ts'
import { issueToken, revokeUserSession } from './sessions.server.ts'
import { getKeyRing, publicJwks, revokeSigningKey, rotateSigningKey } from './signing-keys.server.ts'
import {
  type MintContext,
  mintSessionToken,
  type VerifyOptions,
  verifySessionToken,
  verifyToken,
} from './tokens.server.ts'

const { db } = await openTestDatabase()
const { context, signUp, signIn, auth } = authFixtures(db)

const ISSUER = 'https://app.example.com'
const config = resolveConfig({ tokens: { templates: { partner: { claims: { name: '{{user.first_name}}' } } } } })
const mintAt = (now: Date, overrides: Partial<MintContext> = {}): MintContext => ({
  db,
  config,
  now,
  issuer: ISSUER,
  authorizedParty: ISSUER,
  ...overrides,
})
const verifyAt = (now: Date, overrides: Partial<VerifyOptions> = {}): VerifyOptions => ({
  db,
  config,
  now,
  issuer: ISSUER,
  authorizedParties: [ISSUER],
  ...overrides,
})
const seconds = (date: Date, delta: number) => new Date(date.getTime() + delta * 1000)

afterEach(() => {
  vi.restoreAllMocks()
})

async function minted(now = new Date()) {
  const { session } = await signUp({ now })
  const token = await mintSessionToken(mintAt(now), session)
  return { session, token, now }
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
function withHeader(jwt: string, header: Record<string, unknown>): string {
  const [, payload, signature] = jwt.split('.')
  return `${b64(header)}.${payload}.${signature}`
}
function withClaims(jwt: string, change: (claims: Record<string, unknown>) => void): string {
  const [header, payload, signature] = jwt.split('.')
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString())
  change(claims)
  return `${header}.${b64(claims)}.${signature}`
}

describe('a minted session token', () => {
  it('verifies, and carries the v2 claims of its session', async () => {
    const { session, token, now } = await minted()
    const claims = await verifySessionToken(token.jwt, verifyAt(now))
    expect(claims).toMatchObject({ iss: ISSUER, sub: session.userId, sid: session.id, azp: ISSUER, v: 2, fva: [0, -1] })
    expect(claims.exp - claims.iat).toBe(60)
    expect(token.expiresInSeconds).toBe(60)
  })

  it('verifies with only the published JWKS, in a generic library', async () => {
    const { token, now } = await minted()
    const { createLocalJWKSet, jwtVerify } = await import('jose')
    const jwks = publicJwks(await getKeyRing(db, 'RS256', now))
    const { payload } = await jwtVerify(token.jwt, createLocalJWKSet(jwks), { issuer: ISSUER, currentDate: now })
    expect(payload.sid).toBeTruthy()
  })

  it('is accepted until exp + 5 s and refused after', async () => {
    const { token, now } = await minted()
    await expect(verifySessionToken(token.jwt, verifyAt(seconds(now, 64)))).resolves.toBeTruthy()
    expect(await rejection(verifySessionToken(token.jwt, verifyAt(seconds(now, 66))))).toBe('token_expired')
  })

  it('is refused before nbf − 5 s (a clock running behind by more than the skew)', async () => {
    const { token, now } = await minted()
    await expect(verifySessionToken(token.jwt, verifyAt(seconds(now, -9)))).resolves.toBeTruthy()
    expect(await rejection(verifySessionToken(token.jwt, verifyAt(seconds(now, -11))))).toBe('token_not_yet_valid')
  })
})

describe('clocks apart between the minting and the verifying instance (JWT-07, REL-05)', () => {
  it('verifies tokens minted by a clock 4 s ahead or 4 s behind', async () => {
    const now = new Date()
    for (const offset of [-4, 4]) {
      const { token } = await minted(seconds(now, offset))
      await expect(verifySessionToken(token.jwt, verifyAt(now)), `${offset} s`).resolves.toBeTruthy()
    }
  })

  // nbf is backdated by the leeway at minting and the verifier allows the leeway again, so a minter
  // ahead is refused only past twice the leeway (10 s); `iat` is not checked (jose does only with
  // `maxTokenAge`). Deliberate (ADR 019): readiness keeps every instance within 5 s of the
  // database's clock, so two ready instances are at most 10 s apart and always verify each other.
  it('refuses a token minted by a clock ahead only once its nbf is more than 5 s away (past 10 s)', async () => {
    const now = new Date()
    for (const offset of [6, 10]) {
      const { token } = await minted(seconds(now, offset))
      await expect(verifySessionToken(token.jwt, verifyAt(now)), `+${offset} s`).resolves.toBeTruthy()
    }
    const { token } = await minted(seconds(now, 11))
    expect(await rejection(verifySessionToken(token.jwt, verifyAt(now)))).toBe('token_not_yet_valid')
  })
})

describe('the verifier refuses', () => {
  it.each([
    ['garbage', () => 'not-a-token', 'token_malformed'],
    ['two segments', () => 'aaa.bbb', 'token_malformed'],
    ['a header that is not JSON', () => 'bm90IGpzb24.e30.c2ln', 'token_malformed'],
  ])('%s', async (_, make, code) => {
    expect(await rejection(verifySessionToken(make(), verifyAt(new Date())))).toBe(code)
  })

  it('a token over 8 KB, before parsing it', async () => {
    const { token, now } = await minted()
    const big = withClaims(token.jwt, (claims) => {
      claims.padding = 'x'.repeat(9000)
    })
    expect(await rejection(verifySessionToken(big, verifyAt(now)))).toBe('token_too_large')
  })

  it('a truncated token', async () => {
    const { token, now } = await minted()
    expect(await rejection(verifySessionToken(token.jwt.slice(0, -12), verifyAt(now)))).toBe('token_signature_invalid')
  })

  it('a tampered payload (another user)', async () => {
    const { token, now } = await minted()
    const forged = withClaims(token.jwt, (claims) => {
      claims.sub = 'user_someoneelse'
    })
    expect(await rejection(verifySessionToken(forged, verifyAt(now)))).toBe('token_signature_invalid')
  })

  it('an unknown kid, and a kid that tries path tricks', async () => {
    const { token, now } = await minted()
    const header = { alg: 'RS256', typ: 'JWT' }
    expect(
      await rejection(verifySessionToken(withHeader(token.jwt, { ...header, kid: 'unknownkid' }), verifyAt(now))),
    ).toBe('token_key_unknown')
    expect(
      await rejection(verifySessionToken(withHeader(token.jwt, { ...header, kid: '../../etc/passwd' }), verifyAt(now))),
    ).toBe('token_key_unknown')
  })

  it.each([['jwk'], ['jku'], ['x5u'], ['x5c'], ['crit']])('a header carrying %s', async (name) => {
    const { token, now } = await minted()
    const ring = await getKeyRing(db, 'RS256', now)
    const forged = withHeader(token.jwt, {
      alg: 'RS256',
      typ: 'JWT',
      kid: ring.signing.kid,
      [name]: name === 'crit' ? ['b64'] : 'https://evil.example/keys',
    })
    expect(await rejection(verifySessionToken(forged, verifyAt(now)))).toBe('token_header_invalid')
  })

  it('alg none', async () => {
    const { session, now } = await minted()
    const unsigned = new UnsecuredJWT({ sub: session.userId, sid: session.id, v: 2 }).setIssuer(ISSUER).encode()
    expect(await rejection(verifySessionToken(unsigned, verifyAt(now)))).toBe('token_header_invalid')
  })

  it('HS256 keyed with our public key (key confusion)', async () => {
    const { session, now } = await minted()
    const ring = await getKeyRing(db, 'RS256', now)
    const pem = await exportSPKI(ring.signing.publicKey)
    const forged = await new SignJWT({ sub: session.userId, sid: session.id, v: 2, jti: 'x' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: ring.signing.kid })
      .setIssuer(ISSUER)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setNotBefore(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(now.getTime() / 1000) + 60)
      .sign(createHash('sha256').update(pem).digest())
    expect(await rejection(verifySessionToken(forged, verifyAt(now)))).toBe('token_header_invalid')
  })

  it('a token signed by a stranger’s key that claims our kid', async () => {
    const { token, now } = await minted()
    const ring = await getKeyRing(db, 'RS256', now)
    const stranger = await generateKeyPair('RS256')
    const [, payload] = token.jwt.split('.')
    const forged = await new SignJWT(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()))
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: ring.signing.kid })
      .sign(stranger.privateKey)
    expect(await rejection(verifySessionToken(forged, verifyAt(now)))).toBe('token_signature_invalid')
  })

  it('a wrong typ', async () => {
    const { token, now } = await minted()
    const ring = await getKeyRing(db, 'RS256', now)
    expect(
      await rejection(
        verifySessionToken(
          withHeader(token.jwt, { alg: 'RS256', typ: 'at+jwt', kid: ring.signing.kid }),
          verifyAt(now),
        ),
      ),
    ).toBe('token_header_invalid')
  })

  it('another issuer', async () => {
    const { token, now } = await minted()
    expect(await rejection(verifySessionToken(token.jwt, verifyAt(now, { issuer: 'https://other.example' })))).toBe(
      'token_issuer_invalid',
    )
  })

  it('a token minted for another origin (azp)', async () => {
    const { session, now } = await minted()
    const foreign = await mintSessionToken(mintAt(now, { authorizedParty: 'https://evil.example' }), session)
    expect(await rejection(verifySessionToken(foreign.jwt, verifyAt(now)))).toBe('token_audience_invalid')
  })

  it('a template token where a session token is required', async () => {
    const now = new Date()
    const { clientId, session } = await signUp({ now })
    const template = await issueToken(
      { ...context(now), mint: mintAt(now) },
      { clientId, sessionId: session.id, template: 'partner' },
    )
    expect((await verifyToken(template.jwt, verifyAt(now))).name).toBe('Test')
    expect(await rejection(verifySessionToken(template.jwt, verifyAt(now)))).toBe('token_claims_invalid')
  })
})

describe('issuing tokens', () => {
  it('refuses a session of another client and one that has ended, minting nothing', async () => {
    const now = new Date()
    const mine = await signUp({ now })
    const theirs = await signUp({ now })
    const issue = (clientId: string, sessionId: string) =>
      issueToken({ ...context(now), mint: mintAt(now) }, { clientId, sessionId, template: null })
    expect(await rejection(issue(mine.clientId, theirs.session.id))).toBe('session_not_found')
    const laptop = await signIn({ email: mine.email, now })
    await revokeUserSession(context(now), {
      userId: mine.session.userId,
      sessionId: laptop.session.id,
      currentSessionId: mine.session.id,
    })
    expect(await rejection(issue(laptop.clientId, laptop.session.id))).toBe('session_not_signed_in')
  })

  it('refuses an unknown template', async () => {
    const now = new Date()
    const { clientId, session } = await signUp({ now })
    const attempt = issueToken(
      { ...context(now), mint: mintAt(now) },
      { clientId, sessionId: session.id, template: 'nope' },
    )
    expect(await rejection(attempt)).toBe('template_not_found')
  })

  // Issue 20, finding 7: `constructor` passes the template-name pattern and named Object's constructor (500).
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'refuses the template %j by name',
    async (template) => {
      const now = new Date()
      const { clientId, session } = await signUp({ now })
      const attempt = issueToken({ ...context(now), mint: mintAt(now) }, { clientId, sessionId: session.id, template })
      expect(await rejection(attempt)).toBe('template_not_found')
    },
  )
})

describe('a revoked session', () => {
  it('is refused at once by database checks, and by JWT-only checks once its token expires', async () => {
    const now = new Date()
    const laptop = await signUp({ now })
    const phone = await signIn({ email: laptop.email, now })
    const jwt = (await mintSessionToken(mintAt(now), phone.session)).jwt
    await revokeUserSession(context(now), {
      userId: laptop.session.userId,
      sessionId: phone.session.id,
      currentSessionId: laptop.session.id,
    })
    expect((await auth(phone.token, now)).session).toBeNull()
    // The documented delay: a JWT-only check may still accept it until exp + 5 s...
    await expect(verifySessionToken(jwt, verifyAt(seconds(now, 30)))).resolves.toBeTruthy()
    // ...and never after.
    expect(await rejection(verifySessionToken(jwt, verifyAt(seconds(now, 66))))).toBe('token_expired')
  })
})

describe('signing keys', () => {
  // The immediate switch (`rotate --now`); publish in advance is key-rotation.int.test.ts's.
  it('rotate at once without failing any valid token, then retire the old key after the overlap', async () => {
    const start = new Date()
    const { session } = await signUp({ now: start })
    const before = await mintSessionToken(mintAt(start), session)
    const oldKid = (await getKeyRing(db, 'RS256', start)).signing.kid
    const failures: string[] = []
    for (let step = 0; step < 20; step++) {
      const now = seconds(start, step)
      if (step === 10) await rotateSigningKey(db, 'RS256', now, { publishAheadSeconds: 0 })
      const token = await mintSessionToken(mintAt(now), session)
      for (const jwt of [token.jwt, before.jwt]) {
        await verifySessionToken(jwt, verifyAt(now)).catch((error) => failures.push(String(error.code)))
      }
    }
    expect(failures).toEqual([])
    const after = await getKeyRing(db, 'RS256', seconds(start, 20), true)
    expect(after.signing.kid).not.toBe(oldKid)
    expect([...after.verifying.keys()]).toContain(oldKid)
    const retired = await getKeyRing(db, 'RS256', seconds(start, 10 + KEY_RETIREMENT_OVERLAP_SECONDS + 1), true)
    expect([...retired.verifying.keys()]).not.toContain(oldKid)
  })

  it('publish public members only', async () => {
    const { keys } = publicJwks(await getKeyRing(db, 'RS256', new Date()))
    for (const key of keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use'])
    }
  })

  it('can be revoked in an emergency: its tokens stop verifying at once', async () => {
    const now = new Date()
    const { session } = await signUp({ now })
    const token = await mintSessionToken(mintAt(now), session)
    // Verified (and remembered) before the revocation: the verified-token cache must not outlive the key.
    await verifySessionToken(token.jwt, verifyAt(now))
    const kid = (await getKeyRing(db, 'RS256', now)).signing.kid
    await revokeSigningKey(db, kid, 'RS256', now)
    expect(await rejection(verifySessionToken(token.jwt, verifyAt(now)))).toBe('token_key_unknown')
    const next = await mintSessionToken(mintAt(now), session)
    await expect(verifySessionToken(next.jwt, verifyAt(now))).resolves.toBeTruthy()
  })
})

describe('the JWT path', () => {
  it('reads nothing from the database once the keys are loaded', async () => {
    const { token, now } = await minted()
    await verifySessionToken(token.jwt, verifyAt(now))
    const spies = (['select', 'insert', 'update', 'delete', 'execute', 'transaction'] as const).map((method) =>
      vi.spyOn(db, method),
    )
    for (let i = 0; i < 25; i++) await verifySessionToken(token.jwt, verifyAt(now))
    for (const spy of spies) expect(spy).not.toHaveBeenCalled()
  })

  it('keeps verifying with the keys last read while the database is unreachable, for a bounded time', async () => {
    const { token, now } = await minted()
    // Read the keys at `now`, so the moments below are measured from this read.
    await getKeyRing(db, 'RS256', now, true)
    const unreachable = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    vi.spyOn(db, 'select').mockImplementation(() => {
      throw unreachable
    })
    // Due for a re-read, which fails: the keys already read still verify the token.
    const due = seconds(now, SIGNING_KEYS_REFRESH_SECONDS + 1)
    const claims = await verifySessionToken(token.jwt, verifyAt(due))
    expect(claims.sid).toBeTruthy()
    // Past the grace, an outage is no longer papered over.
    const late = seconds(now, SIGNING_KEYS_OUTAGE_GRACE_SECONDS + 1)
    await expect(getKeyRing(db, 'RS256', late)).rejects.toBe(unreachable)
  })

  it('does not fall back on old keys when the re-read fails for another reason than an outage', async () => {
    const now = new Date()
    await getKeyRing(db, 'RS256', now, true)
    const broken = new Error('a bug')
    vi.spyOn(db, 'select').mockImplementation(() => {
      throw broken
    })
    await expect(getKeyRing(db, 'RS256', seconds(now, SIGNING_KEYS_REFRESH_SECONDS + 1))).rejects.toBe(broken)
  })
})
