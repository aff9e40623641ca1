/**
 * The JSON shapes that cross the server-function boundary: the client (browser) and its sessions.
 * Times are Unix epoch milliseconds, as in the reference's Frontend API; the client-side resources
 * turn them into `Date`s.
 */

import type { ActorJSON, ActorTokenKind, ActorTokenState } from './actors.ts'
import type { AdminRole } from './admin.ts'
import type { DeviceType } from './devices.ts'
import type { SessionEventType } from './events.ts'
import type {
  CodeStrategy,
  Factor,
  FirstFactorStrategy,
  IdentifierKind,
  OAuthProvider,
  OAuthStrategy,
  SecondFactorStrategy,
  SentSecondFactorStrategy,
  Strategy,
  VerificationCodeStrategy,
} from './factors.ts'
import type { InvitationState } from './organizations.ts'
import type { SignInStatus } from './sign-in.ts'
import type { SessionEventActor, SessionStatus, TransitionReason } from './status.ts'
import type { SessionTaskKey } from './tasks.ts'
import type { JsonObject } from './user-profile.ts'

export interface EmailAddressJSON {
  id: string
  emailAddress: string
  verified: boolean
}

export interface PhoneNumberJSON {
  id: string
  /** E.164. */
  phoneNumber: string
  verified: boolean
  /** Receives second-factor codes (verified, and turned on with a code sent to it). */
  reservedForSecondFactor: boolean
  /** The number a second-factor step texts first (`defaultSecondFactorPhoneId`). */
  defaultSecondFactor: boolean
}

export interface UserJSON {
  id: string
  firstName: string | null
  lastName: string | null
  primaryEmailAddressId: string | null
  emailAddresses: EmailAddressJSON[]
  primaryPhoneNumberId: string | null
  phoneNumbers: PhoneNumberJSON[]
  /** Every organization the user belongs to, by name. */
  organizationMemberships: OrganizationMembershipJSON[]
  /** The instance admin role (Tessera's own field: the console link shows for it); null for everyone else. */
  adminRole: AdminRole | null
  /** The profile image (a same-origin, immutable URL), or null when the user has none. */
  imageUrl: string | null
  hasImage: boolean
  /** Null without one (and always when the instance has usernames off). */
  username: string | null
  /** Written by the backend, read here. */
  publicMetadata: JsonObject
  /** Written by the user from the browser: never trust it for authorization. */
  unsafeMetadata: JsonObject
  passwordEnabled: boolean
  totpEnabled: boolean
  /** Unused backup codes remain. */
  backupCodeEnabled: boolean
  /** Sign-in asks for a second factor (an authenticator app, or a number receiving codes). */
  twoFactorEnabled: boolean
  passkeys: PasskeyJSON[]
  /** Connected social accounts (the reference's `externalAccounts`). */
  externalAccounts: ExternalAccountJSON[]
  createdAt: number
  updatedAt: number
}

export interface OrganizationJSON {
  id: string
  name: string
  slug: string
  membersCount: number
  /** The plan in force (assigned, else the default organization plan), or null. */
  plan: string | null
  createdAt: number
  updatedAt: number
}

/** A role members can hold, as the instance defines it. */
export interface RoleJSON {
  key: string
  name: string
  description: string
  /** What the role grants, as defined (system and custom permissions). */
  permissions: string[]
}

/** The user's place in one organization. */
export interface OrganizationMembershipJSON {
  id: string
  organization: OrganizationJSON
  /** `org:<name>`. */
  role: string
  roleName: string
  /** Every permission the role grants there now, system permissions included. */
  permissions: string[]
  createdAt: number
}

/** A member, as the organization's member list shows them. */
export interface OrganizationMemberJSON {
  id: string
  role: string
  roleName: string
  /** Every permission the role grants there now, system permissions included. */
  permissions: string[]
  createdAt: number
  updatedAt: number
  publicUserData: PublicUserDataJSON
}

export interface OrganizationInvitationJSON {
  id: string
  organizationId: string
  emailAddress: string
  role: string
  roleName: string
  status: InvitationState
  createdAt: number
  /** When it was accepted or revoked, else when it was sent. */
  updatedAt: number
  expiresAt: number
}

