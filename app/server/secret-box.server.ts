/**
 * Keys derived from TESSERA_SECRET, one per purpose (HKDF-SHA-256), and the two things done with
 * them: sealing a secret the server must read back (JWE, A256GCM) and hashing a short secret so a
 * database dump alone cannot brute-force it (HMAC-SHA-256).
 */

import { createHmac, hkdfSync } from 'node:crypto'
import { CompactEncrypt, compactDecrypt } from 'jose'
import { getEnv } from './env.server.ts'

/** What each derived key is for. A key is never used for two purposes. */
export type KeyPurpose =
  | 'signing-key-encryption'
  | 'totp-secret-encryption'
  | 'webhook-secret-encryption'
  | 'one-time-code-hash'
  | 'oidc-client-secret-encryption'

const keys = new Map<KeyPurpose, Uint8Array>()

export function derivedKey(purpose: KeyPurpose): Uint8Array {
  let key = keys.get(purpose)
  if (!key) {
    key = new Uint8Array(hkdfSync('sha256', getEnv().TESSERA_SECRET, 'tessera', purpose, 32))
    keys.set(purpose, key)
  }
  return key
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

export function seal(plaintext: string, purpose: KeyPurpose): Promise<string> {
  return new CompactEncrypt(encoder.encode(plaintext))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .encrypt(derivedKey(purpose))
}

export async function unseal(jwe: string, purpose: KeyPurpose): Promise<string> {
  const { plaintext } = await compactDecrypt(jwe, derivedKey(purpose))
  return decoder.decode(plaintext)
}

/** HMAC-SHA-256 of `value` (hex) under the purpose's key. */
export function keyedHash(value: string, purpose: KeyPurpose): string {
  return createHmac('sha256', derivedKey(purpose)).update(value).digest('hex')
}
