/**
 * Enterprise SSO over OpenID Connect, the pure parts: which issuers and domains a connection may
 * have, whom an ID token signs in (VULN-14: never an existing account on the strength of an
 * unverified email), and what the IdP's `auth_time` and `amr` claims are worth (ASVS 6.8.4, 7.6.1).
 * The protocol itself (discovery, PKCE, the code exchange, signature checks) is openid-client's,
 * in app/server/oidc.server.ts.
 */

import type { ErrorCode } from './errors.ts'
import { normalizeEmail } from './identifiers.ts'
import {
  DOMAIN_MAX_LENGTH,
  SSO_CLOCK_TOLERANCE_SECONDS,
  SSO_MAX_DOMAINS_PER_CONNECTION,
  SSO_SIGN_IN_MAX_AGE_SECONDS,
} from './policy.ts'

export const SSO_TRANSACTION_PURPOSES = [
  /** A sign-in attempt's first factor: the callback completes it, or moves it to its second factor. */
  'sign_in',
  /** A session's step-up verification: the callback answers its first factor. */
  'reverification',
] as const

export type SsoTransactionPurpose = (typeof SSO_TRANSACTION_PURPOSES)[number]

/** The path the IdP sends the browser back to: one per connection, so a response cannot cross connections (VULN-12). */
export function ssoCallbackPath(connectionId: string): string {
  return `/sso/callback/${connectionId}`
}

// ---------------------------------------------------------------------------------------------
// Connections: issuer and domains

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Host names that never leave this machine. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname)
}

export type IssuerProblem = 'not_a_url' | 'insecure' | 'has_credentials' | 'has_query'

/**
 * Why an issuer URL is unacceptable, or null. HTTPS only, except plain HTTP to this machine (a
 * development or test IdP: traffic on loopback cannot be read or changed by anyone else). An
 * issuer identifier has no query or fragment (OIDC Discovery §2).
 */
export function issuerProblem(issuer: string): IssuerProblem | null {
  let url: URL
  try {
    url = new URL(issuer)
  } catch {
    return 'not_a_url'
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) return 'insecure'
  if (url.username || url.password) return 'has_credentials'
  if (url.search || url.hash || issuer.includes('?') || issuer.includes('#')) return 'has_query'
  return null
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

/**
 * The canonical form of an email domain (`corp.example`), or null. Lower-cased; an `@` in front is
 * dropped; internationalised names must be given in their ASCII (`xn--`) form, so two spellings of
 * one domain cannot both be owned.
 */
export function normalizeDomain(input: string): string | null {
  const domain = input.trim().replace(/^@/, '').toLowerCase()
  if (domain.length === 0 || domain.length > DOMAIN_MAX_LENGTH) return null
  const labels = domain.split('.')
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return null
  // The last label is a top-level domain: letters (or an xn-- name), never all digits (an IP address).
  return /^(?:[a-z]{2,63}|xn--[a-z0-9-]+)$/.test(labels.at(-1) ?? '') ? domain : null
}

/** The domains of a connection, canonical and without duplicates, or the first bad entry. */
export function parseDomains(
  inputs: readonly string[],
): { ok: true; domains: string[] } | { ok: false; invalid: string } {
  const domains: string[] = []
  for (const input of inputs) {
    const domain = normalizeDomain(input)
    if (!domain) return { ok: false, invalid: input }
    if (!domains.includes(domain)) domains.push(domain)
  }
  if (domains.length === 0) return { ok: false, invalid: '' }
  if (domains.length > SSO_MAX_DOMAINS_PER_CONNECTION) return { ok: false, invalid: domains.at(-1) ?? '' }
  return { ok: true, domains }
}

/** The domain of a canonical email address. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1)
}

// ---------------------------------------------------------------------------------------------
// Claims

/**
 * What a sign-in or step-up through an IdP records about it (ASVS 7.1.3): the connection, and the
 * ID token's `auth_time` (seconds since the epoch), `amr` and `acr`.
 */
export interface Federation {
  connectionId: string
  authTime: number | null
  amr: string[] | null
  acr: string | null
}

/** `email_verified` counts only as the JSON boolean `true`: missing, `"true"` or `"false"` are false (VULN-14). */
export function isEmailVerifiedClaim(value: unknown): boolean {
  return value === true
}

/** The `amr` claim as a list of method names, or null when absent or malformed (RFC 8176). */
export function parseAmr(value: unknown): string[] | null {
  if (!Array.isArray(value) || value.length === 0 || value.length > 20) return null
  if (!value.every((entry) => typeof entry === 'string' && entry.length > 0 && entry.length <= 64)) return null
  return value as string[]
}

/** The `acr` claim, or null. */
export function parseAcr(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= 256 ? value : null
}

/** `auth_time` (seconds since the epoch) as a date, or null. */
export function parseAuthTime(value: unknown): Date | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? new Date(value * 1000) : null
}

