/**
 * The reference's classic `SignIn` resource (https://clerk.com/docs/reference/objects/sign-in),
 * returned by the legacy `useSignIn()`: the state of this browser's sign-in and the methods that
 * move it on. It reads and drives the attempt the server keeps (app/server/sign-in.server.ts; the
 * browser holds only its HttpOnly cookie), so any `SignIn` object of the page drives the same
 * attempt. As in the reference, each method updates this object from the server's answer and
 * resolves to it; listeners (the hooks) re-render.
 *
 * Strategies are ours (app/session/factors.ts): a first factor is a password, an email or phone
 * code, a passkey or enterprise SSO; a second factor an authenticator app, a texted code or a
 * backup code. A strategy we do not offer is refused by the server with a coded 4xx.
 */

import type { AuthenticationResponseJSON } from '@simplewebauthn/browser'
import { TesseraError } from '../session/errors.ts'
import type {
  CodeStrategy,
  Factor,
  FirstFactorStrategy,
  IdentifierKind,
  OAuthStrategy,
  ResetPasswordStrategy,
  SecondFactorStrategy,
  Strategy,
} from '../session/factors.ts'
import { type SignInResourceStatus, signInResourceStatus } from '../session/sign-in.ts'
import type { FactorJSON, SignInJSON, VerificationJSON } from '../session/wire.ts'
import {
  type CreateEmailLinkFlowReturn,
  emailLinkFlow,
  type SignInStartEmailLinkFlowParams,
} from './email-link-flow.ts'

// ---------------------------------------------------------------------------------------------
// Factors: the reference's `SignInFirstFactor` / `SignInSecondFactor`, from the one factor shape per
// strategy (`Factor` in app/session/factors.ts, shared with the session's verification). A sign-in's
// code factors carry no `emailAddressId` / `phoneNumberId` (they would tell whether an account
// exists): a code always goes to the identifier, and the ids a caller passes back are ignored.

export type SignInFirstFactor = Factor<FirstFactorStrategy>
/**
 * The second factors offered are ours (`SECOND_FACTOR_STRATEGIES`). The type also admits the
 * reference's email code as a second factor (its Device Trust), which we never offer, so the
 * guides' code that looks for one compiles unchanged, and finds none.
 */
export type SignInSecondFactor = Factor<SecondFactorStrategy | ReferenceOnlySecondFactor>
export type SignInFactor = SignInFirstFactor | SignInSecondFactor

/** The reference's second-factor email code: a type only, refused by the server (a coded 400). */
type ReferenceOnlySecondFactor = 'email_code'

// ---------------------------------------------------------------------------------------------
// Parameters (the reference's, for our strategies)

/**
 * `identifier` alone starts identifier-first; with `password` it is the one-call password sign-in.
 * `strategy: 'enterprise_sso'` with `redirectUrl` also prepares the trip to the IdP.
 */
export type SignInCreateParams =
  | { identifier: string; password?: string; strategy?: 'password' }
  | { strategy: 'enterprise_sso'; identifier: string; redirectUrl: string }
  /** The reference's "forgot password" start: the identifier, and its reset code sent at once. */
  | { strategy: ResetPasswordStrategy; identifier: string }
  /**
   * The reference's sign-in tokens (`ticket`, its "embedded email links"): compiles, so its guide
   * does, and is refused (`strategy_not_allowed`, nothing sent): we issue no sign-in tokens (ADR 036).
   */
  | { strategy: 'ticket'; ticket: string }

/**
 * The ids are accepted as the reference's types have them; a code always goes to the identifier.
 * A reset's id, when given, is checked: it must be the identifier's (else `identifier_not_found`).
 */
