/**
 * Signing key strength (ASVS 11.2.3; ADR 026), on a real database. Guards: every key the app
 * generates — RS256 by default, ES256 and EdDSA when chosen — has the parameters security.md names
 * (RSA: the configured modulus, 2048 bits by default and never less, and the exponent 65537; ES256:
 * P-256; EdDSA: Ed25519), both in its private half and as published in the JWKS; a change of the
 * modulus setting applies from the next rotation while older keys keep verifying; and a weaker key
 * found in the key store (a 1024-bit RSA key, another exponent, another curve, a key of the wrong
 * type) is refused rather than used to sign or verify.
 */

import { generateKeyPairSync, KeyObject } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { exportJWK, exportPKCS8, generateKeyPair, type JWK, jwtVerify, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { signingKeys } from '../../db/schema.ts'
import { openIsolatedDatabase } from '../../test/support/database.ts'
import { DEFAULT_RSA_MODULUS_BITS, MIN_RSA_MODULUS_BITS } from '../session/policy.ts'
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../session/tokens.ts'
import { seal } from './secret-box.server.ts'
import { getKeyRing, publicJwks, rotateSigningKey, signingKeyWeakness } from './signing-keys.server.ts'

const { db } = await openIsolatedDatabase('signing_keys')
const T0 = new Date('2026-01-01T00:00:00Z')
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000)

/** What node:crypto says about a key: its type and parameters, from the key itself. */
function details(key: CryptoKey | KeyObject) {
  const object = key instanceof KeyObject ? key : KeyObject.from(key)
  return { type: object.asymmetricKeyType, ...object.asymmetricKeyDetails }
}

/** The modulus length of a published RSA JWK, in bits, decoded independently of the code under test. */
const modulusBits = (n: string) => BigInt(`0x${Buffer.from(n, 'base64url').toString('hex')}`).toString(2).length

const EXPECTED: Record<SigningAlgorithm, (jwk: JWK, keyDetails: ReturnType<typeof details>) => void> = {
  RS256: (jwk, keyDetails) => {
    expect(jwk).toMatchObject({ kty: 'RSA', e: 'AQAB', alg: 'RS256', use: 'sig' })
    expect(modulusBits(jwk.n ?? '')).toBe(DEFAULT_RSA_MODULUS_BITS)
    expect(keyDetails).toMatchObject({ type: 'rsa', publicExponent: 65537n, modulusLength: DEFAULT_RSA_MODULUS_BITS })
  },
  ES256: (jwk, keyDetails) => {
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' })
    expect(keyDetails).toMatchObject({ type: 'ec', namedCurve: 'prime256v1' })
  },
  EdDSA: (jwk, keyDetails) => {
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' })
    expect(keyDetails).toMatchObject({ type: 'ed25519' })
  },
}

describe('keys the app generates', () => {
  it('pins the default RSA size at 2048 bits, the floor for any stored key', () => {
    expect(DEFAULT_RSA_MODULUS_BITS).toBe(2048)
    expect(MIN_RSA_MODULUS_BITS).toBe(2048)
  })

  it.each(SIGNING_ALGORITHMS)(
    '%s: the private key and the published JWKS have the required parameters',
    async (algorithm) => {
      // Rotating to `algorithm` makes a new key of that kind, as a first start configured for it would.
      const index = SIGNING_ALGORITHMS.indexOf(algorithm)
      const { active } = await rotateSigningKey(db, algorithm, at(index * 10), { publishAheadSeconds: 0 })
      const ring = await getKeyRing(db, algorithm, at(index * 10), true)
      expect(ring.signing.kid).toBe(active)
      expect(ring.signing.algorithm).toBe(algorithm)
      EXPECTED[algorithm](ring.signing.publicJwk, details(ring.signing.privateKey))
      const published = publicJwks(ring).keys.find((key) => key.kid === active)
      if (!published) throw new Error(`${active} is not in the JWKS`)
      EXPECTED[algorithm](published, details(ring.signing.publicKey))
      // Only public members are published.
      expect(Object.keys(published).filter((name) => ['d', 'p', 'q', 'dp', 'dq', 'qi'].includes(name))).toEqual([])
    },
  )
})

