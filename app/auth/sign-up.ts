/**
 * The reference's classic `SignUp` resource (https://clerk.com/docs/reference/objects/sign-up),
 * returned by the legacy `useSignUp()`. It reads and drives the attempt the server keeps
 * (app/server/sign-up.server.ts): `create` with the details, `prepareEmailAddressVerification`
 * to email the code, `attemptEmailAddressVerification` with it; then the account and its first
 * session exist (`status: 'complete'`, `createdSessionId`). Each method updates this object and
 * resolves to it.
 *
 * A sign-up here is by email address only: a phone number, a username or another verification
 * strategy is refused by the server with a coded 400.
 */

import { TesseraError } from '../session/errors.ts'
import { SIGN_UP_RESOURCE_STATUS, type SignUpResourceStatus } from '../session/sign-in.ts'
import type { SignUpJSON } from '../session/wire.ts'
import { type CreateEmailLinkFlowReturn, emailLinkFlow, type StartEmailLinkFlowParams } from './email-link-flow.ts'
import {
  type AuthenticateWithRedirectParams,
  leavePage,
  type SignInVerificationResource,
  type SocialRedirectAnswer,
  toVerificationResource,
} from './sign-in.ts'

/** The reference's field names (`SignUpField`), of the ones a sign-up here has. */
export type SignUpField = 'email_address' | 'password' | 'first_name' | 'last_name'
export type SignUpIdentificationField = 'email_address'

/**
 * The reference's `strategy` values for `create`: a ticket (invitations), OAuth, enterprise SSO,
 * Google One Tap, Apple's ID token, a phone code. A sign-up here is by email address only, so each
 * is refused (422 `strategy_not_allowed`) before anything is sent.
 */
export type SignUpCreateStrategy =
  | 'ticket'
  | 'enterprise_sso'
  | 'google_one_tap'
  | 'oauth_token_apple'
  | 'phone_code'
  | `oauth_${string}`

/**
 * The reference's parameters. Only the email address, password and names are ours: the rest
 * compile, so its guides do, and the server refuses them with a coded 400 (a `strategy`: 422
 * `strategy_not_allowed`, here, before anything is sent).
 */
export interface SignUpCreateParams {
  strategy?: SignUpCreateStrategy
  /** With `strategy: 'ticket'` (refused: Tessera has no application invitations). */
  ticket?: string
  emailAddress?: string
  password?: string
  firstName?: string
  lastName?: string
  phoneNumber?: string
  username?: string
  legalAccepted?: boolean
  unsafeMetadata?: Record<string, unknown>
}

/** `update`'s: the reference's are `create`'s; here only the names change (the server refuses the rest, 400). */
export type SignUpUpdateParams = SignUpCreateParams

/** `phone_code` is the reference's; the server refuses it. `email_link` emails a link instead of a code. */
export type PrepareVerificationParams =
  | { strategy: 'email_code' | 'phone_code' }
  | { strategy: 'email_link'; redirectUrl?: string }
export type AttemptVerificationParams = { strategy: 'email_code' | 'phone_code'; code: string }

export interface SignUpAnswer {
  signUp: SignUpJSON
  sessionId: string | null
}

export interface SignUpTransport {
  /** Starts a trip to a social provider (absent from transports that do not speak it). */
  authenticateWithRedirect?(params: Record<string, unknown>): Promise<SocialRedirectAnswer>
  get(): Promise<SignUpJSON | null>
  create(params: Record<string, unknown>): Promise<SignUpJSON>
  update(params: Record<string, unknown>): Promise<SignUpJSON>
  prepareVerification(params: Record<string, unknown>): Promise<SignUpJSON>
  attemptVerification(params: Record<string, unknown>): Promise<SignUpAnswer>
  cancel(): Promise<void>
  /** The poll of a tab waiting for its sign-up link: completed here once the link was opened elsewhere. */
  pollEmailLink(): Promise<SignUpAnswer>
}

export class SignUp {
  id: string | null = null
  status: SignUpResourceStatus | null = null
  /** Required details not given yet (none: `create` refuses a sign-up that lacks one). */
  missingFields: SignUpField[] = []
  /** Given but not yet proven: the email address, until its code comes back. */
  unverifiedFields: SignUpIdentificationField[] = []
  emailAddress: string | null = null
  phoneNumber: null = null
  username: null = null
  firstName: string | null = null
  lastName: string | null = null
  verifications: { emailAddress: SignInVerificationResource } = {
    emailAddress: toVerificationResource(null),
  }
  createdSessionId: string | null = null
  /** When the attempt stops being usable. */
  abandonAt: number | null = null

  readonly #transport: SignUpTransport
  readonly #listeners = new Set<() => void>()
  version = 0