// RFC 8176 method values by the kind of factor they are.
const KNOWLEDGE = new Set(['pwd', 'pin', 'kba'])
const POSSESSION = new Set(['otp', 'sms', 'tel', 'hwk', 'swk', 'sc', 'pop', 'wia', 'user'])
const INHERENCE = new Set(['fpt', 'face', 'iris', 'retina', 'vbm', 'bio'])

/**
 * Whether the IdP says it checked more than one kind of factor: `mfa`, or methods of two kinds
 * (RFC 8176). Without `amr` the answer is no: the weakest is assumed (ASVS 6.8.4).
 */
export function amrIndicatesMfa(amr: readonly string[] | null): boolean {
  if (!amr) return false
  if (amr.includes('mfa')) return true
  const kinds = [KNOWLEDGE, POSSESSION, INHERENCE].filter((kind) => amr.some((method) => kind.has(method)))
  return kinds.length >= 2
}

/**
 * When the factor groups count as verified after an SSO sign-in or step-up: the first at the IdP's
 * `auth_time` (never later than now); the second only when the IdP's `amr` shows more than one kind
 * of factor — so without `amr` the session's second-factor age is −1 (ASVS 6.8.4).
 */
export function federatedFactorTimes(input: { authTime: Date | null; amr: readonly string[] | null; now: Date }): {
  firstFactorVerifiedAt: Date
  secondFactorVerifiedAt: Date | null
} {
  const authTime = input.authTime && input.authTime < input.now ? input.authTime : input.now
  return { firstFactorVerifiedAt: authTime, secondFactorVerifiedAt: amrIndicatesMfa(input.amr) ? authTime : null }
}

/**
 * Why the IdP's `auth_time` is unacceptable, or null (ASVS 7.6.1). We always send `max_age`, so
 * the IdP must say when the person authenticated. A sign-in refuses an authentication older than
 * SSO_SIGN_IN_MAX_AGE_SECONDS; a step-up (sent with `prompt=login` and `max_age=0`) one from
 * before the step-up started: an IdP that skipped the fresh login does not pass it.
 */
export function authTimeProblem(input: {
  authTime: Date | null
  purpose: SsoTransactionPurpose
  /** When we sent the person to the IdP. */
  startedAt: Date
  now: Date
}): 'missing' | 'in_future' | 'too_old' | null {
  const { authTime, now } = input
  if (!authTime) return 'missing'
  const tolerance = SSO_CLOCK_TOLERANCE_SECONDS * 1000
  if (authTime.getTime() > now.getTime() + tolerance) return 'in_future'
  const oldestAllowed =
    input.purpose === 'reverification'
      ? input.startedAt.getTime() - tolerance
      : now.getTime() - SSO_SIGN_IN_MAX_AGE_SECONDS * 1000 - tolerance
  return authTime.getTime() < oldestAllowed ? 'too_old' : null
}

// ---------------------------------------------------------------------------------------------
// Whom an ID token signs in

export interface IdentityFacts {
  /** The user already linked to this (connection, iss, sub), if any. */
  linkedUserId: string | null
  /** The `email` claim, canonicalised; null when absent or not an address we accept. */
  email: string | null
  emailVerifiedClaim: unknown
  /** The connection's domains. */
  domains: readonly string[]
  /** The account that has verified this address here, if any. */
  verifiedOwnerId: string | null
  /** Whether some account holds the address without having verified it. */
  unverifiedHolder: boolean
}

export type IdentityDecision =
  | { action: 'sign_in'; userId: string }
  | { action: 'link'; userId: string }
  | { action: 'create'; email: string; emailVerified: boolean }
  | { action: 'refuse'; code: ErrorCode }

/**
 * Maps an ID token to an account. A known (connection, iss, sub) is that account, whatever the
 * email says now (ASVS 10.5.2: an address change at the IdP is not a new person). Otherwise the
 * email must be in one of the connection's domains, and then (VULN-14):
 *
 * - an account that verified the address here is linked only if the IdP says `email_verified: true`;
 * - an account holding the address unverified is never linked (whoever added it never proved it),
 *   and no second account is made beside it;
 * - with no account holding it, a new account is made.
 */
export function decideIdentity(facts: IdentityFacts): IdentityDecision {
  if (facts.linkedUserId) return { action: 'sign_in', userId: facts.linkedUserId }
  if (!facts.email) return { action: 'refuse', code: 'sso_email_missing' }
  if (!facts.domains.includes(emailDomain(facts.email))) return { action: 'refuse', code: 'sso_email_domain_mismatch' }
  const verified = isEmailVerifiedClaim(facts.emailVerifiedClaim)
  if (facts.verifiedOwnerId) {
    return verified
      ? { action: 'link', userId: facts.verifiedOwnerId }
      : { action: 'refuse', code: 'sso_email_not_verified' }
  }
  if (facts.unverifiedHolder) return { action: 'refuse', code: 'sso_local_email_unverified' }
  return { action: 'create', email: facts.email, emailVerified: verified }
}

/** The `email` claim in canonical form, or null. */
export function claimedEmail(value: unknown): string | null {
  return typeof value === 'string' ? normalizeEmail(value) : null
}
