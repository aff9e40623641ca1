/**
 * Minting and verifying session tokens. One verifier is used everywhere: an algorithm allow-list,
 * only our own keys, the `iss`/`azp`/`typ`/`exp`/`nbf` checks with 5 s of leeway, and no key
 * material taken from the token itself.
 */

import { randomBytes } from 'node:crypto'
import { decodeProtectedHeader, errors, type JWTPayload, jwtVerify, SignJWT } from 'jose'
import type { Database } from '../../db/client.ts'
import type { InstanceConfig } from '../config/instance.ts'
import type { EntitlementsInput } from '../session/claims.ts'
import { type ErrorCode, TesseraError } from '../session/errors.ts'
import type { JsonValue } from '../session/json.ts'
import { TOKEN_CLOCK_SKEW_SECONDS, TOKEN_MAX_BYTES } from '../session/policy.ts'
import { ownEntry } from '../session/registry.ts'
import { renderTemplateClaims, type TemplateData } from '../session/templates.ts'
import {
  buildSessionClaims,
  type SessionClaims,
  type SessionClaimsInput,
  SIGNING_ALGORITHMS,
  TOKEN_TYPE,
} from '../session/tokens.ts'
import { JWT_PATTERN } from '../session/transport.ts'
import { BoundedMap } from './bounded-map.server.ts'
import { entitlementsFor } from './memberships.server.ts'
import type { SessionRow } from './session-store.server.ts'
import { getKeyRing, getKeyRingForUnknownKid, type KeyRing } from './signing-keys.server.ts'

export interface MintedToken<Claims = Record<string, unknown>> {
  jwt: string
  claims: Claims
  /** Seconds until `exp`: the browser schedules its refresh from this, not from its own clock. */
  expiresInSeconds: number
}

const newJti = () => randomBytes(16).toString('base64url')

async function sign(ring: KeyRing, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims as JWTPayload)
    .setProtectedHeader({ alg: ring.signing.algorithm, kid: ring.signing.kid, typ: TOKEN_TYPE })
    .sign(ring.signing.privateKey)
}

export interface MintContext {
  db: Database
  config: InstanceConfig
  now: Date
  /** `iss`: the app's origin. */
  issuer: string
  /** `azp`: the origin that asked, else the app's own (`authorizedPartyFor`). */
  authorizedParty: string
}

/**
 * A session token for `session`, acting for `organizationId` (the session's own organization when
 * not given). The organization and the plans are read now: a role or plan change shows in the next
 * token, and a token never names an organization the user has left.
 */
export async function mintSessionToken(
  ctx: MintContext,
  session: SessionRow,
  organizationId: string | null = session.lastActiveOrganizationId,
): Promise<MintedToken<SessionClaims>> {
  // Both reads at once; the ring read here is the one mintSessionTokenWith then finds in memory.
  const [entitlements] = await Promise.all([
    entitlementsFor(ctx.db, ctx.config.access, session.userId, organizationId),
    getKeyRing(ctx.db, ctx.config.tokens, ctx.now),
  ])
  return mintSessionTokenWith(ctx, session, entitlements)
}

/**
 * A session token saying `entitlements` (what `mintSessionToken` read for the session), built and
 * signed as every session token is: the reference-SDK oracle test mints through it.
 */
export async function mintSessionTokenWith(
  ctx: MintContext,
  session: SessionClaimsInput['session'],
  entitlements: EntitlementsInput,
): Promise<MintedToken<SessionClaims>> {
  const ring = await getKeyRing(ctx.db, ctx.config.tokens, ctx.now)
  const claims = buildSessionClaims({
    issuer: ctx.issuer,
    authorizedParty: ctx.authorizedParty,
    session,
    entitlements,
    jti: newJti(),
    now: ctx.now,
    lifetimeSeconds: ctx.config.tokens.lifetimeSeconds,
    skewSeconds: TOKEN_CLOCK_SKEW_SECONDS,
  })
  return { jwt: await sign(ring, { ...claims }), claims, expiresInSeconds: claims.exp - claims.iat }
}

/**
 * A template token: the template's rendered claims plus `iss sub azp iat nbf exp jti`; no `sid`,
 * `v` or `fva` (it is not a session token, and session-token checks refuse it).
 */
export async function mintTemplateToken(
  ctx: MintContext,
  input: { template: string; session: SessionRow; data: TemplateData },
): Promise<MintedToken> {
  const template = ownEntry(ctx.config.tokens.templates, input.template)
  if (!template) throw new TesseraError('template_not_found')
  const ring = await getKeyRing(ctx.db, ctx.config.tokens, ctx.now)
  const iat = Math.floor(ctx.now.getTime() / 1000)
  const claims: Record<string, JsonValue> = {
    ...renderTemplateClaims(template.claims, input.data),
    iss: ctx.issuer,
    sub: input.session.userId,
    iat,
    nbf: iat - template.clockSkewSeconds,
    exp: iat + template.lifetimeSeconds,
    jti: newJti(),
    azp: ctx.authorizedParty,
  }
  return { jwt: await sign(ring, claims), claims, expiresInSeconds: template.lifetimeSeconds }
}

