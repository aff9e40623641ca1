/**
 * Email addresses and public ids: the only forms in which they are accepted.
 */

import { EMAIL_MAX_LENGTH, PUBLIC_ID_BYTES } from './policy.ts'

// Local part of dot-atoms (RFC 5322 without quoted strings or comments), then a hostname with a TLD.
const EMAIL_PATTERN =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/

/**
 * The canonical form of an email address, or null when it is not one we accept.
 *
 * Input that changes under NFKC normalisation (for example a fullwidth `＠`) is refused rather than
 * silently folded: validating one string and mailing another is how homoglyph attacks get in.
 * Addresses are compared case-insensitively, so the canonical form is lower case.
 */
export function normalizeEmail(input: string): string | null {
  const trimmed = input.trim()
  if (trimmed.length === 0 || trimmed.length > EMAIL_MAX_LENGTH) return null
  if (trimmed.normalize('NFKC') !== trimmed) return null
  const lower = trimmed.toLowerCase()
  return EMAIL_PATTERN.test(lower) ? lower : null
}

/** Prefixes of public ids, by resource. */
export const ID_PREFIXES = {
  user: 'user',
  email: 'idn',
  client: 'client',
  session: 'sess',
} as const

export type IdKind = keyof typeof ID_PREFIXES

/** Crockford base32, lower case: no padding, no ambiguous letters. */
export const ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
/** Characters needed to carry PUBLIC_ID_BYTES of randomness in base32. */
export const ID_RANDOM_LENGTH = Math.ceil((PUBLIC_ID_BYTES * 8) / 5)

const idPatterns = Object.fromEntries(
  Object.entries(ID_PREFIXES).map(([kind, prefix]) => [
    kind,
    new RegExp(`^${prefix}_[${ID_ALPHABET}]{${ID_RANDOM_LENGTH}}$`),
  ]),
) as Record<IdKind, RegExp>

export function isPublicId(kind: IdKind, value: string): boolean {
  return idPatterns[kind].test(value)
}

/** Builds an id from random bytes (the caller supplies them, so this stays pure). */
export function formatPublicId(kind: IdKind, randomBytes: Uint8Array): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of randomBytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += ID_ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += ID_ALPHABET[(value << (5 - bits)) & 31]
  return `${ID_PREFIXES[kind]}_${out.slice(0, ID_RANDOM_LENGTH)}`
}
