/**
 * Password hashing with Argon2id at the OWASP minimum (m = 19 MiB, t = 2, p = 1), about 11 ms per
 * hash on the reference machine. Unknown users are verified against a dummy hash, so a wrong email
 * costs the same time as a wrong password.
 */

import { type Algorithm, hash, verify } from '@node-rs/argon2'
import { normalizePassword } from '../session/password.ts'

const ARGON2ID = 2 as Algorithm
export const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(normalizePassword(password), ARGON2_OPTIONS)
}

let dummyHash: Promise<string> | undefined

/**
 * Checks `password` against `storedHash`; with no stored hash (unknown user, no password set) it
 * still pays for one verification and returns false.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash === null) {
    dummyHash ??= hashPassword('tessera-dummy-password-for-timing')
    await verify(await dummyHash, normalizePassword(password)).catch(() => false)
    return false
  }
  return verify(storedHash, normalizePassword(password)).catch(() => false)
}

/**
 * Backup codes carry 65 random bits, so their hash needs salt, not cost: no dictionary helps and
 * 2^65 guesses are out of reach at any cost factor. Argon2id (NIST asks for a password hash for
 * look-up secrets under 112 bits) at a small cost keeps checking all ten codes near 10 ms.
 */
const BACKUP_CODE_ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 4096, timeCost: 1, parallelism: 1 } as const

export function hashBackupCode(code: string): Promise<string> {
  return hash(code, BACKUP_CODE_ARGON2_OPTIONS)
}

export function verifyBackupCodeHash(storedHash: string, code: string): Promise<boolean> {
  return verify(storedHash, code).catch(() => false)
}
