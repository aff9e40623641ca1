/**
 * Social sign-in (ADR 034): Google and Microsoft over OpenID Connect through openid-client, as
 * enterprise SSO (oidc.server.ts: discovery, PKCE S256, `state` and `nonce`, the ID token checked
 * in full); GitHub over plain OAuth 2.0 and its API (github.server.ts). In order:
 *
 * 1. a trip is started: its `state` (hashed), nonce and PKCE verifier stored, bound to the
 *    provider and to the browser (the hash of an HttpOnly cookie), for 10 minutes;
 * 2. the callback claims it with one conditional UPDATE (this browser's, unused, unexpired), so of
 *    any number of callbacks with the same `state` exactly one proceeds (REL-04), and checks it is
 *    this provider's (VULN-12);
 * 3. the code is exchanged and the person read (the ID token's claims, or GitHub's `/user` and
 *    `/user/emails`);
 * 4. the identity is mapped by (provider, subject) — never by email alone — and linked or made an
 *    account only under VULN-14 (`decideSocialIdentity`);
 * 5. a sign-in passes its first factor (the sign-in machinery applies second factors, the
 *    lockout, bans, session limits and tasks), or a signed-in user's account is connected.
 */

import { and, eq, gt, isNull } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { emailAddresses, oauthIdentities, sessions, socialTransactions } from '../../db/schema.ts'
import { claimedEmail, isEmailVerifiedClaim, isLoopbackHost } from '../session/enterprise-sso.ts'
import { TesseraError } from '../session/errors.ts'
import { OAUTH_PROVIDERS, type OAuthProvider, oauthStrategyOf } from '../session/factors.ts'
import { NAME_MAX_LENGTH, SSO_TRANSACTION_TTL_SECONDS } from '../session/policy.ts'
import {
  decideConnection,
  decideSocialIdentity,
  SOCIAL_PROVIDERS,
  type SocialProfile,
  type SocialTripPurpose,
  socialCallbackPath,
} from '../session/social.ts'
import type { SignedIn } from './auth.server.ts'
import { socialClientSecret } from './config.server.ts'
import { newClientToken, newId, sha256Hex } from './crypto.server.ts'
import { isUniqueViolation, onceMoreIfRaced } from './db-errors.server.ts'
import { type GitHubClient, githubAuthorizationUrl, githubProfile } from './github.server.ts'
import { appendLedger } from './ledger.server.ts'
import {
  authorizationUrl,
  claimRoundTrip,
  configurationFor,
  exchangeCode,
  newRoundTrip,
  type RoundTrip,
} from './oidc.server.ts'
import { enforceRateLimit } from './rate-limits.server.ts'
import { notifySecurityEvent, primaryEmailOf } from './security-events.server.ts'
import type { ServiceContext } from './service-context.server.ts'
import { lookupClientSession } from './session-store.server.ts'
import { passSocialSignIn } from './sign-in.server.ts'
import { createUser, findUserIdByIdentifier } from './users.server.ts'

export type SocialTransactionRow = typeof socialTransactions.$inferSelect

// ---------------------------------------------------------------------------------------------
// Providers

type ResolvedProvider =
  | { provider: OAuthProvider; name: string; protocol: 'oidc'; clientId: string; clientSecret: string; issuer: string }
  | ({ provider: OAuthProvider; name: string; protocol: 'github' } & GitHubClient)

/** When the settings of a provider were read: they do not change while the process runs. */
const SETTINGS_VERSION = new Date(0)

/** Plain HTTP only to this machine (a test provider), as for enterprise issuers (ADR 017). */
function assertSecureEndpoint(url: string): string {
  const parsed = new URL(url)
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))) {
    throw new TesseraError('oauth_provider_disabled', { meta: { reason: 'insecure_endpoint' } })
  }
  return url
}

/** The providers offered on this instance: enabled in the settings, with their secret in the environment. */
export function enabledSocialProviders(ctx: Pick<ServiceContext, 'config'>): OAuthProvider[] {
  return OAUTH_PROVIDERS.filter((provider) => ctx.config.factors.firstFactors.includes(oauthStrategyOf(provider)))
}