  constructor(json: SignUpJSON | null, transport: SignUpTransport) {
    this.#transport = transport
    this.#assign(json, null)
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #assign(json: SignUpJSON | null, createdSessionId: string | null): void {
    this.id = json?.id ?? null
    this.status = json ? SIGN_UP_RESOURCE_STATUS[json.status] : null
    this.emailAddress = json?.emailAddress ?? null
    this.firstName = json?.firstName ?? null
    this.lastName = json?.lastName ?? null
    this.verifications = { emailAddress: toVerificationResource(json?.verification ?? null) }
    this.unverifiedFields = json?.status === 'needs_verification' ? ['email_address'] : []
    this.missingFields = []
    this.createdSessionId = json?.createdSessionId ?? createdSessionId
    this.abandonAt = json?.expireAt ?? null
  }

  #apply(json: SignUpJSON | null, createdSessionId: string | null = null): this {
    this.#assign(json, createdSessionId)
    this.version += 1
    for (const listener of this.#listeners) listener()
    return this
  }

  /** Re-reads the sign-up in progress in this browser. */
  reload = async (): Promise<this> => this.#apply(await this.#transport.get())

  /**
   * Starts a sign-up with the details (replacing any in progress). Nothing is sent yet. Fields
   * other than these go to the server as given, which refuses them.
   */
  create = async (params: SignUpCreateParams): Promise<this> => {
    refuseStrategy(params)
    const { emailAddress, ...rest } = params
    return this.#apply(
      await this.#transport.create({ ...(emailAddress === undefined ? {} : { email: emailAddress }), ...rest }),
    )
  }

  /**
   * Changes the sign-up in progress: its first and last name (the address and password are fixed
   * once given; any other field is refused with a coded 400 and nothing changes).
   */
  update = async (params: SignUpUpdateParams): Promise<this> => {
    refuseStrategy(params)
    return this.#apply(await this.#transport.update({ ...params }))
  }

  /** Emails the code (again, once the cooldown has passed). */
  prepareVerification = async (params: PrepareVerificationParams): Promise<this> =>
    this.#apply(await this.#transport.prepareVerification({ ...params }))

  /** With the right code, the account and its first session exist: `status` is `complete`. */
  attemptVerification = async (params: AttemptVerificationParams): Promise<this> => {
    const { signUp, sessionId } = await this.#transport.attemptVerification({ ...params })
    return this.#apply(signUp, sessionId)
  }

  prepareEmailAddressVerification = (params: PrepareVerificationParams = { strategy: 'email_code' }) =>
    this.prepareVerification(params)

  attemptEmailAddressVerification = (params: { code: string }) =>
    this.attemptVerification({ ...params, strategy: 'email_code' })

  /**
   * The reference's email-link sign-up: `startEmailLinkFlow({ redirectUrl })` emails the link, then
   * polls until it was opened (or ran out) and resolves with this sign-up (`complete` with
   * `createdSessionId` once the account exists and this browser is signed in).
   */
  createEmailLinkFlow = (): CreateEmailLinkFlowReturn<StartEmailLinkFlowParams, this> =>
    emailLinkFlow(
      ({ redirectUrl }: StartEmailLinkFlowParams) => this.prepareVerification({ strategy: 'email_link', redirectUrl }),
      async () => {
        const { signUp, sessionId } = await this.#transport.pollEmailLink()
        return this.#apply(signUp, sessionId)
      },
      (signUp) =>
        signUp.status !== 'missing_requirements' ||
        signUp.verifications.emailAddress.status === 'verified' ||
        signUp.verifications.emailAddress.status === 'expired',
    )

  /** The reference's phone sign-up: refused by the server (a sign-up here is by email address). */
  preparePhoneNumberVerification = () => this.prepareVerification({ strategy: 'phone_code' })

  attemptPhoneNumberVerification = (params: { code: string }) =>
    this.attemptVerification({ ...params, strategy: 'phone_code' })

  /** Signs up (or in, for a person who has an account) with a social provider; see `SignIn.authenticateWithRedirect`. */
  authenticateWithRedirect = async (params: AuthenticateWithRedirectParams): Promise<void> => {
    if (!this.#transport.authenticateWithRedirect) throw new Error('this SignUp cannot start a redirect')
    const { strategy, redirectUrl, redirectUrlComplete } = params
    const answer = await this.#transport.authenticateWithRedirect({ strategy, redirectUrl, redirectUrlComplete })
    leavePage.to(answer.externalVerificationRedirectUrl)
  }

  /** Tessera: gives up the sign-up in progress. */
  cancel = async (): Promise<this> => {
    await this.#transport.cancel()
    return this.#apply(null)
  }
}

/** A sign-up here is by email address: any `strategy` is refused before anything is sent. */
function refuseStrategy(params: { strategy?: string }): void {
  if (params.strategy !== undefined) {
    throw new TesseraError('strategy_not_allowed', { meta: { strategy: String(params.strategy) } })
  }
}

/** The reference's name for the resource's type. */
export type SignUpResource = SignUp
