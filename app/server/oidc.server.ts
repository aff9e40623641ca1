/**
 * Our side of OpenID Connect (we are the relying party), through openid-client v6: discovery, the
 * authorization URL, and the authorization code exchange with every ID token check, and the
 * translation of whatever goes wrong into our error codes.
 *
 * What we insist on beyond the library's defaults:
 * - the discovered `issuer` equals the configured one character for character (ASVS 10.5.3);
 * - ID tokens are RS256, the OIDC default for a client that registered nothing else, so `alg: none`
 *   and HS256 keyed with the client secret are refused whatever the IdP advertises (ASVS 6.8.2);
 * - their signatures are checked against the IdP's JWKS (openid-client's "non-repudiation" checks:
 *   it would otherwise trust the TLS channel to the token endpoint alone);
 * - PKCE S256, `state` and `nonce` on every request; `max_age` always, so `auth_time` comes back,
 *   and `amr` and `acr` asked for by name where the IdP supports the `claims` parameter;
 * - every call to the IdP gives up after SSO_HTTP_TIMEOUT_SECONDS.
 *
 * The IdP's access and refresh tokens are never kept: only the ID token's claims leave this module
 * (ASVS 10.1.1).
 */

import * as oidc from 'openid-client'
import { TesseraError } from '../session/errors.ts'
import { SSO_DISCOVERY_CACHE_SECONDS, SSO_HTTP_TIMEOUT_SECONDS } from '../session/policy.ts'
import { BoundedMap } from './bounded-map.server.ts'
import { safeEqual, sha256Hex } from './crypto.server.ts'

/** What talking to one connection's IdP takes. */
export interface OidcClient {
  id: string
  issuer: string
  clientId: string
  clientSecret: string
  /** Changes whenever the connection does, so a cached configuration of an older version is not used. */
  updatedAt: Date
}

/** The ID token's claims, validated. */
export type IdTokenClaims = oidc.IDToken

/** OIDC Core §3.1.2.1: RS256 is what an IdP signs with for a client that registered no algorithm. */
const ID_TOKEN_ALGORITHM = 'RS256'
const SCOPE = 'openid email profile'
const RECORDED_CLAIMS = JSON.stringify({ id_token: { auth_time: { essential: true }, amr: null, acr: null } })

// ---------------------------------------------------------------------------------------------
// Errors

type Stage = 'discovery' | 'callback'

const isCodedTypeError = (error: unknown) =>
  error instanceof TypeError && typeof (error as { code?: unknown }).code === 'string'

/** The detail openid-client wraps: the oauth4webapi error's `cause` (claim names, headers, keys). */
function detailOf(error: oidc.ClientError): Record<string, unknown> {
  const inner = error.cause as { cause?: unknown } | undefined
  const detail = inner?.cause
  return typeof detail === 'object' && detail !== null ? (detail as Record<string, unknown>) : {}
}

/**
 * Our error for a failure talking to the IdP or checking what it sent; programming errors pass
 * through. openid-client wraps oauth4webapi's errors in a `ClientError` with the same `code`
 * (`OAUTH_…`, oauth4webapi's exported constants) and the original error, whose `cause` names the
 * claim or header at fault.
 */
