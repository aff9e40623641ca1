/**
 * Authentication factors: every strategy a user can verify with, what it counts as, and how strong
 * it is (ASVS 6.1.3 asks for every pathway to be documented with its strength; this table is that
 * documentation, and the sign-in and verification code read it rather than restating it).
 */

/**
 * The social sign-in providers (the reference's `oauth_<provider>` strategies). How each is reached
 * (OpenID Connect or plain OAuth 2.0, its endpoints and scopes) is the registry in social.ts.
 */
export const OAUTH_PROVIDERS = ['google', 'github', 'microsoft'] as const
export type OAuthProvider = (typeof OAUTH_PROVIDERS)[number]

/** `oauth_google`, `oauth_github`, …: one strategy per provider, derived from the tuple above. */
export type OAuthStrategy = `oauth_${OAuthProvider}`
export const oauthStrategyOf = (provider: OAuthProvider): OAuthStrategy => `oauth_${provider}`
export const OAUTH_STRATEGIES = OAUTH_PROVIDERS.map(oauthStrategyOf) as readonly OAuthStrategy[] as readonly [
  'oauth_google',
  'oauth_github',
  'oauth_microsoft',
]
/** Compile-time: the spelled-out tuple is exactly the derived one. */
export const OAUTH_STRATEGIES_MATCH_PROVIDERS: [OAuthStrategy] extends [(typeof OAUTH_STRATEGIES)[number]]
  ? [(typeof OAUTH_STRATEGIES)[number]] extends [OAuthStrategy]
    ? true
    : false
  : false = true

export function isOAuthStrategy(value: unknown): value is OAuthStrategy {
  return (OAUTH_STRATEGIES as readonly unknown[]).includes(value)
}

/** The provider of an `oauth_<provider>` strategy. */
export const providerOf = (strategy: OAuthStrategy): OAuthProvider => strategy.slice('oauth_'.length) as OAuthProvider

export const STRATEGIES = [
  /** Something you know. Argon2id-hashed; never the only factor an MFA user passes. */
  'password',
  /** A 6-digit code mailed to a verified address. First factor only: email is not an MFA channel (NIST, ASVS 6.3.6). */
  'email_code',
  /**
   * A single-use link mailed to a verified address: opening it passes the factor. First factor only,
   * like `email_code` (email is not an MFA channel). Its token is a 256-bit bearer secret.
   */
  'email_link',
  /** A 6-digit code sent by SMS to a verified number. Either factor; a restricted authenticator (NIST). */
  'phone_code',
  /** A WebAuthn credential with user verification: possession plus PIN or biometric, phishing-resistant. */
  'passkey',
  /** A 6-digit RFC 6238 code from an authenticator app. Second factor. */
  'totp',
  /** One of ten single-use recovery codes. Second factor, for when the others are lost. */
  'backup_code',
  /**
   * A signed ID token from the enterprise IdP that owns the email's domain (OpenID Connect). First
   * factor only: what the IdP checked is its business, and its `amr` claim is recorded, not trusted
   * to stand in for a second factor enrolled here.
   */
  'enterprise_sso',
  /**
   * A 6-digit code mailed to a verified address, to replace a forgotten password (the reference's
   * strategy). First factor only, and never a sign-in on its own: passing it leads to
   * `needs_new_password`, and the session starts only once a new password is set (and any second
   * factor passed). See docs/decisions/033-password-reset.md.
   */
  'reset_password_email_code',
  /** The same, by a code texted to a verified number. */
  'reset_password_phone_code',
  /**
   * Social sign-in: an account at Google, GitHub or Microsoft (the provider's user id, and an email
   * address it says it verified). First factor only, like enterprise SSO.
   */
  ...OAUTH_STRATEGIES,
] as const

export type Strategy = (typeof STRATEGIES)[number]

export interface StrategyProfile {
  /** May be the first step of a sign-in (or a first-factor reverification). */
  firstFactor: boolean
  /** May be the second step. */
  secondFactor: boolean
  /** Passing it alone satisfies both steps (a user-verifying passkey). */
  multiFactor: boolean
  /** Bound to our origin, so a look-alike site cannot relay it. */
  phishingResistant: boolean
  /** NIST SP 800-63B-4 §3.1 authenticator type. */
  authenticator: string
}