// ---------------------------------------------------------------------------------------------
// Verification

const KID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/
/** Header parameters that would let a token choose its own key: never honoured, always refused. */
const FORBIDDEN_HEADERS = ['jwk', 'jku', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'crit'] as const

function refuse(code: ErrorCode): never {
  throw new TesseraError(code)
}

export interface VerifyOptions {
  db: Database
  config: InstanceConfig
  now: Date
  issuer: string
  /** Origins a token may have been minted for (`azp`). */
  authorizedParties: readonly string[]
}

function checkHeader(token: string) {
  if (token.length > TOKEN_MAX_BYTES) refuse('token_too_large')
  // An empty signature is let through to be refused by name below (`alg: none`).
  if (!JWT_PATTERN.test(token)) refuse('token_malformed')
  let header: Record<string, unknown>
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>
  } catch {
    return refuse('token_malformed')
  }
  if (FORBIDDEN_HEADERS.some((name) => name in header)) refuse('token_header_invalid')
  if (header.typ !== TOKEN_TYPE) refuse('token_header_invalid')
  if (!(SIGNING_ALGORITHMS as readonly unknown[]).includes(header.alg)) refuse('token_header_invalid')
  if (typeof header.kid !== 'string' || !KID_PATTERN.test(header.kid)) refuse('token_key_unknown')
  return { kid: header.kid, alg: header.alg as string }
}

const CLAIM_ERRORS: Record<string, ErrorCode> = {
  iss: 'token_issuer_invalid',
  nbf: 'token_not_yet_valid',
  iat: 'token_not_yet_valid',
}

function mapJoseError(error: unknown): never {
  if (error instanceof TesseraError) throw error
  if (error instanceof errors.JWTExpired) refuse('token_expired')
  if (error instanceof errors.JWTClaimValidationFailed) refuse(CLAIM_ERRORS[error.claim] ?? 'token_claims_invalid')
  if (error instanceof errors.JWSSignatureVerificationFailed) refuse('token_signature_invalid')
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
    refuse('token_header_invalid')
  refuse('token_malformed')
}

/**
 * Tokens whose signature this process has already checked, keyed by the exact token string (a
 * re-encoded token is another string and is verified afresh). A tab reuses one token for ~45 s, so
 * most requests skip the signature check; the time, issuer, audience and key checks still run.
 */
const verifiedTokens = new BoundedMap<string, { kid: string; claims: Record<string, unknown> }>(10_000)

function checkRememberedClaims(claims: Record<string, unknown>, options: VerifyOptions): Record<string, unknown> {
  const now = options.now.getTime() / 1000
  if (now > Number(claims.exp) + TOKEN_CLOCK_SKEW_SECONDS) refuse('token_expired')
  if (now < Number(claims.nbf) - TOKEN_CLOCK_SKEW_SECONDS) refuse('token_not_yet_valid')
  if (claims.iss !== options.issuer) refuse('token_issuer_invalid')
  if (claims.azp !== undefined && !options.authorizedParties.includes(String(claims.azp)))
    refuse('token_audience_invalid')
  return claims
}

/** Verifies any token we signed (session or template) and returns its claims, or throws a `token_*` error. */
export async function verifyToken(token: string, options: VerifyOptions): Promise<Record<string, unknown>> {
  const header = checkHeader(token)
  let ring = await getKeyRing(options.db, options.config.tokens, options.now)
  // A remembered token counts only while its key is still published (a revoked key leaves the ring).
  const remembered = verifiedTokens.get(token)
  if (remembered && ring.verifying.has(remembered.kid)) return checkRememberedClaims(remembered.claims, options)
  // A key this server does not hold: re-read, at most once per cooldown (JWT-R2), so made-up kids
  // cannot make every request a query.
  if (!ring.verifying.has(header.kid))
    ring = await getKeyRingForUnknownKid(options.db, options.config.tokens, options.now)
  const key = ring.verifying.get(header.kid)
  if (!key) return refuse('token_key_unknown')
  // The algorithm is the key's, never the token's: an RS256 key cannot verify an HS256 token.
  if (header.alg !== key.algorithm) refuse('token_header_invalid')
  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: [key.algorithm],
      issuer: options.issuer,
      typ: TOKEN_TYPE,
      clockTolerance: TOKEN_CLOCK_SKEW_SECONDS,
      currentDate: options.now,
      requiredClaims: ['sub', 'iat', 'nbf', 'exp', 'jti'],
    })
    if (payload.azp !== undefined && !options.authorizedParties.includes(String(payload.azp)))
      refuse('token_audience_invalid')
    verifiedTokens.set(token, { kid: key.kid, claims: payload as Record<string, unknown> })
    return payload as Record<string, unknown>
  } catch (error) {
    return mapJoseError(error)
  }
}

/** Verifies a session token: a token we signed that names a session (`sid`, `v: 2`). */
export async function verifySessionToken(token: string, options: VerifyOptions): Promise<SessionClaims> {
  const claims = await verifyToken(token, options)
  if (typeof claims.sid !== 'string' || typeof claims.sub !== 'string' || claims.v !== 2) refuse('token_claims_invalid')
  return claims as unknown as SessionClaims
}
