/**
 * How each verification strategy reads and which step verifies it, for every flow that verifies a
 * person: sign-in, sign-up, step-up ("Confirm it's you") and the ones later issues add. One entry
 * per strategy of the domain tuple (app/session/factors.ts), so a new strategy does not compile
 * until it says how it is shown; a code strategy (`CODE_STRATEGIES`) must be a sent code. Time
 * limits and code lengths come from the policy constants (docs/decisions/023-one-verification-ui.md).
 */

import { CODE_STRATEGY_CHANNEL, type CodeChannel } from '../../session/codes.ts'
import { describeDuration } from '../../session/durations.ts'
import { type CodeStrategy, isCodeStrategy, type LinkStrategy, type Strategy } from '../../session/factors.ts'
import {
  EMAIL_LINK_TTL_SECONDS,
  ONE_TIME_CODE_DIGITS,
  ONE_TIME_CODE_TTL_SECONDS,
  TOTP_DIGITS,
} from '../../session/policy.ts'

/** A code we send (by email, by text message): where it went, how long it works, a resend. */
export interface SentCodeCopy {
  kind: 'sent_code'
  /** Offered among other ways ("Email me a code"). */
  choice: string
  /** Offered in place of the password at sign-in ("Forgot password?" for a reset). */
  insteadOfPassword: string
  /** What the code travels by, in a sentence ("by email"). */
  channel: string
}

/** A link we send (by email): the person opens it, and the waiting tab goes on by itself. */
export interface SentLinkCopy {
  kind: 'sent_link'
  choice: string
  insteadOfPassword: string
  channel: string
}

/** A code the person already has: from an authenticator app, or a saved backup code. */
export interface HeldCodeCopy {
  kind: 'held_code'
  choice: string
  instructions: string
  /** The field's label, and what it takes (`one-time`: digits only, submits itself when whole). */
  label: string
  field: 'one-time' | 'backup'
  /** A one-time code's length. */
  digits: number
}

export interface PasswordCopy {
  kind: 'password'
  choice: string
}

/** A WebAuthn ceremony in the browser (app/auth/passkeys.ts). */
export interface PasskeyCopy {
  kind: 'passkey'
  choice: string
  instructions: string
  /** The button that starts the ceremony. */
  action: string
}

/** The browser goes to an identity provider and comes back. */
export interface RedirectCopy {
  kind: 'redirect'
  /** "Continue with Acme" (or the generic name when the connection's is not known). */
  choice: (providerName: string | null) => string
}

export type StrategyCopy = SentCodeCopy | SentLinkCopy | HeldCodeCopy | PasswordCopy | PasskeyCopy | RedirectCopy
export type StepKind = StrategyCopy['kind']

/** A code strategy is a sent code, a link strategy a sent link; every other strategy is any other kind. */
export type CopyOf<S extends Strategy> = S extends CodeStrategy
  ? SentCodeCopy
  : S extends LinkStrategy
    ? SentLinkCopy
    : Exclude<StrategyCopy, SentCodeCopy | SentLinkCopy>

/** A social provider's button: "Continue with Google". */
function socialCopy(name: string): RedirectCopy {
  return { kind: 'redirect', choice: () => `Continue with ${name}` }
}

/** How a code's channel reads in a sentence. */
export const CHANNEL_WORDS: Record<CodeChannel, string> = { email: 'email', sms: 'text message' }

