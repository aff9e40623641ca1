/**
 * Signing keys: created on first use, stored with the private key encrypted, rotated with an
 * overlap, revoked in an emergency. All cryptography is jose's; the private key is sealed with a
 * key derived from TESSERA_SECRET (secret-box.server.ts).
 *
 * Rotation follows security.md §4.1: the new key is published at once and signs from its
 * `signsFrom`, SIGNING_KEY_PUBLISH_AHEAD_SECONDS later; every server switches at that moment by
 * itself, from the key rows and its own clock. The old key keeps verifying for
 * KEY_RETIREMENT_OVERLAP_SECONDS after it stops signing. An emergency (`revoke`, `rotate --now`)
 * switches at once.
 *
 * Each server keeps the keys in memory and re-reads them every SIGNING_KEYS_REFRESH_SECONDS, when a
 * key starts signing or leaves the JWKS, and when a token names a key it does not know (at most once
 * per SIGNING_KEYS_UNKNOWN_KID_COOLDOWN_SECONDS), so a rotation made by another process is picked
 * up without a restart, and tokens signed by either key keep verifying during the overlap. When a
 * re-read fails because the database is unreachable, the keys last read keep verifying (and
 * signing) for SIGNING_KEYS_OUTAGE_GRACE_SECONDS, so JWT-only checks need no database.
 */

import { and, eq, gt, inArray } from 'drizzle-orm'
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
  DEFAULT_RSA_MODULUS_BITS,
  KEY_RETIREMENT_OVERLAP_SECONDS,
  MIN_RSA_MODULUS_BITS,
  SIGNING_KEY_PUBLISH_AHEAD_SECONDS,
  SIGNING_KEYS_OUTAGE_GRACE_SECONDS,
  SIGNING_KEYS_REFRESH_SECONDS,
  SIGNING_KEYS_UNKNOWN_KID_COOLDOWN_SECONDS,
} from '../session/policy.ts'
import type { SigningAlgorithm, SigningKeySettings } from '../session/tokens.ts'
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
  /**
   * Every key a token may be signed with, as the JWKS publishes them: the active one (from the
   * moment it is made, also before it signs) and those still in their overlap.
   */
  verifying: Map<string, VerificationKey>
  loadedAt: number
  /** When the keys change by time alone (a key starts signing, or leaves the JWKS): re-read then. */
  changesAt: number
}

/**
 * What new keys are made as: the instance's `tokens` settings (`config.tokens` fits), or an
 * algorithm alone, whose RSA keys then have the default modulus.
 */
export type KeySettings = SigningAlgorithm | SigningKeySettings

const settingsOf = (keys: KeySettings): SigningKeySettings =>
  typeof keys === 'string' ? { algorithm: keys, rsaModulusBits: DEFAULT_RSA_MODULUS_BITS } : keys

/**
 * Key strength (ASVS 11.2.3, ADR 026): RSA keys of MIN_RSA_MODULUS_BITS or more with the exponent
 * 65537, ES256 on P-256, EdDSA on Ed25519. A 2048-bit RSA key is 112-bit security, the default for
 * compatibility with the reference; 3072 and 4096 (`tokens.rsaModulusBits`) meet the 128 bits.
 * Keys are only ever generated here, but the store is data: a key put there by other means (a
 * restore, a hand-made row) that falls short, or whose type does not match its algorithm, is
 * refused rather than used. Returns why, or null when it is strong enough.
 */
