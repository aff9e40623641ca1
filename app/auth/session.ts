/**
 * The `Session` resource of the reference API (https://clerk.com/docs/reference/clerkjs/session): every property, every
 * method. Properties are read from the wire JSON (times become `Date`s); methods call the server
 * and return a fresh `Session`, leaving this object unchanged.
 *
 * The verification methods drive a step-up verification on the server; when one completes, the
 * session's factor ages change, so the tab re-reads the client and its token cache starts over.
 * `checkAuthorization()` is the server's `has()`, judged on what the browser knows.
 */

import { type AuthenticationResponseJSON, browserSupportsWebAuthn, startAuthentication } from '@simplewebauthn/browser'
import { $getClient } from '../functions/client.functions.ts'
import { $endSession, $removeSession, $touchSession } from '../functions/session.functions.ts'
import {
  $attemptFirstFactorVerification,
  $attemptSecondFactorVerification,
  $prepareFirstFactorVerification,
  $prepareSecondFactorVerification,
  $startVerification,
  type VerificationResult,
} from '../functions/verification.functions.ts'
import type { ActorJSON } from '../session/actors.ts'
import { type AuthorizationFacts, type CheckAuthorizationParams, checkAuthorization } from '../session/authorization.ts'
import { decodeAuthorizationClaims } from '../session/claims.ts'
import { TesseraError } from '../session/errors.ts'
import type { Factor, FirstFactorStrategy, SecondFactorStrategy, VerificationCodeStrategy } from '../session/factors.ts'
import type { ReverificationConfig, VerificationLevel } from '../session/reverification.ts'
import type { SessionStatus } from '../session/status.ts'
import type { SessionClaims } from '../session/tokens.ts'
import type {
  CodeAttempt,
  CodeTarget,
  PasskeyAttempt,
  PasswordAttempt,
  PublicUserDataJSON,
  SecondFactorAttempt,
  SecondFactorCodeTarget,
  SessionJSON,
  SessionTaskJSON,
  SessionVerificationJSON,
} from '../session/wire.ts'
import { type OrganizationMembershipResource, toUserResource, type UserResource } from './resources.ts'

export type TouchIntent = 'focus' | 'select_session' | 'select_org'
export type SessionVerificationLevel = VerificationLevel
export type { CheckAuthorizationParams, ReverificationConfig }

export interface GetTokenOptions {
  template?: string
  organizationId?: string
  skipCache?: boolean
}

/** A session token's claims as the browser reads them (decoded, not verified: the server verifies). */
export type SessionTokenClaims = SessionClaims & { [claim: string]: unknown }

/** The reference's `TokenResource`: the JWT's three encoded parts, its header and its claims. */
export interface TokenResource {
  jwt: {
    encoded: { header: string; payload: string; signature: string }
    header: { alg: string; kid: string; typ?: string; [parameter: string]: unknown }
    claims: SessionTokenClaims
  }
  getRawString(): string
}

/** A token as the reference's TokenResource, from the raw JWT and what the cache decoded of it. */
export function toTokenResource(
  jwt: string,
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
): TokenResource {
  const [encodedHeader = '', payload = '', signature = ''] = jwt.split('.')
  return {
    jwt: {
      encoded: { header: encodedHeader, payload, signature },
      header: header as TokenResource['jwt']['header'],
      claims: claims as SessionTokenClaims,
    },
    getRawString: () => jwt,
  }
}

/** A step-up verification in progress (the reference's SessionVerificationResource). */
export type SessionVerificationResource = SessionVerificationJSON
export type SessionVerificationStatus = SessionVerificationJSON['status']
/** What `supportedFirstFactors` lists: discriminated on `strategy`, from our strategy vocabulary. */
export type SessionVerificationFirstFactor = Factor<FirstFactorStrategy>
/** What `supportedSecondFactors` lists (a passkey too: it stands for both factors). */
export type SessionVerificationSecondFactor = Factor<SecondFactorStrategy | 'passkey'>
export type EmailCodeFactor = Factor<'email_code'>
/** A sign-in's email link (`supportedFirstFactors` of a sign-in by email address). */
export type EmailLinkFactor = Factor<'email_link'>
export type PhoneCodeFactor = Factor<'phone_code'>
export type PasswordFactor = Factor<'password'>
export type PasskeyFactor = Factor<'passkey'>
export type TOTPFactor = Factor<'totp'>
export type BackupCodeFactor = Factor<'backup_code'>
export type EnterpriseSSOFactor = Factor<'enterprise_sso'>

/** `primary`, `default` and `channel` are accepted as the reference's types have them, and not needed. */
export type PrepareFirstFactorParams =
  | (CodeTarget & { primary?: boolean; default?: boolean; channel?: 'sms' })
  | { strategy: 'passkey' }
  | {
      strategy: 'enterprise_sso'
      /** Where the IdP sends the browser back (this origin). */
      redirectUrl: string
      enterpriseConnectionId?: string
    }

export type AttemptFirstFactorParams =
  | CodeAttempt<VerificationCodeStrategy>
  | PasswordAttempt
  | PasskeyAttempt<AuthenticationResponseJSON>