export type PrepareFirstFactorParams =
  | { strategy: 'email_code'; emailAddressId?: string }
  | { strategy: 'phone_code'; phoneNumberId?: string; channel?: 'sms' }
  | { strategy: 'reset_password_email_code'; emailAddressId?: string }
  | { strategy: 'reset_password_phone_code'; phoneNumberId?: string }
  | { strategy: 'enterprise_sso'; redirectUrl: string; actionCompleteRedirectUrl?: string }
  /** Emails a sign-in link; `redirectUrl` is the page it goes on to once opened (the flow's `startEmailLinkFlow`). */
  | { strategy: 'email_link'; emailAddressId?: string; redirectUrl?: string }

export type AttemptFirstFactorParams =
  | { strategy: 'password'; password: string }
  | { strategy: CodeStrategy; code: string }
  /**
   * The reference's one-call reset (its legacy forgot-password guide): the code, then the new
   * password. A retry after the password was refused skips the code, which is already spent.
   */
  | { strategy: ResetPasswordStrategy; code: string; password: string; signOutOfOtherSessions?: boolean }
  | { strategy: 'passkey'; publicKeyCredential: AuthenticationResponseJSON }

/** The reference's `ResetPasswordParams`: `signOutOfOtherSessions` defaults to true. */
export interface ResetPasswordParams {
  password: string
  signOutOfOtherSessions?: boolean
}

/**
 * Texts the second-factor code (to the primary second-factor number unless one is named). The
 * reference's `email_code` compiles and is refused by the server.
 */
export type PrepareSecondFactorParams =
  | { strategy: 'phone_code'; phoneNumberId?: string }
  | { strategy: ReferenceOnlySecondFactor; emailAddressId?: string }

export interface AttemptSecondFactorParams {
  strategy: SecondFactorStrategy | ReferenceOnlySecondFactor
  code: string
}

export interface AuthenticateWithPasskeyParams {
  /** `autofill`: the browser offers passkeys in the identifier field (conditional mediation). */
  flow?: 'autofill' | 'discoverable'
}

// ---------------------------------------------------------------------------------------------
// The verification of a step (the reference's VerificationResource)

export interface SignInVerificationResource {
  /** null: nothing asked for yet. */
  status: VerificationJSON['status'] | null
  strategy: Strategy | null
  /** When the outstanding code stops working. */
  expireAt: Date | null
  nonce: string | null
  /** Enterprise SSO: where to send the browser. */
  externalVerificationRedirectURL: URL | null
  /** Tessera: where the code went, masked. */
  safeIdentifier: string | null
  /** Tessera: when another code may be asked for (epoch ms). */
  nextResendAt: number | null
  /** An email link: whether it was opened in this browser (the reference compares `verifiedAtClient`). */
  verifiedFromTheSameClient: () => boolean
}

export function toVerificationResource(json: VerificationJSON | null): SignInVerificationResource {
  const sameClient = json?.verifiedFromSameClient === true
  return {
    verifiedFromTheSameClient: () => sameClient,
    status: json?.status ?? null,
    strategy: json?.strategy ?? null,
    expireAt: json?.expireAt == null ? null : new Date(json.expireAt),
    nonce: json?.nonce ?? null,
    externalVerificationRedirectURL: json?.externalVerificationRedirectUrl
      ? new URL(json.externalVerificationRedirectUrl)
      : null,
    safeIdentifier: json?.safeIdentifier ?? null,
    nextResendAt: json?.nextResendAt ?? null,
  }
}

// ---------------------------------------------------------------------------------------------
// The transport: the server calls behind the resource (a fake one in unit tests)

/** What a step answers: the attempt as it now stands, and the session when it completed. */
export interface SignInAnswer {
  signIn: SignInJSON
  sessionId: string | null
}

/**
 * The reference's `authenticateWithRedirect` parameters, for our social strategies (ADR 034):
 * `redirectUrlComplete` is where the browser lands signed in; `redirectUrl` where it lands when the
 * sign-in needs more (a second factor) or failed (`?sso_error=<code>`) — a page that renders
 * `<AuthenticateWithRedirectCallback />`, or the sign-in page.
 */