export const STRATEGY_PROFILES: Record<Strategy, StrategyProfile> = {
  password: {
    firstFactor: true,
    secondFactor: false,
    multiFactor: false,
    phishingResistant: false,
    authenticator: 'memorized secret',
  },
  email_code: {
    firstFactor: true,
    secondFactor: false,
    multiFactor: false,
    phishingResistant: false,
    authenticator: 'email one-time code (not an NIST out-of-band authenticator)',
  },
  email_link: {
    firstFactor: true,
    secondFactor: false,
    multiFactor: false,
    phishingResistant: false,
    authenticator: 'email one-time link (not an NIST out-of-band authenticator)',
  },
  phone_code: {
    firstFactor: true,
    secondFactor: true,
    multiFactor: false,
    phishingResistant: false,
    authenticator: 'out-of-band via the phone network (restricted)',
  },
  passkey: {
    firstFactor: true,
    secondFactor: false,
    multiFactor: true,
    phishingResistant: true,
    authenticator: 'multi-factor cryptographic authenticator',
  },
  totp: {
    firstFactor: false,
    secondFactor: true,
    multiFactor: false,
    phishingResistant: false,
    authenticator: 'single-factor OTP device',
  },
  backup_code: {
    firstFactor: false,
    secondFactor: true,
    multiFactor: false,
    phishingResistant: false,
    authenticator: 'look-up secret (saved recovery code)',
  },
  enterprise_sso: {
    firstFactor: true,
    secondFactor: false,
    multiFactor: false,
    // As strong as the IdP's own sign-in, which we cannot see: assume the weakest (ASVS 6.8.4).
    phishingResistant: false,
    authenticator: 'federated assertion (an OpenID Connect ID token from the enterprise IdP)',
  },
  reset_password_email_code: {
    firstFactor: true,
    secondFactor: false,
    multiFactor: false,
    phishingResistant: false,
    authenticator: 'email one-time code (not an NIST out-of-band authenticator), then a new memorized secret',
  },
  reset_password_phone_code: {
    firstFactor: true,
    secondFactor: false,
    multiFactor: false,
    phishingResistant: false,
    authenticator: 'out-of-band via the phone network (restricted), then a new memorized secret',
  },
  ...oauthProfiles(),
}

function oauthProfiles(): Record<OAuthStrategy, StrategyProfile> {
  const profile: StrategyProfile = {
    firstFactor: true,
    secondFactor: false,
    multiFactor: false,
    // What the provider checked is unknown to us: the weakest is assumed (ASVS 6.8.4).
    phishingResistant: false,
    authenticator: 'federated assertion (an account at a social sign-in provider)',
  }
  return { oauth_google: profile, oauth_github: profile, oauth_microsoft: profile }
}

/** The strategies a sign-in may start with (a unit test checks them against the profiles). */
export const FIRST_FACTOR_STRATEGIES = [
  'password',
  'email_code',
  'email_link',
  'phone_code',
  'passkey',
  'enterprise_sso',
  'reset_password_email_code',
  'reset_password_phone_code',
  ...OAUTH_STRATEGIES,
] as const
/** The strategies of a second step, strongest first. */
export const SECOND_FACTOR_STRATEGIES = ['totp', 'phone_code', 'backup_code'] as const

export type FirstFactorStrategy = (typeof FIRST_FACTOR_STRATEGIES)[number]
export type SecondFactorStrategy = (typeof SECOND_FACTOR_STRATEGIES)[number]

/**
 * The strategies whose first step sends a one-time code to one of the person's identifiers, and
 * whose answer is that code (the channel each uses is `CODE_STRATEGY_CHANNEL` in codes.ts).
 */
export const CODE_STRATEGIES = [
  'email_code',
  'phone_code',
  'reset_password_email_code',
  'reset_password_phone_code',
] as const satisfies readonly Strategy[]
export type CodeStrategy = (typeof CODE_STRATEGIES)[number]

/**
 * The first factors that prove an identifier in order to replace the password: passing one leads
 * to `needs_new_password`, never straight to a session. They are offered only where a password is.
 */
export const RESET_PASSWORD_STRATEGIES = [
  'reset_password_email_code',
  'reset_password_phone_code',
] as const satisfies readonly CodeStrategy[]
export type ResetPasswordStrategy = (typeof RESET_PASSWORD_STRATEGIES)[number]

export function isResetPasswordStrategy(value: unknown): value is ResetPasswordStrategy {
  return (RESET_PASSWORD_STRATEGIES as readonly unknown[]).includes(value)
}

/** The code strategies that sign in or confirm it is you (step-up): all but the resets, which do neither. */
export const VERIFICATION_CODE_STRATEGIES = CODE_STRATEGIES.filter(
  (strategy): strategy is Exclude<CodeStrategy, ResetPasswordStrategy> => !isResetPasswordStrategy(strategy),
)
export type VerificationCodeStrategy = (typeof VERIFICATION_CODE_STRATEGIES)[number]

