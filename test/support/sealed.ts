/**
 * Sealed values as the database holds them, opened and made here with a secret the test names,
 * independently of the app's own code: the same derivation (HKDF-SHA-256 of the secret, salt
 * `tessera`, the purpose as info, 32 bytes) and the same JWE (`dir`, A256GCM) that
 * app/server/secret-box.server.ts documents. A fault test uses it to check which secret a stored
 * value opens with, and to plant a value sealed under a secret the server was never given.
 */

import { hkdfSync, randomBytes } from 'node:crypto'
import { CompactEncrypt, compactDecrypt } from 'jose'

export type SealPurpose =
  | 'signing-key-encryption'
  | 'totp-secret-encryption'
  | 'webhook-secret-encryption'
  | 'oidc-client-secret-encryption'

const keyFor = (secret: string, purpose: SealPurpose) =>
  new Uint8Array(hkdfSync('sha256', secret, 'tessera', purpose, 32))

/** The plaintext of `jwe` under `secret`, or null when it does not open with it. */
export async function openWith(secret: string, purpose: SealPurpose, jwe: string): Promise<string | null> {
  try {
    const { plaintext } = await compactDecrypt(jwe, keyFor(secret, purpose))
    return new TextDecoder().decode(plaintext)
  } catch {
    return null
  }
}

/** `plaintext` sealed under `secret`, as an older or foreign deployment would have stored it. */
export function sealWith(secret: string, purpose: SealPurpose, plaintext: string): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .encrypt(keyFor(secret, purpose))
}

/** A new TESSERA_SECRET (32 random bytes, base64url). */
export const newSecret = () => randomBytes(32).toString('base64url')
