/**
 * The few cryptographic operations the app needs, each built on node:crypto. Nothing here is
 * hand-rolled: random bytes, SHA-256, HMAC and constant-time comparison.
 */

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { formatPublicId, type IdKind } from '../session/identifiers.ts'
import { CLIENT_TOKEN_BYTES, PUBLIC_ID_BYTES } from '../session/policy.ts'

/** A new bearer secret (the client token): 256 bits from the CSPRNG, base64url. */
export function newClientToken(): string {
  return randomBytes(CLIENT_TOKEN_BYTES).toString('base64url')
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

/** Constant-time equality for secrets of any length (lengths are compared via fixed-size digests). */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest()
  const right = createHash('sha256').update(b).digest()
  return timingSafeEqual(left, right)
}

export function newId(kind: IdKind): string {
  return formatPublicId(kind, randomBytes(PUBLIC_ID_BYTES))
}

/** A keyed pseudonym for logs (OWASP: log session lifecycles with a salted hash, never the id). */
export function pseudonym(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url').slice(0, 16)
}