/** An invitation addressed to one of the signed-in user's verified email addresses. */
export interface UserInvitationJSON {
  id: string
  emailAddress: string
  organization: { id: string; name: string; slug: string }
  role: string
  roleName: string
  status: InvitationState
  createdAt: number
  updatedAt: number
  expiresAt: number
}

/** One page of a list and the size of the whole list: the reference's `ClerkPaginatedResponse`. */
export interface PaginatedJSON<T> {
  data: T[]
  total_count: number
}

/** The safe-to-show subset of a user, present for every session (e.g. in account switchers). */
export interface PublicUserDataJSON {
  userId: string
  firstName: string | null
  lastName: string | null
  /** The primary email address, or the user id when there is none. */
  identifier: string
  imageUrl: string | null
  hasImage: boolean
  /** The user's username; null while the instance has no usernames. */
  username: string | null
  /** The account is banned (its sessions are revoked; it cannot sign in). */
  banned: boolean
}

/** An impersonation or agent link, as its maker sees it (never its secret). */
export interface ActorTokenJSON {
  id: string
  kind: ActorTokenKind
  /** `expired` is derived: a pending link past its time. */
  state: ActorTokenState
  userId: string
  actor: ActorJSON
  reason: string
  sessionMaxDurationSeconds: number
  createdAt: number
  expiresAt: number
  acceptedAt: number | null
  sessionId: string | null
}

export interface SessionTaskJSON {
  key: SessionTaskKey
}

export interface SessionJSON {
  id: string
  status: SessionStatus
  createdAt: number
  updatedAt: number
  lastActiveAt: number
  expireAt: number
  abandonAt: number
  /** When and why the session stopped being signed in (null while signed in). */
  endedAt: number | null
  endReason: TransitionReason | null
  lastActiveOrganizationId: string | null
  actor: ActorJSON | null
  /** Minutes since the first and second factor were last verified; -1: never or not enrolled. */
  factorVerificationAge: [number, number] | null
  tasks: SessionTaskJSON[] | null
  /** Present only while the session is signed in. */
  user: UserJSON | null
  publicUserData: PublicUserDataJSON
}

export interface ClientJSON {
  id: string
  /** This browser's sessions, most recently active first; sessions the user removed are left out. */
  sessions: SessionJSON[]
  /** The session a full page load renders as; null when nobody is signed in. */
  lastActiveSessionId: string | null
  /** The first factor of the latest sign-in or sign-up in this browser, or null before any. */
  lastAuthenticationStrategy: FirstFactorStrategy | null
  createdAt: number
  updatedAt: number
}

/** What a tab knows of its browser's client: the client, and the session this tab acts as. */
export interface AuthSnapshot {
  /** This browser's client, or null when it has none (never signed in, or a forged cookie). */
  client: ClientJSON | null
  /** The session this tab acts as: the one it named if still signed in, else the client's last active one. */
  sessionId: string | null
}

/** What a User-Agent string says about the device a session runs on. */
export interface DeviceJSON {
  /** "Chrome 156", or null when unknown. */
  browser: string | null
  /** "Linux", "macOS 15", or null when unknown. */
  os: string | null
  type: DeviceType
}

/** One of the user's sessions, as the devices list shows it. */
export interface DeviceSessionJSON {
  id: string
  status: SessionStatus
  /** The session this request acts as. */
  current: boolean
  createdAt: number
  lastActiveAt: number
  expireAt: number
  abandonAt: number
  endedAt: number | null
  endReason: TransitionReason | null
  ipAddress: string | null
  device: DeviceJSON
  /** Set when an impersonator or agent acts in this session. */
  actor: ActorJSON | null
}

/** One entry of the session ledger. */
export interface SessionEventJSON {
  id: number
  type: SessionEventType
  /** What the event concerns, for people: the factors of a sign-in, a masked address, a passkey's name. */
  detail: string | null
  fromStatus: SessionStatus | null
  toStatus: SessionStatus | null
  reason: TransitionReason | null
  actor: SessionEventActor
  ipAddress: string | null
  device: DeviceJSON | null
  createdAt: number
}

