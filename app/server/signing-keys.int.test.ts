/**
 * Signing key strength (ASVS 11.2.3, at least 128-bit security), on a real database. Guards: every
 * key the app generates — RS256 by default, ES256 and EdDSA when chosen — has the parameters
 * security.md names (RSA: a modulus of at least 3072 bits and the exponent 65537; ES256: P-256;
 * EdDSA: Ed25519), both in its private half and as published in the JWKS; and a weaker key found
 * in the key store (a 2048-bit RSA key, another exponent, another curve, a key of the wrong type)
 * is refused rather than used to sign or verify.
 */

import { KeyObject } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { exportJWK, exportPKCS8, generateKeyPair, type JWK } from 'jose'
import { describe, expect, it } from 'vitest'
import { signingKeys } from '../../db/schema.ts'
import { openIsolatedDatabase } from '../../test/support/database.ts'
import { RSA_MODULUS_BITS } from '../session/policy.ts'
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
    expect(modulusBits(jwk.n ?? '')).toBeGreaterThanOrEqual(3072)
    expect(keyDetails).toMatchObject({ type: 'rsa', publicExponent: 65537n })
    expect(keyDetails.modulusLength).toBeGreaterThanOrEqual(3072)
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
  it('pins the RSA size at 3072 bits or more', () => {
    expect(RSA_MODULUS_BITS).toBeGreaterThanOrEqual(3072)
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

describe('a weaker key in the store', () => {
  const rsa = (modulusLength: number) => generateKeyPair('RS256', { extractable: true, modulusLength })

  it('is named weak by the check, while the generated kinds pass', async () => {
    expect(signingKeyWeakness('RS256', await exportJWK((await rsa(2048)).publicKey))).toMatch(/2048 bits/)
    const strong = await exportJWK((await rsa(3072)).publicKey)
    expect(signingKeyWeakness('RS256', strong)).toBeNull()
    // The exponent 3 (jose always generates 65537, so the published member is changed).
    expect(signingKeyWeakness('RS256', { ...strong, e: 'Aw' })).toMatch(/exponent/)
    // A 3071-bit modulus: the top bit of a 384-byte value clear.
    const short = Buffer.from(strong.n ?? '', 'base64url')
    short[0] = 0x7f
    expect(signingKeyWeakness('RS256', { ...strong, n: short.toString('base64url') })).toMatch(/3071 bits/)
    const p384 = await exportJWK((await generateKeyPair('ES384', { extractable: true })).publicKey)
    expect(signingKeyWeakness('ES256', p384)).toMatch(/P-256/)
    expect(signingKeyWeakness('ES256', await exportJWK((await generateKeyPair('ES256')).publicKey))).toBeNull()
    const ed448 = { kty: 'OKP', crv: 'Ed448', x: 'AAAA' }
    expect(signingKeyWeakness('EdDSA', ed448)).toMatch(/Ed25519/)
    expect(signingKeyWeakness('EdDSA', await exportJWK((await generateKeyPair('EdDSA')).publicKey))).toBeNull()
    // The type must match the algorithm: an EC key cannot stand in for RSA.
    expect(signingKeyWeakness('RS256', p384)).toMatch(/RSA/)
  })

  it('is refused: the key ring will not load with a 2048-bit RSA key active', async () => {
    const { publicKey, privateKey } = await rsa(2048)
    const jwk = await exportJWK(publicKey)
    const kid = 'weak-rsa-2048'
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
      /weak-rsa-2048 is refused: an RSA modulus of 2048 bits/,
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