export function signingKeyWeakness(algorithm: SigningAlgorithm, jwk: JWK): string | null {
  switch (algorithm) {
    case 'RS256': {
      if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string') return 'an RS256 key must be an RSA key'
      const modulusBits = rsaModulusBits(jwk.n)
      if (modulusBits < MIN_RSA_MODULUS_BITS)
        return `an RSA modulus of ${modulusBits} bits (at least ${MIN_RSA_MODULUS_BITS})`
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

async function newKeyPair({ algorithm, rsaModulusBits }: SigningKeySettings) {
  const options = algorithm === 'RS256' ? { extractable: true, modulusLength: rsaModulusBits } : { extractable: true }
  const { publicKey, privateKey } = await generateKeyPair(algorithm, options)
  const jwk = await exportJWK(publicKey)
  const kid = await calculateJwkThumbprint(jwk)
  return { kid, publicJwk: { ...jwk, kid, alg: algorithm, use: 'sig' }, privateKeyPem: await exportPKCS8(privateKey) }
}

async function insertActiveKey(db: Database, keys: KeySettings, now: Date, signsFrom = now) {
  const settings = settingsOf(keys)
  const { algorithm } = settings
  const { kid, publicJwk, privateKeyPem } = await newKeyPair(settings)
  await db.insert(signingKeys).values({
    kid,
    algorithm,
    status: 'active',
    publicJwk,
    privateKeyEncrypted: await encryptPrivateKey(privateKeyPem),
    createdAt: now,
    signsFrom,
  })
  return kid
}

type KeyRow = typeof signingKeys.$inferSelect

/** When a retiring key leaves the JWKS: the overlap after it stopped signing. */
const unpublishedAt = (row: KeyRow) =>
  row.retiredAt ? row.retiredAt.getTime() + KEY_RETIREMENT_OVERLAP_SECONDS * 1000 : Number.NEGATIVE_INFINITY

/** Published keys: the active one (also before it signs), and retiring ones until their overlap has passed. */
function isPublished(row: KeyRow, now: Date): boolean {
  if (row.status === 'active') return true
  return row.status === 'retiring' && now.getTime() < unpublishedAt(row)
}

/**
 * The key that signs at `now`: of the published keys whose `signsFrom` has come (a retiring one only
 * until its `retiredAt`), the one that started signing last. Every server decides this from the same
 * rows with its own clock, so the switch needs no command. Null when none may sign yet.
 */
export function signerAt(rows: readonly KeyRow[], now: Date): KeyRow | null {
  const t = now.getTime()
  let signer: KeyRow | null = null
  for (const row of rows) {
    if (!isPublished(row, now) || row.signsFrom.getTime() > t) continue
    if (row.status === 'retiring' && (!row.retiredAt || row.retiredAt.getTime() <= t)) continue
    if (!signer || row.signsFrom.getTime() > signer.signsFrom.getTime()) signer = row
  }
  return signer
}

/** The next moment after `now` at which the rows say something changes: a key starts signing or leaves the JWKS. */
function nextChange(rows: readonly KeyRow[], now: Date): number {
  const t = now.getTime()
  const moments = rows.flatMap((row) => [row.signsFrom.getTime(), row.retiredAt?.getTime() ?? 0, unpublishedAt(row)])
  return Math.min(Number.POSITIVE_INFINITY, ...moments.filter((moment) => moment > t))
}

async function loadKeyRing(db: Database, keys: KeySettings, now: Date): Promise<KeyRing> {
  let rows = await db
    .select()
    .from(signingKeys)
    .where(inArray(signingKeys.status, ['active', 'retiring']))
  let active = rows.find((row) => row.status === 'active')
  if (!active) {
    // First start (or every key revoked): make one. The unique index keeps two servers from both succeeding.
    await insertActiveKey(db, keys, now).catch(() => undefined)
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
  // Rows that say no key may sign yet cannot come from rotate or revoke (a revocation brings the
  // active key forward); should they appear anyway, the newest key signs rather than none.
  const signer = signerAt(rows, now) ?? active
  const signingPublic = verifying.get(signer.kid)
  if (!signingPublic) throw new Error('The signing key is not published')
  const privateKey = await privateKeyOf(signer, rows)
  return {
    signing: { ...signingPublic, privateKey },
    verifying,
    loadedAt: now.getTime(),
    changesAt: nextChange(rows, now),
  }
}

// Private keys opened so far, by kid (the thumbprint of the public half, so one kid is one key): a
// re-read opens nothing again, and a key another instance re-sealed under a new TESSERA_SECRET
// (ADR 025) keeps signing here until this instance restarts with that secret.
const privateKeys = new Map<string, Promise<CryptoKey>>()

function privateKeyOf(signer: KeyRow, rows: readonly KeyRow[]): Promise<CryptoKey> {
  for (const kid of privateKeys.keys()) if (!rows.some((row) => row.kid === kid)) privateKeys.delete(kid)
  let key = privateKeys.get(signer.kid)
  if (!key) {
    key = decryptPrivateKey(signer.privateKeyEncrypted).then((pkcs8) => importPKCS8(pkcs8, signer.algorithm))
    privateKeys.set(signer.kid, key)
    key.catch(() => privateKeys.delete(signer.kid))
  }
  return key
}

const rings = new WeakMap<Database, Promise<KeyRing>>()
// The last ring read successfully: what an outage falls back on.
const lastRead = new WeakMap<Database, KeyRing>()
// When an unknown `kid` last made this server re-read the keys (JWT-R2's cooldown).
const unknownKidReads = new WeakMap<Database, number>()

/**
 * The current keys, re-read when stale. `force` re-reads at once (an unknown `kid`, a rotation).
 * If the database is unreachable, the last keys read serve for up to SIGNING_KEYS_OUTAGE_GRACE_SECONDS.
 */
export async function getKeyRing(db: Database, keys: KeySettings, now: Date, force = false): Promise<KeyRing> {
  const cached = rings.get(db)
  if (cached && !force) {
    const ring = await cached.catch(() => null)
    const fresh = ring && now.getTime() - ring.loadedAt < SIGNING_KEYS_REFRESH_SECONDS * 1000
    if (ring && fresh && now.getTime() < ring.changesAt) return ring
  }
  const loading = loadKeyRing(db, keys, now)
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

/**
 * The keys after a token named a `kid` this server does not hold (security.md §4.1 step 5, JWT-R2):
 * re-read at most once per SIGNING_KEYS_UNKNOWN_KID_COOLDOWN_SECONDS; within the cooldown the keys
 * in memory answer, so a flood of made-up `kid`s costs one query per cooldown. A normal rotation
 * never waits on this: the new key is published SIGNING_KEY_PUBLISH_AHEAD_SECONDS before it signs,
 * and the periodic re-read (SIGNING_KEYS_REFRESH_SECONDS) brings it long before then.
 */
export async function getKeyRingForUnknownKid(db: Database, keys: KeySettings, now: Date): Promise<KeyRing> {
  const last = unknownKidReads.get(db)
  const sinceMs = last === undefined ? Number.POSITIVE_INFINITY : now.getTime() - last
  // A clock that went back (sinceMs < 0) does not hold the cooldown open.
  if (sinceMs >= 0 && sinceMs < SIGNING_KEYS_UNKNOWN_KID_COOLDOWN_SECONDS * 1000) return getKeyRing(db, keys, now)
  // Set before the read, so concurrent requests with unknown kids share this one read.
  unknownKidReads.set(db, now.getTime())
  return getKeyRing(db, keys, now, true)
}

export interface Rotation {
  retired: string | null
  active: string
  /** When the new key starts signing (the old one signs until then). */
  signsFrom: Date
}

export interface RotationOptions {
  /**
   * How long the new key is published before it signs: SIGNING_KEY_PUBLISH_AHEAD_SECONDS unless
   * the operator asks for more (verifiers with longer caches) or less; 0 switches at once (emergency).
   */
  publishAheadSeconds?: number
  /** Runs inside the rotation's transaction (the admin console writes its ledger row there). */
  record?: (tx: Database, rotation: Rotation) => Promise<void>
}

/**
 * Rotation (security.md §4.1 steps 1–3): a new key is published now and signs from `now` plus the
 * publish-ahead; until then the old one signs. The old one then stops signing but stays published,
 * and keeps verifying, for KEY_RETIREMENT_OVERLAP_SECONDS, so no valid token fails during the
 * change. Rotating again before a switch replaces the waiting key the same way (it signs in between
 * only if its own time comes first). The new key follows `keys` (the instance's algorithm and RSA
 * modulus), so a changed setting takes effect here; keys made before keep working.
 */
export async function rotateSigningKey(
  db: Database,
  keys: KeySettings,
  now: Date,
  options: RotationOptions = {},
): Promise<Rotation> {
  const aheadSeconds = options.publishAheadSeconds ?? SIGNING_KEY_PUBLISH_AHEAD_SECONDS
  if (!(aheadSeconds >= 0) || !Number.isFinite(aheadSeconds))
    throw new TesseraError('invalid_input', { message: 'The publish-ahead must be a number of seconds, 0 or more.' })
  const signsFrom = new Date(now.getTime() + aheadSeconds * 1000)
  const rotation = await db.transaction(async (tx) => {
    // A key still signing past the new key's start stops then (only an earlier switch moves it).
    await tx
      .update(signingKeys)
      .set({ retiredAt: signsFrom })
      .where(and(eq(signingKeys.status, 'retiring'), gt(signingKeys.retiredAt, signsFrom)))
    const [current] = await tx
      .update(signingKeys)
      .set({ status: 'retiring', retiredAt: signsFrom })
      .where(eq(signingKeys.status, 'active'))
      .returning({ kid: signingKeys.kid })
    const made = {
      retired: current?.kid ?? null,
      active: await insertActiveKey(tx, keys, now, signsFrom),
      signsFrom,
    }
    await options.record?.(tx, made)
    return made
  })
  await getKeyRing(db, keys, now, true)
  log.info('signing_keys.rotated', { ...rotation, signsFrom: signsFrom.toISOString() })
  return rotation
}

/**
 * Emergency (security.md §4.1 step 5): the key is withdrawn at once — no longer published, no longer
 * accepted. Tokens it signed stop verifying immediately here, and at other verifiers when they
 * refetch the JWKS. When it was the key signing, the switch is immediate: a key waiting to sign
 * (published in advance) signs from now, or, when there is none, a new one is made.
 */
export async function revokeSigningKey(db: Database, kid: string, keys: KeySettings, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(signingKeys)
      .set({ status: 'revoked', revokedAt: now })
      .where(and(eq(signingKeys.kid, kid), inArray(signingKeys.status, ['active', 'retiring'])))
      .returning({ kid: signingKeys.kid })
    if (!revoked) throw new TesseraError('not_found', { message: `No active or retiring signing key has kid ${kid}.` })
    const rows = await tx
      .select()
      .from(signingKeys)
      .where(inArray(signingKeys.status, ['active', 'retiring']))
    if (signerAt(rows, now)) return
    // Nothing may sign now: the waiting key takes over at once (loadKeyRing makes one if there is none).
    await tx
      .update(signingKeys)
      .set({ signsFrom: now })
      .where(and(eq(signingKeys.status, 'active'), gt(signingKeys.signsFrom, now)))
    await tx
      .update(signingKeys)
      .set({ retiredAt: now })
      .where(and(eq(signingKeys.status, 'retiring'), gt(signingKeys.retiredAt, now)))
  })
  await getKeyRing(db, keys, now, true)
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