/** A provider's settings and secret, or `oauth_provider_disabled`. */
export function socialProvider(ctx: Pick<ServiceContext, 'config'>, provider: OAuthProvider): ResolvedProvider {
  const settings = ctx.config.social[provider]
  const clientSecret = socialClientSecret(provider)
  if (!settings?.enabled || !clientSecret || !enabledSocialProviders(ctx).includes(provider)) {
    throw new TesseraError('oauth_provider_disabled', { meta: { provider } })
  }
  const defaults = SOCIAL_PROVIDERS[provider]
  if (defaults.protocol === 'github') {
    const github = ctx.config.social.github
    return {
      provider,
      name: defaults.name,
      protocol: 'github',
      clientId: settings.clientId,
      clientSecret,
      authorizationUrl: assertSecureEndpoint(github?.authorizationUrl ?? defaults.authorizationUrl),
      tokenUrl: assertSecureEndpoint(github?.tokenUrl ?? defaults.tokenUrl),
      apiUrl: assertSecureEndpoint(github?.apiUrl ?? defaults.apiUrl),
    }
  }
  const oidcSettings = ctx.config.social[provider] as { issuer?: string } | undefined
  return {
    provider,
    name: defaults.name,
    protocol: 'oidc',
    clientId: settings.clientId,
    clientSecret,
    issuer: assertSecureEndpoint(oidcSettings?.issuer ?? defaults.issuer),
  }
}

const oidcClientOf = (resolved: Extract<ResolvedProvider, { protocol: 'oidc' }>) => ({
  // The cache key names the issuer and client: settings that differ (another instance's, a test's)
  // never share a cached configuration.
  id: `social:${resolved.provider}:${resolved.issuer}:${resolved.clientId}`,
  issuer: resolved.issuer,
  clientId: resolved.clientId,
  clientSecret: resolved.clientSecret,
  updatedAt: SETTINGS_VERSION,
})

/** The redirect URI to register at the provider. */
export function socialCallbackUrl(ctx: Pick<ServiceContext, 'origin'>, provider: OAuthProvider): string {
  return new URL(socialCallbackPath(provider), ctx.origin).href
}

// ---------------------------------------------------------------------------------------------
// Step 1: the trip

export type SocialTripTarget =
  | { purpose: Exclude<SocialTripPurpose, 'connect'> }
  | { purpose: 'connect'; sessionId: string }

export interface StartedSocialTrip {
  /** Where to send the browser. */
  url: string
  /** For the browser's transaction cookie: the callback is accepted only with it. */
  browserToken: string
}

export async function startSocialTrip(
  ctx: ServiceContext,
  provider: OAuthProvider,
  target: SocialTripTarget,
  paths: { redirectPath: string; continuePath: string },
): Promise<StartedSocialTrip> {
  const resolved = socialProvider(ctx, provider)
  await enforceRateLimit(ctx.db, ctx.config, 'sign_in_ip', ctx.meta.ipAddress, ctx.now)
  const trip = newRoundTrip()
  const browserToken = newClientToken()
  const redirectUri = socialCallbackUrl(ctx, provider)
  // The provider's URL first: a provider that is down fails the start, and no row is left behind.
  const url =
    resolved.protocol === 'github'
      ? await githubAuthorizationUrl(resolved, { redirectUri, trip })
      : await authorizationUrl(await configurationFor(oidcClientOf(resolved), ctx.now), { redirectUri, trip })
  await ctx.db.insert(socialTransactions).values({
    id: newId('socialTransaction'),
    provider,
    purpose: target.purpose,
    stateHash: sha256Hex(trip.state),
    browserHash: sha256Hex(browserToken),
    nonce: trip.nonce,
    codeVerifier: trip.codeVerifier,
    sessionId: target.purpose === 'connect' ? target.sessionId : null,
    redirectPath: paths.redirectPath,
    continuePath: paths.continuePath,
    createdAt: ctx.now,
    expiresAt: new Date(ctx.now.getTime() + SSO_TRANSACTION_TTL_SECONDS * 1000),
  })
  return { url, browserToken }
}

// ---------------------------------------------------------------------------------------------
// Step 2: the claim

