/**
 * Email addresses and public ids: the only forms in which they are accepted.
 */

import type { IdentifierKind } from './factors.ts'
import { EMAIL_MAX_LENGTH, PHONE_MAX_DIGITS, PHONE_MIN_DIGITS, PUBLIC_ID_BYTES } from './policy.ts'

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

const PHONE_PATTERN = new RegExp(`^\\+[1-9]\\d{${PHONE_MIN_DIGITS - 1},${PHONE_MAX_DIGITS - 1}}$`)

/**
 * The canonical E.164 form of a phone number (`+14155550123`), or null.
 *
 * Spaces, dots, dashes and brackets are dropped; the country code is required (there is no
 * default region to guess from). Anything that changes under NFKC (fullwidth digits) is refused.
 */
export function normalizePhone(input: string): string | null {
  const trimmed = input.trim()
  if (trimmed.length === 0 || trimmed.length > 32 || trimmed.normalize('NFKC') !== trimmed) return null
  const compact = trimmed.replace(/[\s().-]/g, '')
  return PHONE_PATTERN.test(compact) ? compact : null
}

export type Identifier = { kind: IdentifierKind; value: string }

/** What a person typed into "email address or phone number", canonicalised, or null. */
export function parseIdentifier(input: string): Identifier | null {
  if (input.includes('@') || input.includes('\uFF20')) {
    const email = normalizeEmail(input)
    return email ? { kind: 'email_address', value: email } : null
  }
  const phone = normalizePhone(input)
  return phone ? { kind: 'phone_number', value: phone } : null
}

/** `ada@example.com` → `a••@example.com`: enough to recognise, not enough to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@')
  const local = email.slice(0, at)
  return `${local.slice(0, 1)}${'•'.repeat(Math.min(Math.max(local.length - 1, 2), 6))}${email.slice(at)}`
}

/** `+14155550123` → `+•••••••0123`. */
export function maskPhone(phone: string): string {
  return `+${'•'.repeat(Math.max(phone.length - 5, 0))}${phone.slice(-4)}`
}

/** Prefixes of public ids, by resource. */
export const ID_PREFIXES = {
  user: 'user',
  email: 'idn',
  phone: 'idn',
  client: 'client',
  session: 'sess',
  passkey: 'pkey',
  signIn: 'sia',
  signUp: 'sua',
  verification: 'sver',
  organization: 'org',
  membership: 'orgmem',
  invitation: 'orginv',
  actorToken: 'act',
  webhookEndpoint: 'whep',
  webhookEvent: 'msg',
  enterpriseConnection: 'econn',
  enterpriseIdentity: 'eid',
  ssoTransaction: 'ssotx',
  /** A connected social account (the reference's external account). */
  externalAccount: 'eac',
  socialTransaction: 'soctx',
  secretKey: 'skey',
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

/** Crockford base32 of `bytes` (lower case, no padding). */
export function base32(bytes: Uint8Array): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff
    bits += 8
    while (bits >= 5) {
      out += ID_ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += ID_ALPHABET[(value << (5 - bits)) & 31]
  return out
}

/** Builds an id from random bytes (the caller supplies them, so this stays pure). */
export function formatPublicId(kind: IdKind, randomBytes: Uint8Array): string {
  return `${ID_PREFIXES[kind]}_${base32(randomBytes).slice(0, ID_RANDOM_LENGTH)}`
}