export interface AuthenticateWithRedirectParams {
  strategy: OAuthStrategy
  redirectUrl: string
  redirectUrlComplete: string
  /** The reference's sign-up options: accepted; a new person gets an account either way. */
  continueSignUp?: boolean
  unsafeMetadata?: Record<string, unknown>
}

/**
 * The reference's enterprise-SSO form of `authenticateWithRedirect`: the email address picks the
 * connection. Here the trip comes back to our own callback (`/sso/callback`), so `redirectUrl` (the
 * reference's callback page) is not visited; the browser lands on `redirectUrlComplete`.
 */
export interface AuthenticateWithEnterpriseRedirectParams {
  strategy: 'enterprise_sso'
  identifier: string
  redirectUrl: string
  redirectUrlComplete: string
}

/** What starting a trip to a provider answers. */
export interface SocialRedirectAnswer {
  externalVerificationRedirectUrl: string
}

/** Leaves the page for the provider (replaced in tests). */
export const leavePage = { to: (url: string) => window.location.assign(url) }

export interface SignInTransport {
  /** Starts a trip to a social provider (absent from transports that do not speak it). */
  authenticateWithRedirect?(params: Record<string, unknown>): Promise<SocialRedirectAnswer>
  get(): Promise<SignInJSON | null>
  create(params: Record<string, unknown>): Promise<SignInAnswer>
  prepareFirstFactor(params: Record<string, unknown>): Promise<SignInJSON>
  attemptFirstFactor(params: Record<string, unknown>): Promise<SignInAnswer>
  prepareSecondFactor(params: Record<string, unknown>): Promise<SignInJSON>
  attemptSecondFactor(params: Record<string, unknown>): Promise<SignInAnswer>
  resetPassword(params: ResetPasswordParams): Promise<SignInAnswer>
  /** Signs in with a passkey: the browser's ceremony unless `credential` is given; the new session. */
  signInWithPasskey(options: { credential?: AuthenticationResponseJSON; autofill?: boolean }): Promise<string>
  cancel(): Promise<void>
  /** The poll of a tab waiting for its email link: the sign-in, completed here once the link was opened elsewhere. */
  pollEmailLink(): Promise<SignInAnswer>
}

// ---------------------------------------------------------------------------------------------
// The resource

const asFirstFactor = (factor: FactorJSON) => ({ ...factor }) as SignInFirstFactor
const asSecondFactor = (factor: FactorJSON) => ({ ...factor }) as SignInSecondFactor

export class SignIn {
  id: string | null = null
  status: SignInResourceStatus | null = null
  identifier: string | null = null
  /** Tessera: the kind of identifier typed. */
  identifierKind: IdentifierKind | null = null
  /** The same for every identifier of a kind: they do not tell whether an account exists. */
  supportedFirstFactors: SignInFirstFactor[] | null = null
  /** Known once the first factor has passed. */
  supportedSecondFactors: SignInSecondFactor[] | null = null
  firstFactorVerification: SignInVerificationResource = toVerificationResource(null)
  secondFactorVerification: SignInVerificationResource = toVerificationResource(null)
  createdSessionId: string | null = null
  /** Nothing about the account is shown before it has signed in. */
  userData: Record<string, never> = {}
  expireAt: Date | null = null

  readonly #transport: SignInTransport
  readonly #listeners = new Set<() => void>()
  /** Bumped on every change, for `useSyncExternalStore`. */
  version = 0

  constructor(json: SignInJSON | null, transport: SignInTransport) {
    this.#transport = transport
    this.#assign(json, null)
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #apply(json: SignInJSON | null, createdSessionId: string | null = null): this {
    this.#assign(json, createdSessionId)
    return this.#changed()
  }

  #changed(): this {
    this.version += 1
    for (const listener of this.#listeners) listener()
    return this
  }