export const STRATEGY_COPY = {
  password: { kind: 'password', choice: 'Use your password' },
  email_code: {
    kind: 'sent_code',
    choice: 'Email me a code',
    insteadOfPassword: 'Email me a sign-in code instead',
    channel: CHANNEL_WORDS[CODE_STRATEGY_CHANNEL.email_code],
  },
  email_link: {
    kind: 'sent_link',
    choice: 'Email me a sign-in link',
    insteadOfPassword: 'Email me a sign-in link instead',
    channel: CHANNEL_WORDS[CODE_STRATEGY_CHANNEL.email_link],
  },
  phone_code: {
    kind: 'sent_code',
    choice: 'Text me a code',
    insteadOfPassword: 'Text me a sign-in code instead',
    channel: CHANNEL_WORDS[CODE_STRATEGY_CHANNEL.phone_code],
  },
  passkey: {
    kind: 'passkey',
    choice: 'Use a passkey',
    instructions: 'Use the passkey on this device, or on your phone.',
    action: 'Use your passkey',
  },
  totp: {
    kind: 'held_code',
    choice: 'Use your authenticator app',
    instructions: `Enter the ${TOTP_DIGITS}-digit code from your authenticator app.`,
    label: 'Verification code',
    field: 'one-time',
    digits: TOTP_DIGITS,
  },
  backup_code: {
    kind: 'held_code',
    choice: 'Use a backup code',
    instructions: 'Enter one of your backup codes. Each works once.',
    label: 'Backup code',
    field: 'backup',
    digits: ONE_TIME_CODE_DIGITS,
  },
  enterprise_sso: {
    kind: 'redirect',
    choice: (providerName: string | null) => `Continue with ${providerName ?? 'single sign-on'}`,
  },
  reset_password_email_code: {
    kind: 'sent_code',
    choice: 'Reset your password by email',
    insteadOfPassword: 'Forgot password?',
    channel: CHANNEL_WORDS[CODE_STRATEGY_CHANNEL.reset_password_email_code],
  },
  reset_password_phone_code: {
    kind: 'sent_code',
    choice: 'Reset your password by text message',
    insteadOfPassword: 'Forgot password?',
    channel: CHANNEL_WORDS[CODE_STRATEGY_CHANNEL.reset_password_phone_code],
  },
  oauth_google: socialCopy('Google'),
  oauth_github: socialCopy('GitHub'),
  oauth_microsoft: socialCopy('Microsoft'),
} as const satisfies { readonly [S in Strategy]: CopyOf<S> }

/** What an alternative reads as in a list of other ways ("Continue with Acme", "Text me a code (+•••0123)"). */
export function choiceLabel(factor: {
  strategy: Strategy
  safeIdentifier?: string | null
  enterpriseConnectionName?: string | null
}): string {
  const copy: StrategyCopy = STRATEGY_COPY[factor.strategy]
  const label = copy.kind === 'redirect' ? copy.choice(factor.enterpriseConnectionName ?? null) : copy.choice
  return factor.safeIdentifier ? `${label} (${factor.safeIdentifier})` : label
}

/** How long a sent code works, as the person reads it. */
export const CODE_LIFETIME = describeDuration(ONE_TIME_CODE_TTL_SECONDS)

/** The sentence above a sent code's field: on its way, or where it went and how long it works. */
export function sentCodeInstructions(copy: SentCodeCopy, sent: { safeIdentifier: string | null } | null): string {
  if (!sent) return `Sending a ${ONE_TIME_CODE_DIGITS}-digit code by ${copy.channel}…`
  const to = sent.safeIdentifier ? ` to ${sent.safeIdentifier}` : ''
  return `We sent a ${ONE_TIME_CODE_DIGITS}-digit code by ${copy.channel}${to}. It works for ${CODE_LIFETIME}.`
}

/** How long a sent link works, as the person reads it. */
export const LINK_LIFETIME = describeDuration(EMAIL_LINK_TTL_SECONDS)

/** The sentence of the step that waits for a sent link to be opened. */
export function sentLinkInstructions(copy: SentLinkCopy, sent: { safeIdentifier: string | null } | null): string {
  if (!sent) return `Sending a sign-in link by ${copy.channel}…`
  const to = sent.safeIdentifier ? ` to ${sent.safeIdentifier}` : ''
  return `We sent a link by ${copy.channel}${to}. Open it to go on; this page continues by itself. It works once, for ${LINK_LIFETIME}.`
}

/** Before a code is asked for (step-up: the person chooses to have it sent). */
export function unsentCodeInstructions(copy: SentCodeCopy, safeIdentifier: string | null | undefined): string {
  return `We will send a ${ONE_TIME_CODE_DIGITS}-digit code by ${copy.channel} to ${safeIdentifier ?? 'you'}.`
}

/** A factor's code strategy, for a step that submits a code we sent (an error for any other). */
export function codeStrategyOf(factor: { strategy: Strategy }): CodeStrategy {
  if (!isCodeStrategy(factor.strategy)) throw new Error(`${factor.strategy} takes no sent code`)
  return factor.strategy
}