export type AgentActClaim = ActorJSON & { type: 'agent' }

/** What a Session needs from the auth layer around it. */
export interface SessionRuntime {
  /** A token for a session of this browser, from the tab's cache or the server. */
  getToken: (sessionId: string, options?: GetTokenOptions) => Promise<string | null>
  /** The session's latest cached token, without fetching. */
  peekToken: (sessionId: string) => TokenResource | null
  /** Re-reads the client and re-runs the route guards after a change. */
  refresh: () => Promise<void>
  /** Tells other tabs that sessions changed. */
  broadcast: () => void
  /** Drops cached tokens (all of them, as the reference does). */
  clearTokenCache: () => void
}

export class Session {
  /** The reference's resource path (its Frontend API's); kept for code that reads it. */
  readonly pathRoot = '/client/sessions'
  readonly id: string
  readonly status: SessionStatus
  readonly createdAt: Date
  readonly updatedAt: Date
  readonly lastActiveAt: Date
  readonly expireAt: Date
  readonly abandonAt: Date
  readonly lastActiveOrganizationId: string | null
  readonly factorVerificationAge: [number, number] | null
  readonly actor: ActorJSON | null
  readonly tasks: SessionTaskJSON[] | null
  readonly user: UserResource | null
  readonly publicUserData: PublicUserDataJSON
  /** Tessera addition: when and why the session stopped being signed in. */
  readonly endedAt: Date | null
  readonly endReason: SessionJSON['endReason']
  readonly #runtime: SessionRuntime

  constructor(json: SessionJSON, runtime: SessionRuntime) {
    this.id = json.id
    this.status = json.status
    this.createdAt = new Date(json.createdAt)
    this.updatedAt = new Date(json.updatedAt)
    this.lastActiveAt = new Date(json.lastActiveAt)
    this.expireAt = new Date(json.expireAt)
    this.abandonAt = new Date(json.abandonAt)
    this.lastActiveOrganizationId = json.lastActiveOrganizationId
    this.factorVerificationAge = json.factorVerificationAge
    this.actor = json.actor
    this.tasks = json.tasks
    this.user = json.user ? toUserResource(json.user, runtime) : null
    this.publicUserData = json.publicUserData
    this.endedAt = json.endedAt === null ? null : new Date(json.endedAt)
    this.endReason = json.endReason
    this.#runtime = runtime
  }

  /** The newest session token this tab holds for this session (kept current by refreshes). */
  get lastActiveToken(): TokenResource | null {
    return this.#runtime.peekToken(this.id)
  }

  /** The actor when it is an agent (`actor.type === 'agent'`), else null. */
  get agent(): AgentActClaim | null {
    return this.actor?.type === 'agent' ? (this.actor as AgentActClaim) : null
  }

  /** The first outstanding task; present on every pending session. */
  get currentTask(): SessionTaskJSON | undefined {
    return this.tasks?.[0]
  }

