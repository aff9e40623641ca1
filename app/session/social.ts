/**
 * Social sign-in (the reference's `oauth_<provider>` strategies), the pure parts: how each provider
 * is reached, what a trip to it is for, and whom an answer signs in. The protocols are in
 * app/server/social-sign-in.server.ts: OpenID Connect through openid-client for Google and
 * Microsoft (as enterprise SSO, docs/decisions/017-enterprise-sso.md), plain OAuth 2.0 and the
 * provider's API for GitHub. See docs/decisions/034-social-sign-in.md.
 */

import type { ErrorCode } from './errors.ts'
import type { OAuthProvider } from './factors.ts'
import { normalizeEmail } from './identifiers.ts'

export type SocialProtocol = 'oidc' | 'github'

export interface OidcProviderDefaults {
  protocol: 'oidc'
  name: string
  /** The issuer whose discovery document is fetched (`<issuer>/.well-known/openid-configuration`). */
  issuer: string
}

export interface GitHubProviderDefaults {
  protocol: 'github'
  name: string
  /** Where the browser is sent (`/login/oauth/authorize`). */
  authorizationUrl: string
  /** Where the code is exchanged (`/login/oauth/access_token`). */
  tokenUrl: string
  /** The REST API's base (`/user`, `/user/emails` under it). */
  apiUrl: string
}

export type ProviderDefaults = OidcProviderDefaults | GitHubProviderDefaults

/**
 * The providers: their names and public endpoints. An instance enables one in `app.config.ts`
 * (`social.<provider>`) with its client id; the secret comes from the environment
 * (`OAUTH_<PROVIDER>_CLIENT_SECRET`). Endpoints may be overridden there (tests point them at loopback).
 */
export const SOCIAL_PROVIDERS = {
  google: { protocol: 'oidc', name: 'Google', issuer: 'https://accounts.google.com' },
  github: {
    protocol: 'github',
    name: 'GitHub',
    authorizationUrl: 'https://github.com/login/oauth/authorize',
    tokenUrl: 'https://github.com/login/oauth/access_token',
    apiUrl: 'https://api.github.com',
  },
  // Personal Microsoft accounts ("consumers" tenant): its issuer names the tenant, so discovery
  // checks out. A work tenant is configured by its own issuer.
  microsoft: {
    protocol: 'oidc',
    name: 'Microsoft',
    issuer: 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0',
  },
} as const satisfies Record<OAuthProvider, ProviderDefaults>

/** GitHub's scopes: the profile, and the addresses with their verified flags. */
export const GITHUB_SCOPES = 'read:user user:email'

export const SOCIAL_TRIP_PURPOSES = [
  /** Sign in, or sign up if the person is new (the reference's sign-in transfers to sign-up). */
  'sign_in',
  /** The same, started from the sign-up page. */
  'sign_up',
  /** A signed-in user connects another account (a sensitive action). */
  'connect',
] as const
export type SocialTripPurpose = (typeof SOCIAL_TRIP_PURPOSES)[number]

/** The path the provider sends the browser back to: one per provider, so an answer cannot cross providers. */
export function socialCallbackPath(provider: OAuthProvider): string {
  return `/oauth/callback/${provider}`
}

/** What a provider said about the person, whichever protocol it spoke. */
export interface SocialProfile {
  /** The provider's stable user id (OIDC `sub`, GitHub's numeric `id`). */
  subject: string
  /** The address to link or make an account by, canonical; null when there is none. */
  email: string | null
  /** Whether the provider says it verified that address (`email_verified: true`, GitHub's `verified`). */
  emailVerified: boolean
  firstName: string | null
  lastName: string | null
  /** A handle (GitHub's `login`), for the connected-accounts list. */
  username: string | null
}

/** One of GitHub's `/user/emails` entries. */
export interface GitHubEmail {
  email: string
  verified: boolean
  primary: boolean
}

/**
 * The address a GitHub answer stands for: its primary address if GitHub verified it, else any
 * verified one; an unverified address is returned unverified only when there is no verified one.
 */
export function pickGitHubEmail(emails: readonly GitHubEmail[]): { email: string | null; verified: boolean } {
  const usable = emails
    .map((entry) => ({ ...entry, email: normalizeEmail(entry.email) }))
    .filter((entry): entry is GitHubEmail => entry.email !== null)
  const verified = usable.filter((entry) => entry.verified === true)
  const chosen = verified.find((entry) => entry.primary) ?? verified[0]
  if (chosen) return { email: chosen.email, verified: true }
  const unverified = usable.find((entry) => entry.primary) ?? usable[0]
  return { email: unverified?.email ?? null, verified: false }
}

export interface SocialIdentityFacts {
  /** The user already linked to this (provider, subject), if any. */
  linkedUserId: string | null
  email: string | null
  emailVerified: boolean
  /** The account that has verified this address here, if any. */
  verifiedOwnerId: string | null
  /** Whether some account holds the address without having verified it. */
  unverifiedHolder: boolean
}

export type SocialIdentityDecision =
  | { action: 'sign_in'; userId: string }
  | { action: 'link'; userId: string }
  | { action: 'create'; email: string }
  | { action: 'refuse'; code: ErrorCode }

/**
 * Maps a provider's answer to an account, under the rule enterprise SSO follows (VULN-14). A known
 * (provider, subject) is its account whatever the address says now. Otherwise:
 *
 * - an account that verified the address here is linked only if the provider verified it too;
 * - an account holding the address unverified is never linked, and no second account is made;
 * - nobody holding it: a new account, but only on an address the provider verified (an account
 *   whose only address nobody proved could not be told apart from a squatter's).
 */
export function decideSocialIdentity(facts: SocialIdentityFacts): SocialIdentityDecision {
  if (facts.linkedUserId) return { action: 'sign_in', userId: facts.linkedUserId }
  if (!facts.email) return { action: 'refuse', code: 'oauth_email_missing' }
  if (facts.verifiedOwnerId) {
    return facts.emailVerified
      ? { action: 'link', userId: facts.verifiedOwnerId }
      : { action: 'refuse', code: 'oauth_email_not_verified' }
  }
  if (facts.unverifiedHolder) return { action: 'refuse', code: 'oauth_local_email_unverified' }
  if (!facts.emailVerified) return { action: 'refuse', code: 'oauth_email_not_verified' }
  return { action: 'create', email: facts.email }
}

/**
 * Whom a "connect another account" answer may link to the signed-in user: an identity nobody has,
 * or one this user already has (nothing to do). Another user's identity is refused.
 */
export function decideConnection(input: {
  linkedUserId: string | null
  userId: string
}): { action: 'link' } | { action: 'already_linked' } | { action: 'refuse'; code: ErrorCode } {
  if (input.linkedUserId === null) return { action: 'link' }
  if (input.linkedUserId === input.userId) return { action: 'already_linked' }
  return { action: 'refuse', code: 'oauth_account_taken' }
}