export interface SessionTimelineJSON {
  session: DeviceSessionJSON
  events: SessionEventJSON[]
}

export interface DevicesPage {
  sessions: DeviceSessionJSON[]
  /** Pass back for the next page (app/session/keyset.ts); null on the last one. */
  nextCursor: string | null
  /** Every signed-in session of the user, on every page. */
  total: number
}

/** A verification in progress within a sign-in, sign-up or account change. */
export interface VerificationJSON {
  strategy: Strategy
  /** `expired`: an email link past its time, unopened (codes stay `unverified` and are refused when tried). */
  status: 'unverified' | 'verified' | 'expired'
  /** Where the code went, masked (`a••@example.com`, `+•••••••0123`). */
  safeIdentifier: string | null
  /** When the outstanding code stops working. */
  expireAt: number | null
  /** When another code may be asked for. */
  nextResendAt: number | null
  /** For a passkey: the WebAuthn request options, as JSON (the reference passes them here too). */
  nonce?: string | null
  /** For an email link once opened: whether in the browser that asked for it (the reference's `verifiedAtClient`). */
  verifiedFromSameClient?: boolean
  /** For enterprise SSO: where to send the browser (the IdP's authorization URL, with state, nonce and PKCE). */
  externalVerificationRedirectUrl?: string | null
}

/** A factor on offer (the reference's `supportedFirstFactors` / `supportedSecondFactors` items). */
export interface FactorJSON {
  strategy: Strategy
  /** Where a code would go, masked; present for code strategies. */
  safeIdentifier?: string
  /** Which of the user's addresses an email code goes to (verification only). */
  emailAddressId?: string
  /** Which of the user's numbers a texted code goes to. */
  phoneNumberId?: string
  /** The user's primary address or number. */
  primary?: boolean
  /** Which enterprise connection (enterprise SSO), and its name for "Continue with …". */
  enterpriseConnectionId?: string
  enterpriseConnectionName?: string
}

/** A sign-in in progress (the reference's SignIn resource, as far as the browser needs it). */
export interface SignInJSON {
  id: string
  status: SignInStatus
  /** What the person typed, canonicalised. */
  identifier: string
  identifierKind: IdentifierKind
  /** The same for every identifier of a kind: they do not reveal whether an account exists. */
  supportedFirstFactors: FactorJSON[]
  /** Known only once the first factor has passed. */
  supportedSecondFactors: FactorJSON[] | null
  firstFactorVerification: VerificationJSON | null
  secondFactorVerification: VerificationJSON | null
  createdSessionId: string | null
  expireAt: number
}

/** A sign-up in progress: details given, the email address not yet proven. */
export interface SignUpJSON {
  id: string
  status: 'needs_verification' | 'complete' | 'abandoned'
  emailAddress: string
  firstName: string | null
  lastName: string | null
  verification: VerificationJSON | null
  createdSessionId: string | null
  expireAt: number
}

export interface EmailAddressSettingsJSON {
  id: string
  emailAddress: string
  primary: boolean
  verified: boolean
  /** The code this session asked for, while the address is being verified. */
  verification: VerificationJSON | null
}

export interface PhoneNumberSettingsJSON {
  id: string
  phoneNumber: string
  primary: boolean
  verified: boolean
  /** Receives second-factor codes at sign-in. */
  secondFactor: boolean
  verification: VerificationJSON | null
}

export interface PasskeyJSON {
  id: string
  name: string
  createdAt: number
  lastUsedAt: number | null
  /** Synced across the user's devices (a multi-device credential). */
  synced: boolean
}

/** A connected social account (the reference's ExternalAccountJSON, in our camelCase wire form). */
export interface ExternalAccountJSON {
  id: string
  /** `google`, `github`, `microsoft`: the strategy is `oauth_<provider>`. */
  provider: OAuthProvider
  /** The provider's id for the person. */
  providerUserId: string
  emailAddress: string
  firstName: string | null
  lastName: string | null
  username: string | null
  /** `verified` when the provider said it verified the address. */
  verification: { status: 'verified' | 'unverified'; strategy: OAuthStrategy }
  createdAt: number
  lastSignedInAt: number
}

