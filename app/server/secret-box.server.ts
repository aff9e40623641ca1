/**
 * Keys derived from TESSERA_SECRET, one per purpose (HKDF-SHA-256), and the two things done with
 * them: sealing a secret the server must read back (JWE, A256GCM) and hashing a short secret so a
 * database dump alone cannot brute-force it (HMAC-SHA-256).
 *
 * Rotation (ADR 025): the secrets in TESSERA_SECRET_PREVIOUS derive keys too. Sealing and hashing
 * use TESSERA_SECRET's only; opening and checking try every secret's, the current one first. A seal
 * names its key in the protected header (`kid`, itself derived from the secret, revealing nothing of
 * it) so the right key is tried first, and so a value sealed under a previous secret is told apart
 * (sealed-secrets.server.ts re-seals those at start-up). A value no given secret opens is answered
 * with a coded 503 and a log line, never a 500.
 */

import { createHmac, hkdfSync } from 'node:crypto'
import { CompactEncrypt, compactDecrypt, decodeProtectedHeader } from 'jose'
import { TesseraError } from '../session/errors.ts'
import { getEnv } from './env.server.ts'
import { log } from './log.server.ts'

/** What each derived key is for. A key is never used for two purposes. */
export type KeyPurpose =
  | 'signing-key-encryption'
  | 'totp-secret-encryption'
  | 'webhook-secret-encryption'
  | 'one-time-code-hash'
  | 'oidc-client-secret-encryption'

interface DerivedKey {
  /** Names the key in a seal's header: derived from the secret like the key, so it reveals neither. */
  id: string
  key: Uint8Array
}

/** The operator's fix when a sealed value does not open: in every log line that says so. */
export const SEALED_SECRET_FIX =
  'Set TESSERA_SECRET to the secret these values were sealed with or, when rotating, add that secret to TESSERA_SECRET_PREVIOUS next to the new TESSERA_SECRET (README, "Rotating TESSERA_SECRET").'

const KEY_ID_BYTES = 9
const keys = new Map<KeyPurpose, DerivedKey[]>()

function derive(secret: string, purpose: KeyPurpose): DerivedKey {
  return {
    id: Buffer.from(hkdfSync('sha256', secret, 'tessera', `${purpose} key id`, KEY_ID_BYTES)).toString('base64url'),
    key: new Uint8Array(hkdfSync('sha256', secret, 'tessera', purpose, 32)),
  }
}

/** The purpose's keys: TESSERA_SECRET's first, then each of TESSERA_SECRET_PREVIOUS in order. */
function keysFor(purpose: KeyPurpose): DerivedKey[] {
  let derived = keys.get(purpose)
  if (!derived) {
    const env = getEnv()
    const secrets = [...new Set([env.TESSERA_SECRET, ...env.TESSERA_SECRET_PREVIOUS])]
    derived = secrets.map((secret) => derive(secret, purpose))
    keys.set(purpose, derived)
  }
  return derived
}

const currentKey = (purpose: KeyPurpose): DerivedKey => keysFor(purpose)[0] as DerivedKey

/** The purpose's key under TESSERA_SECRET. */
export function derivedKey(purpose: KeyPurpose): Uint8Array {
  return currentKey(purpose).key
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** `plaintext` sealed under TESSERA_SECRET's key for `purpose`. */
export function seal(plaintext: string, purpose: KeyPurpose): Promise<string> {
  const { id, key } = currentKey(purpose)
  return new CompactEncrypt(encoder.encode(plaintext))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: id })
    .encrypt(key)
}

export interface Opened {
  plaintext: string
  /** Whether it was sealed under TESSERA_SECRET (false: a previous secret; re-seal it). */
  current: boolean
}

/**
 * Opens `jwe` with whichever given secret sealed it: the key its header names first, then the
 * others (a seal made before seals named their key). Null when none opens it (or it is no JWE).
 */
export async function openSealed(jwe: string, purpose: KeyPurpose): Promise<Opened | null> {
  const candidates = keysFor(purpose)
  let named: string | undefined
  try {
    named = decodeProtectedHeader(jwe).kid
  } catch {
    return null
  }
  const ordered = [...candidates].sort((a, b) => Number(b.id === named) - Number(a.id === named))
  for (const candidate of ordered) {
    try {
      const { plaintext } = await compactDecrypt(jwe, candidate.key)
      return { plaintext: decoder.decode(plaintext), current: candidate === candidates[0] }
    } catch {
      // Not this key: the next one.
    }
  }
  return null
}

/** Whether `jwe`'s header names TESSERA_SECRET's key (a cheap check; only opening it proves it). */
export function namesCurrentKey(jwe: string, purpose: KeyPurpose): boolean {
  try {
    return decodeProtectedHeader(jwe).kid === currentKey(purpose).id
  } catch {
    return false
  }
}

/**
 * The plaintext of `jwe`. When no given secret opens it (TESSERA_SECRET changed without the old
 * one in TESSERA_SECRET_PREVIOUS, or a row restored from another deployment), a log line names the
 * purpose and the fix, and the request is answered `sealed_secret_unavailable` (503).
 */
export async function unseal(jwe: string, purpose: KeyPurpose): Promise<string> {
  const opened = await openSealed(jwe, purpose)
  if (opened) return opened.plaintext
  log.warn('secrets.unseal_failed', { purpose, fix: SEALED_SECRET_FIX })
  throw new TesseraError('sealed_secret_unavailable')
}

/** HMAC-SHA-256 of `value` (hex) under the purpose's key. */
export function keyedHash(value: string, purpose: KeyPurpose): string {
  return createHmac('sha256', derivedKey(purpose)).update(value).digest('hex')
}

/**
 * HMAC-SHA-256 of `value` (hex) under each given secret's key for `purpose`, TESSERA_SECRET's
 * first: what a stored hash is checked against, so a hash made before a rotation still matches.
 */
export function keyedHashes(value: string, purpose: KeyPurpose): string[] {
  return keysFor(purpose).map(({ key }) => createHmac('sha256', key).update(value).digest('hex'))
}