describe('the modulus setting', () => {
  it('applies from the next rotation, while keys made before keep verifying', async () => {
    const sign = (ring: Awaited<ReturnType<typeof getKeyRing>>) =>
      new SignJWT({ sub: 'user_1' })
        .setProtectedHeader({ alg: 'RS256', kid: ring.signing.kid })
        .sign(ring.signing.privateKey)
    const sizes = [3072, 4096, 2048] as const
    const tokens: { kid: string; jwt: string }[] = []
    for (const [index, rsaModulusBits] of sizes.entries()) {
      const keys = { algorithm: 'RS256', rsaModulusBits } as const
      const { active } = await rotateSigningKey(db, keys, at(1000 + index), { publishAheadSeconds: 0 })
      const ring = await getKeyRing(db, keys, at(1000 + index), true)
      expect(ring.signing.kid).toBe(active)
      expect(details(ring.signing.privateKey).modulusLength).toBe(rsaModulusBits)
      expect(modulusBits(ring.signing.publicJwk.n ?? '')).toBe(rsaModulusBits)
      tokens.push({ kid: active, jwt: await sign(ring) })
    }
    // Within the overlap every one of them is published and verifies.
    const ring = await getKeyRing(db, 'RS256', at(1010), true)
    for (const { kid, jwt } of tokens) {
      const key = ring.verifying.get(kid)
      if (!key) throw new Error(`${kid} is not published`)
      await expect(jwtVerify(jwt, key.publicKey)).resolves.toBeTruthy()
      expect(publicJwks(ring).keys.some((published) => published.kid === kid)).toBe(true)
    }
  })
})

describe('a weaker key in the store', () => {
  const rsa = (modulusLength: number) => generateKeyPair('RS256', { extractable: true, modulusLength })
  // jose makes no RSA key under 2048 bits; node:crypto still does.
  const rsa1024 = () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 })
    return { jwk: publicKey.export({ format: 'jwk' }) as JWK, privateKey }
  }

  it('is named weak by the check, while the generated kinds pass', async () => {
    expect(signingKeyWeakness('RS256', rsa1024().jwk)).toMatch(/1024 bits/)
    const strong = await exportJWK((await rsa(2048)).publicKey)
    expect(signingKeyWeakness('RS256', strong)).toBeNull()
    expect(signingKeyWeakness('RS256', await exportJWK((await rsa(3072)).publicKey))).toBeNull()
    // The exponent 3 (jose always generates 65537, so the published member is changed).
    expect(signingKeyWeakness('RS256', { ...strong, e: 'Aw' })).toMatch(/exponent/)
    // A 2047-bit modulus: the top bit of a 256-byte value clear.
    const short = Buffer.from(strong.n ?? '', 'base64url')
    short[0] = 0x7f
    expect(signingKeyWeakness('RS256', { ...strong, n: short.toString('base64url') })).toMatch(/2047 bits/)
    const p384 = await exportJWK((await generateKeyPair('ES384', { extractable: true })).publicKey)
    expect(signingKeyWeakness('ES256', p384)).toMatch(/P-256/)
    expect(signingKeyWeakness('ES256', await exportJWK((await generateKeyPair('ES256')).publicKey))).toBeNull()
    const ed448 = { kty: 'OKP', crv: 'Ed448', x: 'AAAA' }
    expect(signingKeyWeakness('EdDSA', ed448)).toMatch(/Ed25519/)
    expect(signingKeyWeakness('EdDSA', await exportJWK((await generateKeyPair('EdDSA')).publicKey))).toBeNull()
    // The type must match the algorithm: an EC key cannot stand in for RSA.
    expect(signingKeyWeakness('RS256', p384)).toMatch(/RSA/)
  })

  it('is refused: the key ring will not load with a 1024-bit RSA key active', async () => {
    const { jwk, privateKey } = rsa1024()
    const kid = 'weak-rsa-1024'
    await db
      .update(signingKeys)
      .set({ status: 'retiring', retiredAt: at(100) })
      .where(eq(signingKeys.status, 'active'))
    await db.insert(signingKeys).values({
      kid,
      algorithm: 'RS256',
      status: 'active',
      publicJwk: { ...jwk, kid, alg: 'RS256', use: 'sig' },
      privateKeyEncrypted: await seal(await exportPKCS8(privateKey), 'signing-key-encryption'),
      createdAt: at(100),
      signsFrom: at(100),
    })
    await expect(getKeyRing(db, 'RS256', at(101), true)).rejects.toThrow(
      /weak-rsa-1024 is refused: an RSA modulus of 1024 bits/,
    )
    // Withdrawn, the app makes a strong key again.
    await db
      .update(signingKeys)
      .set({ status: 'revoked', revokedAt: at(102) })
      .where(eq(signingKeys.kid, kid))
    const ring = await getKeyRing(db, 'RS256', at(103), true)
    expect(ring.signing.kid).not.toBe(kid)
    EXPECTED.RS256(ring.signing.publicJwk, details(ring.signing.privateKey))
  })
})
