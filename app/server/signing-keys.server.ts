/**
 * Signing keys: created on first use, stored with the private key encrypted, rotated with an
 * overlap, revoked in an emergency. All cryptography is jose's; the private key is sealed with a
 * key derived from TESSERA_SECRET (secret-box.server.ts).
 *
 * Each server keeps the keys in memory and re-reads them every SIGNING_KEYS_REFRESH_SECONDS (and at
 * once when a token names a key it does not know), so a rotation made by another process is picked
 * up without a restart, and tokens signed by either key keep verifying during the overlap. When a
 * re-read fails because the database is unreachable, the keys last read keep verifying (and
 * signing) for SIGNING_KEYS_OUTAGE_GRACE_SECONDS, so JWT-only checks need no database.
 */

import { and, eq, inArray } from 'drizzle-orm'
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importJWK,
  importPKCS8,
  type JWK,
} from 'jose'
import type { Database } from '../../db/client.ts'
import { signingKeys } from '../../db/schema.ts'
import { TesseraError } from '../session/errors.ts'
import {
  KEY_RETIREMENT_OVERLAP_SECONDS,
  RSA_MODULUS_BITS,
  SIGNING_KEYS_OUTAGE_GRACE_SECONDS,
  SIGNING_KEYS_REFRESH_SECONDS,
} from '../session/policy.ts'
import type { SigningAlgorithm } from '../session/tokens.ts'
import { isDatabaseUnavailable } from './db-errors.server.ts'
import { log } from './log.server.ts'
import { seal, unseal } from './secret-box.server.ts'

export interface VerificationKey {
  kid: string
  algorithm: SigningAlgorithm
  publicKey: CryptoKey
  publicJwk: JWK
}

export interface KeyRing {
  signing: VerificationKey & { privateKey: CryptoKey }
  /** Every key a token may be signed with: the active one and those still in their overlap. */
  verifying: Map<string, VerificationKey>
  loadedAt: number
}

/**
 * ASVS 11.2.3 (at least 128-bit security): RSA keys of RSA_MODULUS_BITS or more with the exponent
 * 65537, ES256 on P-256, EdDSA on Ed25519. Keys are only ever generated here, but the store is
 * data: a key put there by other means (a restore, a hand-made row) that falls short, or whose type
 * does not match its algorithm, is refused rather than used. Returns why, or null when it is strong.
 */
export function signingKeyWeakness(algorithm: SigningAlgorithm, jwk: JWK): string | null {
  switch (algorithm) {
    case 'RS256': {
      if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string') return 'an RS256 key must be an RSA key'
      const modulusBits = rsaModulusBits(jwk.n)
      if (modulusBits < RSA_MODULUS_BITS) return `an RSA modulus of ${modulusBits} bits (at least ${RSA_MODULUS_BITS})`
      if (jwk.e !== 'AQAB') return 'an RSA public exponent other than 65537'
      return null
    }
    case 'ES256':
      return jwk.kty === 'EC' && jwk.crv === 'P-256' ? null : 'an ES256 key must be on P-256'
    case 'EdDSA':
      return jwk.kty === 'OKP' && jwk.crv === 'Ed25519' ? null : 'an EdDSA key must be Ed25519'
  }
}

/** The bit length of a base64url-encoded RSA modulus (leading zero bits not counted). */
function rsaModulusBits(n: string): number {
  const bytes = Buffer.from(n, 'base64url')
  const first = bytes.findIndex((byte) => byte !== 0)
  if (first === -1) return 0
  return (bytes.length - first - 1) * 8 + (32 - Math.clz32(bytes[first] ?? 0))
}

function assertStrongKey(row: typeof signingKeys.$inferSelect): void {
  const weakness = signingKeyWeakness(row.algorithm, row.publicJwk as JWK)
  if (weakness) throw new Error(`Signing key ${row.kid} is refused: ${weakness} (ASVS 11.2.3)`)
}

const encryptPrivateKey = (pkcs8: string) => seal(pkcs8, 'signing-key-encryption')
const decryptPrivateKey = (jwe: string) => unseal(jwe, 'signing-key-encryption')

async function newKeyPair(algorithm: SigningAlgorithm) {
  const options = algorithm === 'RS256' ? { extractable: true, modulusLength: RSA_MODULUS_BITS } : { extractable: true }
  const { publicKey, privateKey } = await generateKeyPair(algorithm, options)
  const jwk = await exportJWK(publicKey)
  const kid = await calculateJwkThumbprint(jwk)
  return { kid, publicJwk: { ...jwk, kid, alg: algorithm, use: 'sig' }, privateKeyPem: await exportPKCS8(privateKey) }
}

async function insertActiveKey(db: Database, algorithm: SigningAlgorithm, now: Date) {
  const { kid, publicJwk, privateKeyPem } = await newKeyPair(algorithm)
  await db.insert(signingKeys).values({
    kid,
    algorithm,
    status: 'active',
    publicJwk,
    privateKeyEncrypted: await encryptPrivateKey(privateKeyPem),
    createdAt: now,
  })
  return kid
}

/** Published keys: the active one, and retiring ones until their overlap has passed. */
function isPublished(row: typeof signingKeys.$inferSelect, now: Date): boolean {
  if (row.status === 'active') return true
  if (row.status !== 'retiring' || !row.retiredAt) return false
  return now.getTime() < row.retiredAt.getTime() + KEY_RETIREMENT_OVERLAP_SECONDS * 1000
}