export interface ClaimedSocialTrip {
  transaction: SocialTransactionRow
  trip: RoundTrip
}

/**
 * Claims the trip a callback names (`claimRoundTrip`), and refuses it when it was started for
 * another provider: an answer on another provider's callback is a mix-up attempt, and the trip is
 * spent all the same.
 */
export async function claimSocialTrip(
  ctx: Pick<ServiceContext, 'db' | 'now'>,
  input: { provider: OAuthProvider; state: string | null; browserToken: string | null },
): Promise<ClaimedSocialTrip> {
  const { row: transaction, trip } = await claimRoundTrip(input, {
    claim: async ({ stateHash, browserHash }) => {
      const [claimed] = await ctx.db
        .update(socialTransactions)
        .set({ consumedAt: ctx.now })
        .where(
          and(
            eq(socialTransactions.stateHash, stateHash),
            eq(socialTransactions.browserHash, browserHash),
            isNull(socialTransactions.consumedAt),
            gt(socialTransactions.expiresAt, ctx.now),
          ),
        )
        .returning()
      return claimed
    },
    find: async (stateHash) =>
      (await ctx.db.select().from(socialTransactions).where(eq(socialTransactions.stateHash, stateHash)))[0],
  })
  if (transaction.provider !== input.provider) throw new TesseraError('oauth_provider_mismatch')
  return { transaction, trip }
}

// ---------------------------------------------------------------------------------------------
// Step 3: who the provider says it is

const claimedName = (value: unknown) =>
  typeof value === 'string' && value.trim() ? value.trim().slice(0, NAME_MAX_LENGTH) : null

export async function profileFromCallback(
  ctx: ServiceContext,
  resolved: ResolvedProvider,
  claimed: ClaimedSocialTrip,
  params: URLSearchParams,
): Promise<SocialProfile> {
  const error = params.get('error')
  if (error) throw new TesseraError('sso_idp_refused', { meta: { error: error.slice(0, 64) } })
  const redirectUri = socialCallbackUrl(ctx, resolved.provider)
  if (resolved.protocol === 'github') {
    const code = params.get('code')
    if (!code) throw new TesseraError('sso_code_rejected', { meta: { error: 'no_code' } })
    return githubProfile(resolved, { code, redirectUri, trip: claimed.trip })
  }
  const config = await configurationFor(oidcClientOf(resolved), ctx.now)
  // RFC 9207: a provider that names itself in the response must be the one we sent the person to.
  const iss = params.get('iss')
  if (iss !== null && iss !== resolved.issuer) throw new TesseraError('sso_issuer_mismatch')
  if (iss === null && config.serverMetadata().authorization_response_iss_parameter_supported) {
    throw new TesseraError('sso_issuer_mismatch')
  }
  const url = new URL(redirectUri)
  for (const [key, value] of params) url.searchParams.append(key, value)
  const claims = await exchangeCode(config, { callbackUrl: url, trip: claimed.trip })
  return {
    subject: claims.sub,
    email: claimedEmail(claims.email),
    // Microsoft says so in its `xms_edov` optional claim (the domain owner verified the address),
    // not in `email_verified`: https://learn.microsoft.com/entra/identity-platform/optional-claims-reference
    emailVerified:
      isEmailVerifiedClaim(claims.email_verified) ||
      (resolved.provider === 'microsoft' && isEmailVerifiedClaim(claims.xms_edov)),
    firstName: claimedName(claims.given_name),
    lastName: claimedName(claims.family_name),
    username: typeof claims.preferred_username === 'string' ? claims.preferred_username.slice(0, 100) : null,
  }
}

// ---------------------------------------------------------------------------------------------
// Step 4: whose account

interface ResolvedIdentity {
  userId: string
  /** Writes the link (or its last-used time) in the transaction that moves the sign-in on. */
  link: (tx: Database) => Promise<void>
  /** An existing account was linked just now: its owner is told. */
  linkedExisting: boolean
}

function identityValues(ctx: ServiceContext, profile: SocialProfile) {
  return {
    email: profile.email,
    emailVerified: profile.emailVerified,
    username: profile.username,
    firstName: profile.firstName,
    lastName: profile.lastName,
    lastSignedInAt: ctx.now,
  }
}

