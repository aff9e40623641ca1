/**
 * The session token (a JWT) and what it says: the reference's v2 claim set. Building claims is pure;
 * signing and verifying live on the server.
 */

import type { ActorJSON } from './actors.ts'
import { type AuthorizationClaims, type EntitlementsInput, encodeAuthorizationClaims } from './claims.ts'
import type { SessionStatus } from './status.ts'
import { factorVerificationAge } from './verification.ts'

export const SIGNING_ALGORITHMS = [
  /** RSA, the reference's algorithm: backends verifying its tokens with a PEM key or JWKS verify ours. */
  'RS256',
  /** ECDSA P-256: smaller keys and tokens; on two cores a verify costs less than RS256 signing. */
  'ES256',
  /** Ed25519. */
  'EdDSA',
] as const

export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number]

/**
 * The RSA modulus sizes new RS256 keys may have (`tokens.rsaModulusBits`; ADR 026): 2048 (the
 * default, 112-bit security, what the reference's networkless verifier reads), 3072 (128-bit) or
 * 4096 (about 140-bit).
 */
export const RSA_MODULUS_SIZES = [2048, 3072, 4096] as const

export type RsaModulusBits = (typeof RSA_MODULUS_SIZES)[number]

/** What a new signing key is: its algorithm, and for RS256 its modulus size. */
export interface SigningKeySettings {
  algorithm: SigningAlgorithm
  rsaModulusBits: RsaModulusBits
}

export const SIGNING_KEY_STATUSES = [
  /**
   * The newest key; exactly one at a time. Published at once, it signs from its `signsFrom` (after a
   * rotation's publish-ahead; until then the key it replaces, now `retiring`, still signs).
   */
  'active',
  /**
   * Rotated out: signs until its `retiredAt` (its successor's `signsFrom`), then only verifies; stays
   * published until its overlap ends.
   */
  'retiring',
  /** Withdrawn in an emergency: neither published nor accepted. */
  'revoked',
] as const

export type SigningKeyStatus = (typeof SIGNING_KEY_STATUSES)[number]

/** Template names: what `getToken({ template })` accepts. */
export const TEMPLATE_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/

/** The `typ` header of every token we sign. */
export const TOKEN_TYPE = 'JWT'

/** Claims of a session token (v2); `o`, `fea` and `pla` are described in `claims.ts`. */
export interface SessionClaims extends AuthorizationClaims {
  iss: string
  sub: string
  sid: string
  /** The authorized party: the origin that asked for the token, else the app's own (`authorizedPartyFor`). */
  azp: string
  iat: number
  nbf: number
  exp: number
  jti: string
  v: 2
  /** Minutes since the first and second factor were verified; -1: never. */
  fva: [number, number]
  /** Present only while the session is pending. */
  sts?: 'pending'
  /** The impersonator or agent acting in the session. */
  act?: ActorJSON
}

/**
 * `azp`, always present (verifiers such as the reference's `authorizedParties` check refuse a token
 * without one): the request's `Origin` when it is a plain http(s) origin, else the app's own origin
 * (a CLI, a native app, a server-side call).
 */
export function authorizedPartyFor(origin: string | null | undefined, appOrigin: string): string {
  if (!origin) return appOrigin
  try {
    const url = new URL(origin)
    if ((url.protocol === 'https:' || url.protocol === 'http:') && url.origin === origin) return origin
  } catch {
    // Not a URL ("null", garbage): the app's origin.
  }
  return appOrigin
}

export interface SessionClaimsInput {
  issuer: string
  authorizedParty: string
  session: {
    id: string
    userId: string
    status: SessionStatus
    actor: ActorJSON | null
    firstFactorVerifiedAt: Date | null
    secondFactorVerifiedAt: Date | null
  }
  /** The user's and the active organization's plans, features and permissions. */
  entitlements: EntitlementsInput
  jti: string
  now: Date
  lifetimeSeconds: number
  skewSeconds: number
}

export function buildSessionClaims(input: SessionClaimsInput): SessionClaims {
  const { session, now } = input
  const iat = Math.floor(now.getTime() / 1000)
  const claims: SessionClaims = {
    iss: input.issuer,
    sub: session.userId,
    sid: session.id,
    azp: input.authorizedParty,
    iat,
    // Backdated by the allowed skew, so a verifier whose clock runs a little behind accepts it.
    nbf: iat - input.skewSeconds,
    exp: iat + input.lifetimeSeconds,
    jti: input.jti,
    v: 2,
    fva: factorVerificationAge(session.firstFactorVerifiedAt, session.secondFactorVerifiedAt, now),
  }
  if (session.status === 'pending') claims.sts = 'pending'
  if (session.actor) claims.act = session.actor
  return { ...claims, ...encodeAuthorizationClaims(input.entitlements) }
}

/** The claims every token carries and no template may set. */
export const RESERVED_CLAIMS = [
  'iss',
  'sub',
  'sid',
  'azp',
  'iat',
  'nbf',
  'exp',
  'jti',
  'v',
  'fva',
  'sts',
  'act',
  'o',
  'fea',
  'pla',
] as const