function oidcFailure(error: unknown, stage: Stage): unknown {
  if (error instanceof TesseraError) return error
  if (error instanceof oidc.AuthorizationResponseError) {
    return new TesseraError('sso_idp_refused', { meta: { error: error.error } })
  }
  if (error instanceof oidc.ResponseBodyError)
    return new TesseraError('sso_code_rejected', { meta: { error: error.error } })
  if (error instanceof oidc.WWWAuthenticateChallengeError) return new TesseraError('sso_code_rejected')
  if (error instanceof oidc.ClientError) {
    const detail = detailOf(error)
    switch (error.code) {
      case 'OAUTH_TIMEOUT':
      case 'OAUTH_ABORT':
        return new TesseraError('sso_idp_timeout')
      case 'OAUTH_RESPONSE_IS_NOT_CONFORM':
      case 'OAUTH_RESPONSE_IS_NOT_JSON':
      case 'OAUTH_HTTP_REQUEST_FORBIDDEN':
      case 'OAUTH_REQUEST_PROTOCOL_FORBIDDEN':
        return stage === 'discovery'
          ? new TesseraError('sso_discovery_invalid', { meta: { reason: 'not_openid_configuration' } })
          : new TesseraError('sso_idp_unreachable')
      case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED':
        return new TesseraError('sso_discovery_invalid', { meta: { reason: 'issuer_mismatch' } })
      case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
        switch (detail.claim) {
          case 'nonce':
            return new TesseraError('sso_nonce_mismatch')
          case 'aud':
          case 'azp':
            return new TesseraError('sso_audience_invalid')
          case 'iss':
            return new TesseraError('sso_issuer_mismatch')
          default:
            return new TesseraError('sso_token_invalid')
        }
      case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
        if (detail.claim === 'exp' || detail.claim === 'nbf') return new TesseraError('sso_token_expired')
        if (detail.claim === 'auth_time')
          return new TesseraError('sso_auth_time_invalid', { meta: { reason: 'too_old' } })
        return new TesseraError('sso_token_invalid')
      case 'OAUTH_KEY_SELECTION_FAILED':
        return new TesseraError('sso_token_signature_invalid')
      case 'OAUTH_INVALID_RESPONSE':
        if ('header' in detail && 'reason' in detail) return new TesseraError('sso_token_algorithm_invalid')
        if ('signature' in detail) return new TesseraError('sso_token_signature_invalid')
        return stage === 'discovery'
          ? new TesseraError('sso_discovery_invalid', { meta: { reason: 'malformed' } })
          : new TesseraError('sso_token_invalid')
      default:
        return stage === 'discovery'
          ? new TesseraError('sso_discovery_invalid', { meta: { reason: 'malformed' } })
          : new TesseraError('sso_token_invalid')
    }
  }
  // fetch() itself failed: refused, reset, DNS, TLS.
  if (error instanceof TypeError && !isCodedTypeError(error)) return new TesseraError('sso_idp_unreachable')
  return error
}

// ---------------------------------------------------------------------------------------------
// Discovery

/**
 * Fetches and checks the IdP's discovery document. Plain HTTP is allowed only to a loopback issuer
 * (the connection's issuer was checked with `issuerProblem` before it was stored).
 */
export async function discover(connection: Omit<OidcClient, 'id' | 'updatedAt'>): Promise<oidc.Configuration> {
  const issuer = new URL(connection.issuer)
  const execute = [oidc.enableNonRepudiationChecks]
  if (issuer.protocol === 'http:') execute.push(oidc.allowInsecureRequests)
  let config: oidc.Configuration
  try {
    config = await oidc.discovery(
      issuer,
      connection.clientId,
      { client_secret: connection.clientSecret, id_token_signed_response_alg: ID_TOKEN_ALGORITHM },
      oidc.ClientSecretBasic(connection.clientSecret),
      { timeout: SSO_HTTP_TIMEOUT_SECONDS, execute },
    )
  } catch (error) {
    throw oidcFailure(error, 'discovery')
  }
  const metadata = config.serverMetadata()
  // openid-client compares URLs after normalising them; the issuer must be exactly what we expect.
  if (metadata.issuer !== connection.issuer) {
    throw new TesseraError('sso_discovery_invalid', { meta: { reason: 'issuer_mismatch' } })
  }
  if (!metadata.authorization_endpoint || !metadata.token_endpoint || !metadata.jwks_uri) {
    throw new TesseraError('sso_discovery_invalid', { meta: { reason: 'incomplete' } })
  }
  const pkce = metadata.code_challenge_methods_supported
  if (pkce && !pkce.includes('S256'))
    throw new TesseraError('sso_discovery_invalid', { meta: { reason: 'no_pkce_s256' } })
  return config
}

interface Cached {
  version: number
  expiresAt: number
  config: Promise<oidc.Configuration>
}

/** Connections whose IdP configuration is kept at once (each holds the IdP's metadata and JWKS). */
export const DISCOVERY_CACHE_CAP = 1000
const configurations = new BoundedMap<string, Cached>(DISCOVERY_CACHE_CAP)

/** How many connections' configurations are kept (for the test of the cap). */
export const cachedConfigurationCount = (): number => configurations.size

/** The connection's IdP configuration (metadata, and the JWKS openid-client caches with it), reused a while. */
export function configurationFor(connection: OidcClient, now: Date): Promise<oidc.Configuration> {
  const version = connection.updatedAt.getTime()
  const cached = configurations.get(connection.id)
  if (cached && cached.version === version && cached.expiresAt > now.getTime()) return cached.config
  const entry: Cached = {
    version,
    expiresAt: now.getTime() + SSO_DISCOVERY_CACHE_SECONDS * 1000,
    config: discover(connection),
  }
  configurations.set(connection.id, entry)
  // A failure is not remembered: the next sign-in tries the IdP again.
  entry.config.catch(() => {
    if (configurations.get(connection.id) === entry) configurations.delete(connection.id)
  })
  return entry.config
}