function insertIdentity(
  ctx: ServiceContext,
  tx: Database,
  provider: OAuthProvider,
  profile: SocialProfile,
  userId: string,
) {
  return tx.insert(oauthIdentities).values({
    id: newId('externalAccount'),
    userId,
    provider,
    subject: profile.subject,
    createdAt: ctx.now,
    ...identityValues(ctx, profile),
  })
}

function ledgerConnected(
  ctx: ServiceContext,
  tx: Database,
  userId: string,
  provider: OAuthProvider,
  sessionId: string | null,
) {
  return appendLedger(
    tx,
    [
      {
        type: 'external_account_connected',
        sessionId,
        userId,
        actor: 'user',
        actorUserId: userId,
        detail: SOCIAL_PROVIDERS[provider].name,
        meta: ctx.meta,
      },
    ],
    ctx.now,
  )
}

async function resolveSocialIdentity(
  ctx: ServiceContext,
  provider: OAuthProvider,
  profile: SocialProfile,
): Promise<ResolvedIdentity> {
  const key = and(eq(oauthIdentities.provider, provider), eq(oauthIdentities.subject, profile.subject))
  const touch = async (tx: Database) => {
    await tx.update(oauthIdentities).set(identityValues(ctx, profile)).where(key)
  }
  const [linked] = await ctx.db.select({ userId: oauthIdentities.userId }).from(oauthIdentities).where(key)
  const email = profile.email
  const verifiedOwnerId =
    email && !linked ? await findUserIdByIdentifier(ctx.db, { kind: 'email_address', value: email }) : null
  const unverifiedHolder =
    email !== null && !linked && verifiedOwnerId === null
      ? (await ctx.db.$count(emailAddresses, and(eq(emailAddresses.email, email), isNull(emailAddresses.verifiedAt)))) >
        0
      : false
  const decision = decideSocialIdentity({
    linkedUserId: linked?.userId ?? null,
    email,
    emailVerified: profile.emailVerified,
    verifiedOwnerId,
    unverifiedHolder,
  })
  switch (decision.action) {
    case 'refuse':
      throw new TesseraError(decision.code, { meta: { provider } })
    case 'sign_in':
      return { userId: decision.userId, link: touch, linkedExisting: false }
    case 'link': {
      const userId = decision.userId
      return {
        userId,
        linkedExisting: true,
        link: async (tx) => {
          await insertIdentity(ctx, tx, provider, profile, userId)
          await ledgerConnected(ctx, tx, userId, provider, null)
        },
      }
    }
    case 'create': {
      // The account and its link are made first, on their own: the sign-in then proceeds as for a
      // linked identity (a new account has no second factor and no tasks beyond the instance's).
      const user = await ctx.db.transaction(async (tx) => {
        const created = await createUser(
          tx,
          {
            email: decision.email,
            passwordHash: null,
            firstName: profile.firstName,
            lastName: profile.lastName,
            emailVerified: true,
          },
          ctx.now,
        )
        await insertIdentity(ctx, tx, provider, profile, created.id)
        return created
      })
      return { userId: user.id, link: touch, linkedExisting: false }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Step 5, and the whole callback

export interface SocialCallbackInput {
  provider: OAuthProvider
  /** The callback's query parameters (code, state, iss, or error). */
  params: URLSearchParams
  /** The browser's social transaction cookie. */
  browserToken: string | null
  /** The browser's client cookie. */
  clientToken: string | null
  /** The browser's sign-in attempt cookie (abandoned when a new one starts). */
  signInToken: string | null
}

export type SocialOutcome =
  | { kind: 'signed_in'; signedIn: SignedIn; redirectPath: string }
  /** The first factor passed; the sign-in page asks for the second (the attempt's token for the cookie). */
  | { kind: 'needs_second_factor'; signInToken: string; continuePath: string }
  | { kind: 'connected'; redirectPath: string }

/** Steps 2 to 5 (the callback route claims first, to know where to send a failure). */
export async function finishSocialTrip(
  ctx: ServiceContext,
  claimed: ClaimedSocialTrip,
  input: SocialCallbackInput,
): Promise<SocialOutcome> {
  const { provider } = input
  const resolved = socialProvider(ctx, provider)
  const { transaction } = claimed
  if (transaction.purpose === 'connect') return finishConnect(ctx, resolved, claimed, input)
  const strategy = oauthStrategyOf(provider)
  let profile: SocialProfile
  let identity: ResolvedIdentity
  try {
    profile = await profileFromCallback(ctx, resolved, claimed, input.params)
    identity = await onceMoreIfRaced(() => resolveSocialIdentity(ctx, provider, profile))
  } catch (error) {
    if (error instanceof TesseraError) {
      await appendLedger(
        ctx.db,
        [
          {
            type: 'sign_in_failed',
            sessionId: null,
            userId: null,
            actor: 'user',
            actorUserId: null,
            detail: `${strategy}: ${error.code}`,
            meta: ctx.meta,
          },
        ],
        ctx.now,
      )
    }
    throw error
  }
  const identifier = (await primaryEmailOf(ctx.db, identity.userId)) ?? profile.email ?? ''
  const step = await passSocialSignIn(
    ctx,
    { userId: identity.userId, strategy, link: identity.link, identifier },
    { signIn: input.signInToken, client: input.clientToken },
  )
  if (identity.linkedExisting) {
    notifySecurityEvent(
      ctx,
      [await primaryEmailOf(ctx.db, identity.userId)],
      'external_account_connected',
      resolved.name,
    )
  }
  return step.signedIn
    ? { kind: 'signed_in', signedIn: step.signedIn, redirectPath: transaction.redirectPath }
    : { kind: 'needs_second_factor', signInToken: step.token, continuePath: transaction.continuePath }
}

/**
 * A signed-in user connects another account: the trip's session must be one of this browser's and
 * still active; the identity must be nobody's (or already theirs). The email need not match: the
 * user proved both sides in this browser just now (the start was a sensitive action).
 */
async function finishConnect(
  ctx: ServiceContext,
  resolved: ResolvedProvider,
  claimed: ClaimedSocialTrip,
  input: SocialCallbackInput,
): Promise<SocialOutcome> {
  const { transaction } = claimed
  if (!transaction.sessionId) throw new TesseraError('session_not_found')
  const client = input.clientToken ? await lookupClientSession(ctx.db, input.clientToken, null) : null
  const [session] = await ctx.db
    .select({ clientId: sessions.clientId, userId: sessions.userId, status: sessions.status })
    .from(sessions)
    .where(eq(sessions.id, transaction.sessionId))
  if (!client || !session || client.clientId !== session.clientId || session.status !== 'active') {
    throw new TesseraError('session_not_found')
  }
  const profile = await profileFromCallback(ctx, resolved, claimed, input.params)
  const key = and(eq(oauthIdentities.provider, resolved.provider), eq(oauthIdentities.subject, profile.subject))
  const [linked] = await ctx.db.select({ userId: oauthIdentities.userId }).from(oauthIdentities).where(key)
  const decision = decideConnection({ linkedUserId: linked?.userId ?? null, userId: session.userId })
  if (decision.action === 'refuse') throw new TesseraError(decision.code)
  if (decision.action === 'link') {
    try {
      await ctx.db.transaction(async (tx) => {
        await insertIdentity(ctx, tx, resolved.provider, profile, session.userId)
        await ledgerConnected(ctx, tx, session.userId, resolved.provider, transaction.sessionId)
      })
    } catch (error) {
      if (isUniqueViolation(error)) throw new TesseraError('oauth_account_taken')
      throw error
    }
    notifySecurityEvent(
      ctx,
      [await primaryEmailOf(ctx.db, session.userId)],
      'external_account_connected',
      resolved.name,
    )
  }
  return { kind: 'connected', redirectPath: transaction.redirectPath }
}

/** Steps 2 to 5 in one call (the callback route splits them to know where to send a failure). */
export async function completeSocialCallback(ctx: ServiceContext, input: SocialCallbackInput): Promise<SocialOutcome> {
  const claimed = await claimSocialTrip(ctx, {
    provider: input.provider,
    state: input.params.get('state'),
    browserToken: input.browserToken,
  })
  return finishSocialTrip(ctx, claimed, input)
}