  #assign(json: SignInJSON | null, createdSessionId: string | null): void {
    const status = json ? signInResourceStatus(json.status) : null
    const open = json !== null && status !== null
    this.id = open ? json.id : null
    this.status = status
    this.identifier = open ? json.identifier : null
    this.identifierKind = open ? json.identifierKind : null
    this.supportedFirstFactors = open ? json.supportedFirstFactors.map(asFirstFactor) : null
    this.supportedSecondFactors = open ? (json.supportedSecondFactors?.map(asSecondFactor) ?? null) : null
    this.firstFactorVerification = toVerificationResource(open ? json.firstFactorVerification : null)
    this.secondFactorVerification = toVerificationResource(open ? json.secondFactorVerification : null)
    this.createdSessionId = (open ? json.createdSessionId : null) ?? createdSessionId
    this.expireAt = open ? new Date(json.expireAt) : null
  }

  #answered = ({ signIn, sessionId }: SignInAnswer): this => this.#apply(signIn, sessionId)

  /** Re-reads the sign-in in progress in this browser (none: every field is empty again). */
  reload = async (): Promise<this> => this.#apply(await this.#transport.get())

  /** Starts a sign-in (replacing any in progress). With `password`, it is attempted at once. */
  create = async (params: SignInCreateParams): Promise<this> => {
    if (params.strategy === 'ticket') throw new TesseraError('strategy_not_allowed', { meta: { strategy: 'ticket' } })
    if (params.strategy === 'enterprise_sso') {
      const { strategy: _strategy, redirectUrl, ...rest } = params
      this.#answered(await this.#transport.create(rest))
      return this.prepareFirstFactor({ strategy: 'enterprise_sso', redirectUrl })
    }
    if (params.strategy === 'reset_password_email_code' || params.strategy === 'reset_password_phone_code') {
      this.#answered(await this.#transport.create({ identifier: params.identifier }))
      return this.prepareFirstFactor({ strategy: params.strategy })
    }
    // `strategy: 'password'` says what a password means; anything else goes to the server as given.
    const { strategy, ...rest } = params
    const body = strategy === 'password' || strategy === undefined ? rest : params
    return this.#answered(await this.#transport.create(body))
  }

  /** Sends the first-factor code to the identifier, or starts the trip to the enterprise IdP. */
  prepareFirstFactor = async (params: PrepareFirstFactorParams): Promise<this> => {
    const body: Record<string, unknown> =
      params.strategy === 'enterprise_sso'
        ? { strategy: params.strategy, redirectUrl: params.redirectUrl }
        : // The code goes to the identifier being signed in; the reference's ids name nothing more.
          params.strategy === 'email_code' || params.strategy === 'phone_code'
          ? { strategy: params.strategy }
          : params.strategy === 'email_link'
            ? { strategy: params.strategy, redirectUrl: params.redirectUrl ?? null }
            : params
    return this.#apply(await this.#transport.prepareFirstFactor(body))
  }

  attemptFirstFactor = async (params: AttemptFirstFactorParams): Promise<this> => {
    if ('password' in params && params.strategy !== 'password') {
      const { password, signOutOfOtherSessions, ...attempt } = params
      if (this.status !== 'needs_new_password') {
        await this.#answered(await this.#transport.attemptFirstFactor(attempt))
      }
      return this.resetPassword({ password, signOutOfOtherSessions })
    }
    if (params.strategy === 'passkey') {
      return this.#completedWithPasskey(
        await this.#transport.signInWithPasskey({ credential: params.publicKeyCredential }),
      )
    }
    return this.#answered(await this.#transport.attemptFirstFactor(params as unknown as Record<string, unknown>))
  }

  /**
   * After a reset code passed (`needs_new_password`): sets the new password. The sign-in completes,
   * or (a user with a second factor) moves to `needs_second_factor`; the password is stored when it
   * completes. Other sessions are signed out unless `signOutOfOtherSessions` is false.
   */
  resetPassword = async (params: ResetPasswordParams): Promise<this> =>
    this.#answered(await this.#transport.resetPassword(params))

  prepareSecondFactor = async (params: PrepareSecondFactorParams): Promise<this> =>
    this.#apply(await this.#transport.prepareSecondFactor(params as unknown as Record<string, unknown>))

  attemptSecondFactor = async (params: AttemptSecondFactorParams): Promise<this> =>
    this.#answered(await this.#transport.attemptSecondFactor(params as unknown as Record<string, unknown>))

  /**
   * Signs in with a discoverable passkey: no identifier, and it counts as both factors, so the
   * sign-in completes at once (any in progress is given up).
   */
  authenticateWithPasskey = async (params: AuthenticateWithPasskeyParams = {}): Promise<this> =>
    this.#completedWithPasskey(await this.#transport.signInWithPasskey({ autofill: params.flow === 'autofill' }))

  /**
   * The reference's email-link sign-in: `startEmailLinkFlow({ emailAddressId, redirectUrl })` emails
   * the link, then polls until it was opened (or ran out) and resolves with this sign-in: `complete`
   * with `createdSessionId` once it signed this browser in, `needs_second_factor` for a user with a
   * second factor, `firstFactorVerification.status` `expired` when too late.
   */
  createEmailLinkFlow = (): CreateEmailLinkFlowReturn<SignInStartEmailLinkFlowParams, this> =>
    emailLinkFlow(
      ({ redirectUrl }: SignInStartEmailLinkFlowParams) =>
        this.prepareFirstFactor({ strategy: 'email_link', redirectUrl }),
      () => this.checkEmailLink(),
      (signIn) =>
        signIn.status !== 'needs_first_factor' ||
        signIn.firstFactorVerification.status === 'verified' ||
        signIn.firstFactorVerification.status === 'expired',
    )

  /**
   * Tessera: one look at an email link in flight (what `startEmailLinkFlow` repeats): the sign-in,
   * completed here once the link was opened. A page reloaded while waiting polls with this.
   */
  checkEmailLink = async (): Promise<this> => this.#answered(await this.#transport.pollEmailLink())

  /**
   * Signs in (or up: a new person gets an account) with a social provider: the browser leaves for
   * the provider, which sends it back to our callback, which lands on `redirectUrlComplete`.
   */
  authenticateWithRedirect = async (
    params: AuthenticateWithRedirectParams | AuthenticateWithEnterpriseRedirectParams,
  ): Promise<void> => {
    if (params.strategy === 'enterprise_sso') {
      // Identifier first, as our own page goes: an address no enabled connection owns is refused
      // (`strategy_not_allowed`) and nothing leaves the page.
      await this.create({ identifier: params.identifier })
      await this.prepareFirstFactor({ strategy: 'enterprise_sso', redirectUrl: params.redirectUrlComplete })
      const url = this.firstFactorVerification.externalVerificationRedirectURL
      if (!url) throw new TesseraError('strategy_not_allowed', { meta: { strategy: 'enterprise_sso' } })
      leavePage.to(url.href)
      return
    }
    if (!this.#transport.authenticateWithRedirect) throw new Error('this SignIn cannot start a redirect')
    const { strategy, redirectUrl, redirectUrlComplete } = params
    const answer = await this.#transport.authenticateWithRedirect({ strategy, redirectUrl, redirectUrlComplete })
    this.firstFactorVerification = {
      ...toVerificationResource(null),
      status: 'unverified',
      strategy,
      externalVerificationRedirectURL: new URL(answer.externalVerificationRedirectUrl),
    }
    this.#changed()
    leavePage.to(answer.externalVerificationRedirectUrl)
  }

  /** Tessera: gives up the sign-in in progress; nothing can complete it afterwards. */
  cancel = async (): Promise<this> => {
    await this.#transport.cancel()
    return this.#apply(null)
  }

  #completedWithPasskey(sessionId: string): this {
    this.#assign(null, sessionId)
    this.status = 'complete'
    this.firstFactorVerification = { ...toVerificationResource(null), status: 'verified', strategy: 'passkey' }
    return this.#changed()
  }
}

/** The reference's name for the resource's type. */
export type SignInResource = SignIn