/**
 * The strategies whose first step mails a single-use link to one of the person's addresses, and
 * whose answer is opening it (the reference's `createEmailLinkFlow`). The link's token is a
 * high-entropy bearer secret, not a code to type, so these are not `CODE_STRATEGIES`.
 */
export const LINK_STRATEGIES = ['email_link'] as const satisfies readonly Strategy[]
export type LinkStrategy = (typeof LINK_STRATEGIES)[number]

/** The strategies whose artefact (a code or a link) is sent to an identifier. */
export const SENT_STRATEGIES = [...CODE_STRATEGIES, ...LINK_STRATEGIES] as const
export type SentStrategy = (typeof SENT_STRATEGIES)[number]

export function isLinkStrategy(value: unknown): value is LinkStrategy {
  return (LINK_STRATEGIES as readonly unknown[]).includes(value)
}

export function isFirstFactorStrategy(value: unknown): value is FirstFactorStrategy {
  return (FIRST_FACTOR_STRATEGIES as readonly unknown[]).includes(value)
}

export function isSecondFactorStrategy(value: unknown): value is SecondFactorStrategy {
  return (SECOND_FACTOR_STRATEGIES as readonly unknown[]).includes(value)
}

export function isCodeStrategy(value: unknown): value is CodeStrategy {
  return (CODE_STRATEGIES as readonly unknown[]).includes(value)
}

/** The second factors whose code is sent, so must be asked for before it is typed (`prepareSecondFactor`). */
export const SENT_SECOND_FACTOR_STRATEGIES = SECOND_FACTOR_STRATEGIES.filter(
  (strategy): strategy is Extract<SecondFactorStrategy, CodeStrategy> => isCodeStrategy(strategy),
)
export type SentSecondFactorStrategy = (typeof SENT_SECOND_FACTOR_STRATEGIES)[number]

/** The kinds of identifier a person signs in with. */
export const IDENTIFIER_KINDS = ['email_address', 'phone_number'] as const
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number]

/** What a user has enrolled, as far as sign-in and verification need to know. */
export interface EnrolledFactors {
  hasPassword: boolean
  /** Verified phone numbers that receive second-factor codes. */
  secondFactorPhoneCount: number
  totp: boolean
  /** Unused backup codes. They count only next to another second factor (the reference's rule). */
  backupCodesRemaining: number
}

/**
 * Second-factor strategies this user can pass on this instance, strongest first. Derived from what
 * is enrolled at the moment of the check, never from a cached flag.
 */
export function availableSecondFactors(
  factors: EnrolledFactors,
  enabled: readonly SecondFactorStrategy[],
): SecondFactorStrategy[] {
  const strategies: SecondFactorStrategy[] = []
  if (factors.totp) strategies.push('totp')
  if (factors.secondFactorPhoneCount > 0) strategies.push('phone_code')
  const usable = strategies.filter((strategy) => enabled.includes(strategy))
  if (usable.length > 0 && factors.backupCodesRemaining > 0 && enabled.includes('backup_code'))
    usable.push('backup_code')
  return usable
}

/**
 * The number a second-factor step texts first (the reference's `defaultSecondFactor`): among the
 * verified numbers that receive second-factor codes, the primary one, else the first.
 */
export function defaultSecondFactorPhoneId(
  phones: readonly { id: string; secondFactor: boolean; verified: boolean; isPrimary: boolean }[],
): string | null {
  const reserved = phones.filter((phone) => phone.secondFactor && phone.verified)
  return (reserved.find((phone) => phone.isPrimary) ?? reserved[0])?.id ?? null
}

/** Whether a sign-in must pass a second factor after the first (ASVS 6.3.4, VULN-13: for every first factor). */
export function needsSecondFactor(
  factors: EnrolledFactors,
  enabled: readonly SecondFactorStrategy[],
  firstFactor: FirstFactorStrategy,
): boolean {
  return !STRATEGY_PROFILES[firstFactor].multiFactor && availableSecondFactors(factors, enabled).length > 0
}

export const WEBAUTHN_CEREMONIES = [
  /** Creating a passkey: bound to the signed-in user and session that asked. */
  'registration',
  /** Signing in with a passkey: discoverable, so bound to no account in advance. */
  'authentication',
] as const

export type WebAuthnCeremony = (typeof WEBAUTHN_CEREMONIES)[number]

/** What a user could sign in with: the inputs of "would this removal lock them out?". */
export interface FirstFactorHoldings {
  hasPassword: boolean
  verifiedEmailAddresses: number
  verifiedPhoneNumbers: number
  passkeys: number
  /** Links to an enterprise IdP whose connection is enabled. */
  enterpriseIdentities: number
  /** Connected social accounts, by provider. */
  oauthIdentities: Readonly<Partial<Record<OAuthProvider, number>>>
}