/** Everything the account's security page shows and manages. */
export interface SecuritySettingsJSON {
  emailAddresses: EmailAddressSettingsJSON[]
  phoneNumbers: PhoneNumberSettingsJSON[]
  passwordEnabled: boolean
  totpEnabled: boolean
  backupCodesRemaining: number
  /** Whether sign-in asks for a second factor. */
  secondFactorEnabled: boolean
  passkeys: PasskeyJSON[]
  /** Connected social accounts. */
  externalAccounts: ExternalAccountJSON[]
  /** What this instance offers, so the page shows only what can be set up. */
  availableFirstFactors: FirstFactorStrategy[]
  availableSecondFactors: SecondFactorStrategy[]
  /** The minimum length a new password must have for this account now. */
  passwordMinLength: number
}

/** A step-up verification in progress (the reference's SessionVerificationResource). */
export interface SessionVerificationJSON {
  id: string
  status: 'needs_first_factor' | 'needs_second_factor' | 'complete'
  level: 'first_factor' | 'second_factor' | 'multi_factor'
  firstFactorVerification: VerificationJSON | null
  secondFactorVerification: VerificationJSON | null
  /** What this user can verify with, strongest first; null once that step is behind. */
  supportedFirstFactors: Factor<FirstFactorStrategy>[] | null
  /** A user-verifying passkey stands for both factors, so it is offered here too (beyond the reference's list). */
  supportedSecondFactors: Factor<SecondFactorStrategy | 'passkey'>[] | null
  expireAt: number
}

/** The instance settings the browser needs (the reference's Environment resource). */
export interface EnvironmentJSON {
  appName: string
  multiSession: boolean
  maxSessionsPerClient: number
  /** The minimum length of a new account's password (it has no second factor yet). */
  signUpPasswordMinLength: number
  organizations: {
    enabled: boolean
    allowPersonalAccounts: boolean
    roles: RoleJSON[]
    defaultRole: string
  }
  /** The terms users accept (the `accept-terms` task), when the app asks for them. */
  terms: { version: string; url: string } | null
  /** Whether users may set a username (app.config.ts `users.usernames`). */
  usernames: boolean
  /** The social sign-in strategies offered ("Continue with …"), in the order of the buttons. */
  socialStrategies: OAuthStrategy[]
}

/** What the root layout renders every page with: the tab's auth snapshot and the instance settings. */
export interface PageContextJSON {
  auth: AuthSnapshot
  environment: EnvironmentJSON
}

/** An enterprise SSO connection as the admin console shows it (never its client secret). */
export interface EnterpriseConnectionJSON {
  id: string
  name: string
  issuer: string
  clientId: string
  domains: string[]
  enabled: boolean
  /** The redirect URI to register at the IdP. */
  callbackUrl: string
  createdAt: number
  updatedAt: number
}

// ---------------------------------------------------------------------------------------------
// What the browser sends to prepare and answer a factor (the reference's `prepare…` and
// `attempt…Factor` params): the client resources send these, the services take them, and the
// server functions' schemas accept exactly these.

export interface PasswordAttempt {
  strategy: 'password'
  password: string
}

/** A typed code: one that was sent (`CodeStrategy`), or one the user holds (a second factor). */
export interface CodeAttempt<TStrategy extends Strategy = CodeStrategy> {
  strategy: TStrategy
  code: string
}

/** `Credential`: the WebAuthn assertion, as the browser library serialises it. */
export interface PasskeyAttempt<Credential> {
  strategy: 'passkey'
  publicKeyCredential: Credential
}

export type SecondFactorAttempt = CodeAttempt<SecondFactorStrategy>

/** For each code strategy, which of the user's identifiers (by id) a step-up code goes to. */
interface CodeTargets {
  email_code: { emailAddressId: string }
  phone_code: { phoneNumberId: string }
}

export type CodeTarget = {
  [S in VerificationCodeStrategy]: { strategy: S } & CodeTargets[S]
}[VerificationCodeStrategy]

/** Which second-factor number a code goes to (the primary when none is named). */
export interface SecondFactorCodeTarget {
  strategy: SentSecondFactorStrategy
  phoneNumberId?: string | null
}