async function loadKeyRing(db: Database, algorithm: SigningAlgorithm, now: Date): Promise<KeyRing> {
  let rows = await db
    .select()
    .from(signingKeys)
    .where(inArray(signingKeys.status, ['active', 'retiring']))
  let active = rows.find((row) => row.status === 'active')
  if (!active) {
    // First start (or every key revoked): make one. The unique index keeps two servers from both succeeding.
    await insertActiveKey(db, algorithm, now).catch(() => undefined)
    rows = await db
      .select()
      .from(signingKeys)
      .where(inArray(signingKeys.status, ['active', 'retiring']))
    active = rows.find((row) => row.status === 'active')
    if (!active) throw new Error('No active signing key could be created')
    log.info('signing_keys.created', { kid: active.kid, algorithm: active.algorithm })
  }
  const verifying = new Map<string, VerificationKey>()
  for (const row of rows.filter((candidate) => isPublished(candidate, now))) {
    assertStrongKey(row)
    verifying.set(row.kid, {
      kid: row.kid,
      algorithm: row.algorithm,
      publicKey: (await importJWK(row.publicJwk as JWK, row.algorithm)) as CryptoKey,
      publicJwk: row.publicJwk as JWK,
    })
  }
  const signingPublic = verifying.get(active.kid)
  if (!signingPublic) throw new Error('The active signing key is not published')
  const privateKey = await importPKCS8(await decryptPrivateKey(active.privateKeyEncrypted), active.algorithm)
  return { signing: { ...signingPublic, privateKey }, verifying, loadedAt: now.getTime() }
}

const rings = new WeakMap<Database, Promise<KeyRing>>()
// The last ring read successfully: what an outage falls back on.
const lastRead = new WeakMap<Database, KeyRing>()

/**
 * The current keys, re-read when stale. `force` re-reads at once (an unknown `kid`, a rotation).
 * If the database is unreachable, the last keys read serve for up to SIGNING_KEYS_OUTAGE_GRACE_SECONDS.
 */
export async function getKeyRing(
  db: Database,
  algorithm: SigningAlgorithm,
  now: Date,
  force = false,
): Promise<KeyRing> {
  const cached = rings.get(db)
  if (cached && !force) {
    const ring = await cached.catch(() => null)
    if (ring && now.getTime() - ring.loadedAt < SIGNING_KEYS_REFRESH_SECONDS * 1000) return ring
  }
  const loading = loadKeyRing(db, algorithm, now)
  rings.set(db, loading)
  loading.then(
    (ring) => lastRead.set(db, ring),
    () => rings.delete(db),
  )
  return loading.catch((error: unknown) => {
    const fallback = lastRead.get(db)
    const ageSeconds = fallback ? (now.getTime() - fallback.loadedAt) / 1000 : Number.POSITIVE_INFINITY
    if (!fallback || !isDatabaseUnavailable(error) || ageSeconds > SIGNING_KEYS_OUTAGE_GRACE_SECONDS) throw error
    log.warn('signing_keys.reload_failed', { error, ageSeconds: Math.round(ageSeconds) })
    return fallback
  })
}

export interface Rotation {
  retired: string | null
  active: string
}

/**
 * Rotation: a new key signs from now on; the old one stops signing but stays published, and keeps
 * verifying, for KEY_RETIREMENT_OVERLAP_SECONDS, so no valid token fails during the change.
 * `record` runs inside the rotation's transaction (the admin console writes its ledger row there).
 */
export async function rotateSigningKey(
  db: Database,
  algorithm: SigningAlgorithm,
  now: Date,
  record?: (tx: Database, rotation: Rotation) => Promise<void>,
): Promise<Rotation> {
  const { retired, active } = await db.transaction(async (tx) => {
    const [current] = await tx
      .update(signingKeys)
      .set({ status: 'retiring', retiredAt: now })
      .where(eq(signingKeys.status, 'active'))
      .returning({ kid: signingKeys.kid })
    const rotation = { retired: current?.kid ?? null, active: await insertActiveKey(tx, algorithm, now) }
    await record?.(tx, rotation)
    return rotation
  })
  await getKeyRing(db, algorithm, now, true)
  log.info('signing_keys.rotated', { retired, active })
  return { retired, active }
}

/**
 * Emergency: the key is withdrawn at once — no longer published, no longer accepted. Tokens it
 * signed stop verifying immediately here, and at other verifiers when they refetch the JWKS. When
 * it was the active key, a new one takes over.
 */
export async function revokeSigningKey(
  db: Database,
  kid: string,
  algorithm: SigningAlgorithm,
  now: Date,
): Promise<void> {
  const [revoked] = await db
    .update(signingKeys)
    .set({ status: 'revoked', revokedAt: now })
    .where(and(eq(signingKeys.kid, kid), inArray(signingKeys.status, ['active', 'retiring'])))
    .returning({ kid: signingKeys.kid })
  if (!revoked) throw new TesseraError('not_found', { message: `No active or retiring signing key has kid ${kid}.` })
  await getKeyRing(db, algorithm, now, true)
  log.warn('signing_keys.revoked', { kid })
}

/** The public JWKS: public members only (RFC 7517), for every key a valid token may carry. */
export function publicJwks(ring: KeyRing): { keys: JWK[] } {
  return {
    keys: [...ring.verifying.values()].map(({ publicJwk }) => {
      const { kty, n, e, crv, x, y, kid, alg, use } = publicJwk
      return Object.fromEntries(
        Object.entries({ kty, n, e, crv, x, y, kid, alg, use }).filter(([, value]) => value !== undefined),
      )
    }),
  }
}