/** The first factors the user can pass on this instance. Removing the last one is refused. */
export function usableFirstFactors(
  holdings: FirstFactorHoldings,
  enabled: readonly FirstFactorStrategy[],
): FirstFactorStrategy[] {
  const held: Record<FirstFactorStrategy, boolean> = {
    // A password is typed after an identifier, so it needs a verified one to follow.
    password: holdings.hasPassword && holdings.verifiedEmailAddresses + holdings.verifiedPhoneNumbers > 0,
    email_code: holdings.verifiedEmailAddresses > 0,
    email_link: holdings.verifiedEmailAddresses > 0,
    phone_code: holdings.verifiedPhoneNumbers > 0,
    passkey: holdings.passkeys > 0,
    enterprise_sso: holdings.enterpriseIdentities > 0,
    // A reset proves the identifier and then sets a password: as good as a code to it.
    reset_password_email_code: holdings.verifiedEmailAddresses > 0,
    reset_password_phone_code: holdings.verifiedPhoneNumbers > 0,
    oauth_google: (holdings.oauthIdentities.google ?? 0) > 0,
    oauth_github: (holdings.oauthIdentities.github ?? 0) > 0,
    oauth_microsoft: (holdings.oauthIdentities.microsoft ?? 0) > 0,
  }
  return FIRST_FACTOR_STRATEGIES.filter((strategy) => held[strategy] && enabled.includes(strategy))
}

/** How each strategy reads in timelines and settings. */
export const STRATEGY_LABEL: Record<Strategy, string> = {
  password: 'password',
  email_code: 'email code',
  email_link: 'email link',
  phone_code: 'text message code',
  passkey: 'passkey',
  totp: 'authenticator app',
  backup_code: 'backup code',
  enterprise_sso: 'enterprise single sign-on',
  reset_password_email_code: 'password reset by email code',
  reset_password_phone_code: 'password reset by text message code',
  oauth_google: 'Google',
  oauth_github: 'GitHub',
  oauth_microsoft: 'Microsoft',
}

/** "password and authenticator app", from the ledger's `password, totp`. */
export function describeStrategies(detail: string): string {
  const labels = detail
    .split(',')
    .map((part) => part.trim())
    .map((part) => STRATEGY_LABEL[part as Strategy] ?? part)
  return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}` : (labels[0] ?? '')
}

/**
 * What a factor on offer says besides its strategy, per strategy: the reference's `EmailCodeFactor`,
 * `PhoneCodeFactor`, `PasswordFactor`, `PasskeyFactor`, `TOTPFactor`, `BackupCodeFactor` and
 * `EnterpriseSSOFactor` (`@clerk/shared` types/factors.ts), keyed by our strategy vocabulary so a
 * new strategy cannot be added without its factor shape (the check below fails to compile).
 */
export interface FactorDetails {
  password: Record<never, never>
  email_code: { emailAddressId: string; safeIdentifier: string; primary?: boolean }
  email_link: { emailAddressId: string; safeIdentifier: string; primary?: boolean }
  phone_code: { phoneNumberId: string; safeIdentifier: string; primary?: boolean; default?: boolean; channel?: 'sms' }
  passkey: Record<never, never>
  totp: Record<never, never>
  backup_code: Record<never, never>
  /** `safeIdentifier` (the masked address at the IdP) is our addition. */
  enterprise_sso: { enterpriseConnectionId?: string; enterpriseConnectionName?: string; safeIdentifier?: string }
  /** The reference's `ResetPasswordEmailCodeFactor` and `ResetPasswordPhoneCodeFactor`. */
  reset_password_email_code: { emailAddressId: string; safeIdentifier: string; primary?: boolean }
  reset_password_phone_code: { phoneNumberId: string; safeIdentifier: string; primary?: boolean }
  /** The reference's `OauthFactor`: the strategy alone. */
  oauth_google: Record<never, never>
  oauth_github: Record<never, never>
  oauth_microsoft: Record<never, never>
}

/** A factor on offer, discriminated on `strategy` (`Factor<'totp'>`, `Factor<FirstFactorStrategy>`). */
export type Factor<S extends Strategy = Strategy> = S extends Strategy ? { strategy: S } & FactorDetails[S] : never

type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
/** Compile-time: one factor shape per strategy, no more, no fewer. */
export const FACTOR_DETAILS_COVER_STRATEGIES: SameKeys<keyof FactorDetails, Strategy> = true