// ---------------------------------------------------------------------------------------------
// The round trip

/** The secrets of one trip to the IdP: `state` and `nonce` go in the URL, the verifier stays here. */
export interface RoundTrip {
  state: string
  nonce: string
  codeVerifier: string
}

export function newRoundTrip(): RoundTrip {
  return { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() }
}

/** A stored trip, as its claim needs it (enterprise SSO and social sign-in each keep theirs). */
interface StoredTrip {
  browserHash: string
  consumedAt: Date | null
  nonce: string
  codeVerifier: string
}

/**
 * Claims the trip a callback names, once: its `state` must be one this browser started (the cookie),
 * not used and not expired. `claim` spends the unspent, unexpired row with both hashes in one
 * statement; when there is none, `find` reads the row by its state alone to say why, without
 * revealing anything about another browser's trip. Each refusal has its own code. What the row is
 * for (its connection, its provider) the caller checks: a claimed trip is spent whatever follows.
 */
export async function claimRoundTrip<T extends StoredTrip>(
  input: { state: string | null; browserToken: string | null },
  store: {
    claim: (hashes: { stateHash: string; browserHash: string }) => Promise<T | undefined>
    find: (stateHash: string) => Promise<StoredTrip | undefined>
  },
): Promise<{ row: T; trip: RoundTrip }> {
  // ASVS 7.6.2: without the cookie of the browser that started it, a valid code signs nobody in.
  if (!input.browserToken) throw new TesseraError('sso_transaction_missing')
  if (!input.state) throw new TesseraError('sso_state_invalid')
  const stateHash = sha256Hex(input.state)
  const browserHash = sha256Hex(input.browserToken)
  const row = await store.claim({ stateHash, browserHash })
  if (row) return { row, trip: { state: input.state, nonce: row.nonce, codeVerifier: row.codeVerifier } }
  const found = await store.find(stateHash)
  if (!found || !safeEqual(found.browserHash, browserHash)) throw new TesseraError('sso_state_invalid')
  if (found.consumedAt) throw new TesseraError('sso_state_used')
  throw new TesseraError('sso_state_expired')
}

/** The IdP's authorization URL for a round trip (code flow, PKCE S256, `max_age` always). */
export async function authorizationUrl(
  config: oidc.Configuration,
  input: {
    redirectUri: string
    trip: RoundTrip
    /** Enterprise SSO always sends it (so `auth_time` comes back); social sign-in does not. */
    maxAgeSeconds?: number
    /** Social sign-in asks for scopes of its own provider; otherwise `openid email profile`. */
    scope?: string
    /** `login` for a step-up: the IdP must authenticate the person again, whatever session it has. */
    prompt?: 'login'
    loginHint?: string | null
  },
): Promise<string> {
  const parameters: Record<string, string> = {
    redirect_uri: input.redirectUri,
    response_type: 'code',
    scope: input.scope ?? SCOPE,
    state: input.trip.state,
    nonce: input.trip.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(input.trip.codeVerifier),
    code_challenge_method: 'S256',
  }
  if (input.maxAgeSeconds !== undefined) parameters.max_age = String(input.maxAgeSeconds)
  if (input.prompt) parameters.prompt = input.prompt
  if (input.loginHint) parameters.login_hint = input.loginHint
  // OIDC Core §5.5: ask for what we record (ASVS 7.1.3), where the IdP takes the request at all.
  if (config.serverMetadata().claims_parameter_supported) parameters.claims = RECORDED_CLAIMS
  return oidc.buildAuthorizationUrl(config, parameters).href
}

/**
 * Exchanges the authorization code at the token endpoint and validates the ID token: signature
 * (JWKS), `alg`, `iss`, `aud` and `azp`, `exp` and `iat`, `nonce`, and the response's `state` and
 * RFC 9207 `iss`. Returns the ID token's claims; the IdP's access and refresh tokens are dropped.
 */
export async function exchangeCode(
  config: oidc.Configuration,
  input: { callbackUrl: URL; trip: RoundTrip },
): Promise<IdTokenClaims> {
  try {
    const tokens = await oidc.authorizationCodeGrant(config, input.callbackUrl, {
      pkceCodeVerifier: input.trip.codeVerifier,
      expectedState: input.trip.state,
      expectedNonce: input.trip.nonce,
      idTokenExpected: true,
    })
    const claims = tokens.claims()
    if (!claims) throw new TesseraError('sso_token_invalid')
    return claims
  } catch (error) {
    throw oidcFailure(error, 'callback')
  }
}