  /**
   * The session as the server has it now (a fresh `Session`; this one is unchanged), and the app
   * re-reads its client. A session this browser no longer holds: 404 `session_not_found`.
   */
  async reload(): Promise<Session> {
    const { client } = await $getClient()
    const json = client?.sessions.find((candidate) => candidate.id === this.id)
    if (!json) throw new TesseraError('session_not_found')
    await this.#runtime.refresh()
    return new Session(json, this.#runtime)
  }

  async touch(params: { intent?: TouchIntent } = {}): Promise<Session> {
    const { session } = await $touchSession({ data: { sessionId: this.id, intent: params.intent ?? 'focus' } })
    return new Session(session, this.#runtime)
  }

  /** Ends the session; it stays in this browser's list as `ended`. */
  async end(): Promise<Session> {
    const { session } = await $endSession({ data: { sessionId: this.id } })
    return this.#changed(session)
  }

  /** Removes the session (status `removed`); it leaves this browser's list. Cannot be undone. */
  async remove(): Promise<Session> {
    const { session } = await $removeSession({ data: { sessionId: this.id } })
    return this.#changed(session)
  }

  async #changed(json: SessionJSON): Promise<Session> {
    this.#runtime.clearTokenCache()
    this.#runtime.broadcast()
    await this.#runtime.refresh()
    return new Session(json, this.#runtime)
  }

  clearCache(): void {
    this.#runtime.clearTokenCache()
  }

  /** A session token (or a template's token) from the tab's cache, fetched when missing or stale. */
  getToken(options?: GetTokenOptions): Promise<string | null> {
    return this.#runtime.getToken(this.id, options)
  }

  /**
   * Whether this session passes every asked check (the same implementation as the server's).
   * Roles and permissions (system ones included) come from the user's membership in the active
   * organization, features and plans from the session's newest token, reverification from
   * `factorVerificationAge`.
   */
  checkAuthorization(params: CheckAuthorizationParams): boolean {
    return checkAuthorization(params, authorizationFacts(this, this.lastActiveToken?.jwt.claims ?? null))
  }

  /** The membership in the organization the session acts for, or null (the personal account). */
  get activeMembership(): OrganizationMembershipResource | null {
    return (
      this.user?.organizationMemberships.find(
        (membership) => membership.organization.id === this.lastActiveOrganizationId,
      ) ?? null
    )
  }

  /** Starts a step-up verification at `level` (a newer one replaces any in progress). */
  startVerification(params: { level: SessionVerificationLevel }): Promise<SessionVerificationResource> {
    return $startVerification({ data: { sessionId: this.id, level: params.level } })
  }

  /**
   * Sends the email or SMS code, fetches the passkey challenge (in `firstFactorVerification.nonce`),
   * or (enterprise SSO) starts the trip to the IdP: send the browser to
   * `firstFactorVerification.externalVerificationRedirectUrl`; the IdP's answer completes the first
   * factor and the browser comes back to `redirectUrl` (see ADR 017).
   */
  prepareFirstFactorVerification(factor: PrepareFirstFactorParams): Promise<SessionVerificationResource> {
    const sessionId = this.id
    switch (factor.strategy) {
      case 'email_code':
        return $prepareFirstFactorVerification({
          data: { sessionId, strategy: factor.strategy, emailAddressId: factor.emailAddressId },
        })
      case 'phone_code':
        return $prepareFirstFactorVerification({
          data: { sessionId, strategy: factor.strategy, phoneNumberId: factor.phoneNumberId },
        })
      case 'passkey':
        return $prepareFirstFactorVerification({ data: { sessionId, strategy: factor.strategy } })
      case 'enterprise_sso':
        return $prepareFirstFactorVerification({
          data: {
            sessionId,
            strategy: factor.strategy,
            redirectUrl: factor.redirectUrl,
            enterpriseConnectionId: factor.enterpriseConnectionId ?? null,
          },
        })
    }
  }

  async attemptFirstFactorVerification(attempt: AttemptFirstFactorParams): Promise<SessionVerificationResource> {
    return this.#verified(await $attemptFirstFactorVerification({ data: { sessionId: this.id, ...attempt } }))
  }

  /** Texts the second-factor code (to the primary second-factor number unless one is named). */
  prepareSecondFactorVerification(params: SecondFactorCodeTarget): Promise<SessionVerificationResource> {
    return $prepareSecondFactorVerification({ data: { sessionId: this.id, ...params } })
  }

  async attemptSecondFactorVerification(params: SecondFactorAttempt): Promise<SessionVerificationResource> {
    return this.#verified(await $attemptSecondFactorVerification({ data: { sessionId: this.id, ...params } }))
  }

  /** The passkey first factor in one call: challenge, the browser's ceremony, then the answer. */
  async verifyWithPasskey(): Promise<SessionVerificationResource> {
    if (!browserSupportsWebAuthn()) {
      throw new TesseraError('strategy_not_allowed', {
        message: 'This browser does not support passkeys (WebAuthn).',
        meta: { strategy: 'passkey' },
      })
    }
    const prepared = await this.prepareFirstFactorVerification({ strategy: 'passkey' })
    const nonce = prepared.firstFactorVerification?.nonce
    if (!nonce) throw new TesseraError('verification_step_invalid')
    const publicKeyCredential = await startAuthentication({ optionsJSON: JSON.parse(nonce) })
    return this.attemptFirstFactorVerification({ strategy: 'passkey', publicKeyCredential })
  }

  /** A completed verification changed the session's factor ages: everything re-reads them. */
  async #verified(result: VerificationResult): Promise<SessionVerificationResource> {
    if (result.session) {
      this.#runtime.clearTokenCache()
      this.#runtime.broadcast()
      await this.#runtime.refresh()
    }
    return result.verification
  }
}

export type ActiveSessionResource = Session & { status: 'active'; user: UserResource }
export type PendingSessionResource = Session & { status: 'pending'; user: UserResource; currentTask: SessionTaskJSON }
export type SignedInSessionResource = ActiveSessionResource | PendingSessionResource

export function isSignedInSession(session: Session | null | undefined): session is SignedInSessionResource {
  return (session?.status === 'active' || session?.status === 'pending') && session.user !== null
}

/**
 * What `has()` judges a session on, with the features and plans of `claims` (its newest token, or
 * null): hooks pass the token they rendered, so a check agrees with the markup it produced.
 */
export function authorizationFacts(session: Session, claims: Record<string, unknown> | null): AuthorizationFacts {
  const membership = session.activeMembership
  const fromToken = claims ? decodeAuthorizationClaims(claims) : null
  // Organization features and plans count only from a token for the organization acted for.
  const sameOrganization = (fromToken?.organization?.id ?? null) === session.lastActiveOrganizationId
  return {
    userId: session.user?.id ?? null,
    factorVerificationAge: session.factorVerificationAge,
    organization: membership && {
      id: membership.organization.id,
      role: membership.role,
      permissions: membership.permissions,
    },
    features: {
      user: fromToken?.features.user ?? [],
      organization: sameOrganization ? (fromToken?.features.organization ?? []) : [],
    },
    plans: {
      user: fromToken?.plans.user ?? [],
      organization: sameOrganization ? (fromToken?.plans.organization ?? []) : [],
    },
  }
}
