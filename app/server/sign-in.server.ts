/**
 * Signing in, identifier first (the reference's SignIn resource): an identifier, then a first
 * factor, then — for every user who has one, whatever the first factor — a second factor. A
 * user-verifying passkey is multi-factor and needs no identifier.
 *
 * The half-finished sign-in is an attempt row that the browser names with an opaque HttpOnly
 * cookie; it is never a session. It lasts SIGN_IN_ATTEMPT_TTL_SECONDS, moves one step at a time
 * (each step a conditional UPDATE, so a step is taken once), and is abandoned when the browser
 * starts another, cancels, or signs out.
 *
 * Enumeration: the first step answers the same for every identifier of a kind, codes "sent" to an
 * identifier without an account go nowhere, and a wrong password costs the same with or without an
 * account: the same statements run (an identifier without an account has its own lockout count,
 * and its password lookup finds nothing), and a dummy hash is checked. The lockout's warnings and
 * lock come the same way for both. What still tells accounts apart is passing a first factor; see
 * docs/decisions/010-factors-and-sign-in.md and docs/decisions/024-impersonation-and-lockout.md.
 */

import { and, desc, eq, gt, inArray, lt } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { signInAttempts, users } from '../../db/schema.ts'
import { emailDomain, type Federation } from '../session/enterprise-sso.ts'
import { type ErrorCode, TesseraError } from '../session/errors.ts'
import {
  availableSecondFactors,
  type FirstFactorStrategy,
  isCodeStrategy,
  isLinkStrategy,
  isOAuthStrategy,
  isResetPasswordStrategy,
  needsSecondFactor,
  type OAuthStrategy,
  type ResetPasswordStrategy,
  type SentStrategy,
  STRATEGY_LABEL,
} from '../session/factors.ts'
import { maskEmail, maskPhone, parseIdentifier } from '../session/identifiers.ts'
import {
  MAX_OPEN_SIGN_INS_PER_IP,
  SIGN_IN_ATTEMPT_TTL_SECONDS,
  SSO_SIGN_IN_MAX_AGE_SECONDS,
} from '../session/policy.ts'
import {
  isAttemptOpen,
  RESET_PASSWORD_STRATEGY_OF,
  type SignInStatus,
  signsOutOtherSessions,
  supportedFirstFactors,
} from '../session/sign-in.ts'
import type {
  CodeAttempt,
  FactorJSON,
  PasswordAttempt,
  SecondFactorAttempt,
  SecondFactorCodeTarget,
  SignInJSON,
} from '../session/wire.ts'
import { assertAcceptablePassword, storePassword } from './account.server.ts'
import { type SignedIn, startSession, type VerifiedFactors } from './auth.server.ts'
import { checkBackupCode } from './backup-codes.server.ts'
import {
  type CodeBinding,
  checkCode,
  codeVerification,
  consumeLink,
  issueCode,
  type LinkRow,
  outstandingCode,
  passedVerification,
} from './codes.server.ts'
import { newClientToken, newId, safeEqual, sha256Hex } from './crypto.server.ts'
import { enabledConnectionForDomain, loadConnection } from './enterprise-connections.server.ts'
import { assertSecondFactorAvailable, codeDestination, secondFactorPhone, secondFactorsOf } from './factors.server.ts'
import { appendLedger } from './ledger.server.ts'
import { assertNotLocked, lockoutSubjectOf, recordSuccessfulVerification, underLockout } from './lockout.server.ts'
import { codeSms, FIRST_FACTOR_CODE_MESSAGE, linkEmail } from './messages.server.ts'
import { passkeyAuthenticationOptions, relyingParty, verifyPasskeyAssertion } from './passkeys.server.ts'
import { hashPassword, verifyPassword } from './passwords.server.ts'
import { enforceRateLimit } from './rate-limits.server.ts'
import { notifySecurityEvent, primaryEmailOf, recordSecurityEvent } from './security-events.server.ts'
import { messageContext, type ServiceContext } from './service-context.server.ts'
import { revokeOtherUserSessions } from './sessions.server.ts'
import { type StartedTrip, startTrip } from './sso-transactions.server.ts'
import { resolveTaskEverywhere } from './tasks.server.ts'
import { checkTotp } from './totp.server.ts'
import { announceUserUpdated, enrolledFactors, findUserIdByIdentifier, passwordCredentialOf } from './users.server.ts'

type AttemptRow = typeof signInAttempts.$inferSelect

/** A user id no account has (ids are prefixed random strings): looked up for an unknown identifier. */
const NO_USER = ''

/** The result of a step: the attempt as it now stands, and the session when it completed. */
export interface SignInStep {
  signIn: SignInJSON
  signedIn: SignedIn | null
}

// ---------------------------------------------------------------------------------------------
// The attempt and its JSON

const firstFactorBinding = (attempt: AttemptRow): CodeBinding => ({
  purpose: 'sign_in_first_factor',
  signInId: attempt.id,
})
/** A reset code has its own purpose: a sign-in code is not a reset code, nor the other way round. */
const resetBinding = (attempt: AttemptRow): CodeBinding => ({
  purpose: 'sign_in_reset_password',
  signInId: attempt.id,
})
const bindingOf = (attempt: AttemptRow, strategy: SentStrategy): CodeBinding =>
  isResetPasswordStrategy(strategy) ? resetBinding(attempt) : firstFactorBinding(attempt)
const secondFactorBinding = (attempt: AttemptRow): CodeBinding => ({
  purpose: 'sign_in_second_factor',
  signInId: attempt.id,
})

/** The attempt, if it is open and at the expected step, or the error explaining why not. */
function checkAttempt(attempt: AttemptRow | undefined, expected: SignInStatus, now: Date): AttemptRow {
  if (!attempt || attempt.status === 'complete' || attempt.status === 'abandoned') {
    throw new TesseraError('sign_in_not_found')
  }
  if (!isAttemptOpen(attempt, now)) throw new TesseraError('sign_in_expired')
  if (attempt.status !== expected) throw new TesseraError('sign_in_step_invalid')
  return attempt
}

/** The open attempt this browser's cookie names, in the expected state, or the error explaining why not. */
async function openAttempt(db: Database, token: string | null, expected: SignInStatus, now: Date): Promise<AttemptRow> {
  if (!token) throw new TesseraError('sign_in_not_found')
  const [attempt] = await db
    .select()
    .from(signInAttempts)
    .where(eq(signInAttempts.tokenHash, sha256Hex(token)))
  return checkAttempt(attempt, expected, now)
}

function safeIdentifierOf(attempt: AttemptRow): string {
  return attempt.identifierKind === 'email_address' ? maskEmail(attempt.identifier) : maskPhone(attempt.identifier)
}

/** The enabled enterprise connection that owns the attempt's email domain, if any. */
async function enterpriseConnectionOf(ctx: ServiceContext, attempt: AttemptRow) {
  if (attempt.identifierKind !== 'email_address') return null
  return enabledConnectionForDomain(ctx.db, emailDomain(attempt.identifier))
}

/** The first factors offered for the attempt's identifier (by its kind and domain, never its account). */
async function offeredFirstFactors(ctx: ServiceContext, attempt: AttemptRow): Promise<FactorJSON[]> {
  const connection = await enterpriseConnectionOf(ctx, attempt)
  const safeIdentifier = safeIdentifierOf(attempt)
  return supportedFirstFactors(attempt.identifierKind, ctx.config.factors.firstFactors, {
    enterpriseDomain: connection !== null,
  }).map((strategy): FactorJSON => {
    if (strategy === 'enterprise_sso') {
      return { strategy, enterpriseConnectionId: connection?.id, enterpriseConnectionName: connection?.name }
    }
    return isCodeStrategy(strategy) || isLinkStrategy(strategy) ? { strategy, safeIdentifier } : { strategy }
  })
}

async function toSignInJSON(ctx: ServiceContext, attempt: AttemptRow): Promise<SignInJSON> {
  const secondStep = attempt.status === 'needs_second_factor' && attempt.userId !== null
  const first = attempt.firstFactorStrategy
  return {
    id: attempt.id,
    status: attempt.status,
    identifier: attempt.identifier,
    identifierKind: attempt.identifierKind,
    supportedFirstFactors: await offeredFirstFactors(ctx, attempt),
    supportedSecondFactors: secondStep && attempt.userId ? await secondFactorsOf(ctx, attempt.userId) : null,
    firstFactorVerification:
      first === 'password' || first === 'enterprise_sso' || isOAuthStrategy(first)
        ? passedVerification(first)
        : await firstCode(ctx, attempt),
    secondFactorVerification: secondStep ? await codeVerification(ctx.db, secondFactorBinding(attempt)) : null,
    createdSessionId: attempt.sessionId,
    expireAt: attempt.expiresAt.getTime(),
  }
}

/**
 * The first factor's code as the browser shows it: the reset code once one passed, else the latest
 * code sent (a sign-in code, or a reset code for "Forgot password?").
 */
async function firstCode(ctx: ServiceContext, attempt: AttemptRow) {
  const [signInCode, resetCode] = await Promise.all([
    codeVerification(ctx.db, firstFactorBinding(attempt), ctx.now),
    codeVerification(ctx.db, resetBinding(attempt), ctx.now),
  ])
  if (isResetPasswordStrategy(attempt.firstFactorStrategy)) return resetCode
  if (!signInCode || !resetCode) return signInCode ?? resetCode
  return (resetCode.nextResendAt ?? 0) > (signInCode.nextResendAt ?? 0) ? resetCode : signInCode
}

/** The sign-in this browser has in progress, or null. */
export async function getSignIn(ctx: ServiceContext, token: string | null): Promise<SignInJSON | null> {
  if (!token) return null
  const [attempt] = await ctx.db
    .select()
    .from(signInAttempts)
    .where(eq(signInAttempts.tokenHash, sha256Hex(token)))
  if (!attempt || !isAttemptOpen(attempt, ctx.now)) return null
  return toSignInJSON(ctx, attempt)
}

/** Gives up the browser's attempt (cancel, a new attempt, sign-out): its next step is refused. */
export async function abandonSignIn(db: Database, token: string | null, now: Date): Promise<void> {
  if (!token) return
  await db
    .update(signInAttempts)
    .set({ status: 'abandoned', endedAt: now })
    .where(
      and(
        eq(signInAttempts.tokenHash, sha256Hex(token)),
        inArray(signInAttempts.status, ['needs_first_factor', 'needs_new_password', 'needs_second_factor']),
      ),
    )
}

// ---------------------------------------------------------------------------------------------
// Step 1: the identifier

/**
 * Bounds the open sign-ins of `attempt`'s address (see MAX_OPEN_SIGN_INS_PER_IP): its oldest that
 * have not passed a first factor (or were given up), started before the rate limit's last window,
 * are deleted past the allowance. One that passed a factor stays.
 */
async function makeWayForNewAttempt(ctx: ServiceContext, attempt: AttemptRow): Promise<void> {
  if (attempt.ipAddress === null) return
  const recent = new Date(ctx.now.getTime() - ctx.config.rateLimits.sign_in_start_ip.windowSeconds * 1000)
  const oldest = ctx.db
    .select({ id: signInAttempts.id })
    .from(signInAttempts)
    .where(
      and(
        eq(signInAttempts.ipAddress, attempt.ipAddress),
        inArray(signInAttempts.status, ['needs_first_factor', 'abandoned']),
        lt(signInAttempts.createdAt, recent),
      ),
    )
    .orderBy(desc(signInAttempts.createdAt))
    .offset(MAX_OPEN_SIGN_INS_PER_IP)
  await ctx.db.delete(signInAttempts).where(inArray(signInAttempts.id, oldest))
}

export interface CreatedSignIn extends SignInStep {
  /** The new attempt's token, for the browser's cookie. */
  token: string
}

/**
 * Starts a sign-in for an email address or phone number (any previous attempt of this browser is
 * abandoned). With a password, attempts it at once: the reference's one-call password sign-in.
 */
export async function createSignIn(
  ctx: ServiceContext,
  input: { identifier: string; password?: string | null },
  tokens: { signIn: string | null; client: string | null },
): Promise<CreatedSignIn> {
  const identifier = parseIdentifier(input.identifier)
  if (!identifier) {
    throw new TesseraError('invalid_input', {
      meta: {
        issues: [{ path: 'identifier', message: 'Enter an email address, or a phone number with its country code.' }],
      },
    })
  }
  await enforceRateLimit(ctx.db, ctx.config, 'sign_in_start_ip', ctx.meta.ipAddress, ctx.now)
  await enforceRateLimit(ctx.db, ctx.config, 'sign_in_start_identifier', identifier.value, ctx.now)
  const { token, attempt } = await openNewAttempt(ctx, tokens.signIn, {
    identifierKind: identifier.kind,
    identifier: identifier.value,
    userId: await findUserIdByIdentifier(ctx.db, identifier),
  })
  if (input.password) {
    return {
      token,
      ...(await attemptFirstFactor(ctx, token, { strategy: 'password', password: input.password }, tokens.client)),
    }
  }
  return { token, signIn: await toSignInJSON(ctx, attempt), signedIn: null }
}

/**
 * Gives up the browser's attempt in progress and starts a new one at the first factor; the new
 * attempt's token (for the browser's cookie) is stored only as its hash.
 */
async function openNewAttempt(
  ctx: ServiceContext,
  previousToken: string | null,
  who: Pick<AttemptRow, 'identifierKind' | 'identifier' | 'userId'>,
): Promise<{ token: string; attempt: AttemptRow }> {
  await abandonSignIn(ctx.db, previousToken, ctx.now)
  const token = newClientToken()
  const [attempt] = await ctx.db
    .insert(signInAttempts)
    .values({
      id: newId('signIn'),
      tokenHash: sha256Hex(token),
      status: 'needs_first_factor',
      ...who,
      ipAddress: ctx.meta.ipAddress,
      userAgent: ctx.meta.userAgent,
      createdAt: ctx.now,
      expiresAt: new Date(ctx.now.getTime() + SIGN_IN_ATTEMPT_TTL_SECONDS * 1000),
    })
    .returning()
  if (!attempt) throw new Error('insert into sign_in_attempts returned no row')
  await makeWayForNewAttempt(ctx, attempt)
  return { token, attempt }
}

// ---------------------------------------------------------------------------------------------
// Step 2: the first factor

async function assertFirstFactorOffered(
  ctx: ServiceContext,
  attempt: AttemptRow,
  strategy: FirstFactorStrategy,
): Promise<void> {
  if (!(await offeredFirstFactors(ctx, attempt)).some((factor) => factor.strategy === strategy)) {
    throw new TesseraError('strategy_not_allowed', { meta: { strategy } })
  }
}

/**
 * Sends the first-factor code (a code strategy) or email link (`email_link`, with the page to go
 * on to once it is opened) to the attempt's identifier.
 */
export async function prepareFirstFactor(
  ctx: ServiceContext,
  token: string | null,
  input: {
    strategy: SentStrategy
    emailAddressId?: string | null
    phoneNumberId?: string | null
    redirectUrl?: string | null
  },
): Promise<SignInJSON> {
  const attempt = await openAttempt(ctx.db, token, 'needs_first_factor', ctx.now)
  await assertFirstFactorOffered(ctx, attempt, input.strategy)
  await assertTargetIsIdentifier(ctx, attempt, input)
  // No code while locked: it could not be used (issue 22, finding 8). The same for no account.
  await assertNotLocked(ctx.db, lockoutSubjectOf(attempt), ctx.now)
  const messages = messageContext(ctx)
  const to = attempt.identifier
  const strategy = input.strategy
  await issueCode(ctx, {
    binding: bindingOf(attempt, input.strategy),
    strategy,
    destination: to,
    userId: attempt.userId,
    redirectUrl: input.redirectUrl ?? null,
    message:
      attempt.userId === null
        ? null
        : isLinkStrategy(strategy)
          ? (secret) => linkEmail(messages, { to, token: secret, purpose: 'sign_in' })
          : (code) => FIRST_FACTOR_CODE_MESSAGE[strategy](messages, { to, code, purpose: 'sign_in' }),
  })
  return toSignInJSON(ctx, attempt)
}

/**
 * A reset's `emailAddressId` / `phoneNumberId` (the reference's parameters), when given, must name
 * the identifier being signed in, verified, of its account: any other id — another user's, or any
 * id at all for an identifier without an account — is `identifier_not_found`, the same answer
 * either way. The code always goes to the identifier.
 */
async function assertTargetIsIdentifier(
  ctx: ServiceContext,
  attempt: AttemptRow,
  input: { emailAddressId?: string | null; phoneNumberId?: string | null },
): Promise<void> {
  const { emailAddressId, phoneNumberId } = input
  if (emailAddressId == null && phoneNumberId == null) return
  const target =
    attempt.identifierKind === 'email_address' && emailAddressId != null && phoneNumberId == null
      ? ({ strategy: 'email_code', emailAddressId } as const)
      : attempt.identifierKind === 'phone_number' && phoneNumberId != null && emailAddressId == null
        ? ({ strategy: 'phone_code', phoneNumberId } as const)
        : null
  if (target === null || attempt.userId === null) throw new TesseraError('identifier_not_found')
  if ((await codeDestination(ctx.db, attempt.userId, target)) !== attempt.identifier) {
    throw new TesseraError('identifier_not_found')
  }
}

/**
 * An email link of this attempt was opened (app/server/email-links.server.ts found it by its
 * token and checked it is live). Spends it and passes the first factor, in one transaction:
 * - a user with a second factor goes on to it, in whichever browser holds the attempt;
 * - opened in the browser that holds the attempt (`signInToken` names it), the sign-in completes
 *   here and this browser is signed in;
 * - opened elsewhere, refused (`email_link_client_mismatch`, the link stays usable) while the
 *   instance requires the same browser (the reference's default); otherwise only the link is spent:
 *   the browser that holds the attempt completes it on its next poll (`completeEmailLinkSignIn`),
 *   and the browser that opened it is not signed in.
 */
export async function passEmailLink(
  ctx: ServiceContext,
  link: LinkRow,
  tokens: { signIn: string | null; client: string | null },
): Promise<SignInStep & { sameClient: boolean }> {
  const [row] = await ctx.db
    .select()
    .from(signInAttempts)
    .where(eq(signInAttempts.id, link.signInId ?? ''))
  const attempt = checkAttempt(row, 'needs_first_factor', ctx.now)
  const sameClient = tokens.signIn !== null && safeEqual(sha256Hex(tokens.signIn), attempt.tokenHash)
  if (!sameClient && ctx.config.factors.emailLinkRequireSameClient) throw new TesseraError('email_link_client_mismatch')
  const { userId } = attempt
  if (userId === null) throw new TesseraError('code_not_sent')
  await countFactorAttempt(ctx, attempt)
  return ledgeringFailure(ctx, userId, 'email_link', async () => {
    await assertNotLocked(ctx.db, { userId }, ctx.now)
    const passed: Passed = { spend: (tx) => consumeLink(tx, link.id, ctx.now, sameClient), lostRace: 'code_reused' }
    if (needsSecondFactor(await enrolledFactors(ctx.db, userId), ctx.config.factors.secondFactors, 'email_link')) {
      const advanced = await advanceFromFirstFactor(ctx, attempt.id, passed, {
        status: 'needs_second_factor',
        firstFactorStrategy: 'email_link',
        firstFactorVerifiedAt: ctx.now,
      })
      return { signIn: await toSignInJSON(ctx, advanced), signedIn: null, sameClient }
    }
    if (sameClient) {
      const factors = {
        firstFactorVerifiedAt: ctx.now,
        secondFactorVerifiedAt: null,
        strategies: 'email_link',
        firstFactor: 'email_link' as const,
      }
      return { ...(await complete(ctx, attempt, 'needs_first_factor', passed, factors, tokens.client)), sameClient }
    }
    await ctx.db.transaction(async (tx) => {
      if (!(await passed.spend(tx))) throw new TesseraError(passed.lostRace)
    })
    return { signIn: await toSignInJSON(ctx, attempt), signedIn: null, sameClient }
  })
}

/**
 * The poll of the tab waiting for its email link (the reference's `startEmailLinkFlow` reloads the
 * sign-in until its verification is settled): the sign-in as it stands, completed here when the
 * link was opened in another browser (only the browser that holds the attempt gets the session).
 */
export async function completeEmailLinkSignIn(
  ctx: ServiceContext,
  token: string | null,
  clientToken: string | null,
): Promise<SignInStep> {
  if (!token) throw new TesseraError('sign_in_not_found')
  const [attempt] = await ctx.db
    .select()
    .from(signInAttempts)
    .where(eq(signInAttempts.tokenHash, sha256Hex(token)))
  // Completed by the link in this very browser (another tab): the session is this browser's to adopt.
  if (attempt?.status === 'complete' && attempt.sessionId)
    return { signIn: await toSignInJSON(ctx, attempt), signedIn: null }
  const open = checkAttempt(
    attempt,
    attempt?.status === 'needs_second_factor' ? 'needs_second_factor' : 'needs_first_factor',
    ctx.now,
  )
  const link = open.status === 'needs_first_factor' ? await outstandingCode(ctx.db, firstFactorBinding(open)) : null
  if (open.userId === null || link?.strategy !== 'email_link' || !link.consumedAt) {
    return { signIn: await toSignInJSON(ctx, open), signedIn: null }
  }
  const factors = {
    firstFactorVerifiedAt: link.consumedAt,
    secondFactorVerifiedAt: null,
    strategies: 'email_link',
    firstFactor: 'email_link' as const,
  }
  try {
    return await complete(ctx, open, 'needs_first_factor', nothingToSpend, factors, clientToken)
  } catch (error) {
    // Another poll of this browser completed it first.
    if (error instanceof TesseraError && error.code === 'sign_in_step_invalid') {
      return completeEmailLinkSignIn(ctx, token, clientToken)
    }
    throw error
  }
}

/**
 * Sends the browser to the enterprise IdP that owns the attempt's email domain (the reference's
 * `prepareFirstFactor({ strategy: 'enterprise_sso', redirectUrl })`). The answer's
 * `firstFactorVerification.externalVerificationRedirectUrl` is the IdP's URL; the trip's browser
 * token goes in the SSO cookie. The IdP is asked for an authentication no older than
 * SSO_SIGN_IN_MAX_AGE_SECONDS, with the typed address as a login hint.
 */
export async function prepareEnterpriseSso(
  ctx: ServiceContext,
  token: string | null,
  input: { redirectPath: string },
): Promise<{ signIn: SignInJSON; trip: StartedTrip }> {
  const attempt = await openAttempt(ctx.db, token, 'needs_first_factor', ctx.now)
  await assertFirstFactorOffered(ctx, attempt, 'enterprise_sso')
  const owner = await enterpriseConnectionOf(ctx, attempt)
  if (!owner) throw new TesseraError('strategy_not_allowed', { meta: { strategy: 'enterprise_sso' } })
  const trip = await startTrip(
    ctx,
    await loadConnection(ctx.db, owner.id),
    { purpose: 'sign_in', signInId: attempt.id },
    { redirectPath: input.redirectPath, maxAgeSeconds: SSO_SIGN_IN_MAX_AGE_SECONDS, loginHint: attempt.identifier },
  )
  const signIn = await toSignInJSON(ctx, attempt)
  return {
    signIn: {
      ...signIn,
      firstFactorVerification: {
        strategy: 'enterprise_sso',
        status: 'unverified',
        safeIdentifier: null,
        expireAt: null,
        nextResendAt: null,
        externalVerificationRedirectUrl: trip.url,
      },
    },
    trip,
  }
}

export type FirstFactorAttempt = PasswordAttempt | CodeAttempt

/** A factor that passed: `spend` uses up its one-time artefact inside the completing transaction. */
interface Passed {
  spend: (tx: Database) => Promise<boolean>
  /** The answer when `spend` finds the artefact already spent by a concurrent request. */
  lostRace: ErrorCode
}

/**
 * Spends what passed the first factor and moves the attempt on to its next step (a new password,
 * or the second factor) in one transaction; a concurrent request that moved it first wins.
 */
async function advanceFromFirstFactor(
  ctx: ServiceContext,
  attemptId: string,
  passed: Passed,
  next: Pick<AttemptRow, 'status' | 'firstFactorStrategy' | 'firstFactorVerifiedAt'> & Partial<AttemptRow>,
): Promise<AttemptRow> {
  return ctx.db.transaction(async (tx) => {
    if (!(await passed.spend(tx))) throw new TesseraError(passed.lostRace)
    const [row] = await tx
      .update(signInAttempts)
      .set(next)
      .where(and(eq(signInAttempts.id, attemptId), eq(signInAttempts.status, 'needs_first_factor')))
      .returning()
    if (!row) throw new TesseraError('sign_in_step_invalid')
    return row
  })
}

const nothingToSpend: Passed = { spend: async () => true, lostRace: 'sign_in_step_invalid' }

async function countFactorAttempt(ctx: ServiceContext, attempt: AttemptRow): Promise<void> {
  await enforceRateLimit(ctx.db, ctx.config, 'sign_in_ip', ctx.meta.ipAddress, ctx.now)
  await enforceRateLimit(ctx.db, ctx.config, 'sign_in_identifier', attempt.identifier, ctx.now)
}

/**
 * Failures of a factor check, and refusals after one passed (a ban, a locked account), are written
 * to the ledger: the user's activity shows them, the admin dashboard counts them. Rate limits and
 * malformed requests are not (an attacker hammering the endpoint must not grow the table).
 */
const LEDGERED_FAILURES = new Set<ErrorCode>([
  'invalid_credentials',
  'password_incorrect',
  'password_compromised',
  'code_incorrect',
  'code_expired',
  'code_reused',
  'code_attempts_exceeded',
  'passkey_challenge_invalid',
  'passkey_verification_failed',
  'passkey_not_found',
  'user_locked',
  'user_banned',
  // Enterprise SSO: what the IdP sent failed a check, or may not sign this account in (VULN-14).
  'sso_connection_disabled',
  'sso_idp_refused',
  'sso_code_rejected',
  'sso_issuer_mismatch',
  'sso_nonce_mismatch',
  'sso_audience_invalid',
  'sso_token_algorithm_invalid',
  'sso_token_signature_invalid',
  'sso_token_expired',
  'sso_auth_time_invalid',
  'sso_token_invalid',
  'sso_email_missing',
  'sso_email_domain_mismatch',
  'sso_email_not_verified',
  'sso_local_email_unverified',
])

export async function ledgeringFailure<T>(
  ctx: ServiceContext,
  userId: string | null,
  strategy: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof TesseraError && LEDGERED_FAILURES.has(error.code)) {
      const entry = { type: 'sign_in_failed' as const, sessionId: null, userId, actor: 'user' as const }
      await appendLedger(
        ctx.db,
        [{ ...entry, actorUserId: null, detail: `${strategy}: ${error.code}`, meta: ctx.meta }],
        ctx.now,
      )
    }
    throw error
  }
}

/** The answer to a right but compromised password: continue with a code to the same identifier. */
function passwordCompromised(ctx: ServiceContext, attempt: AttemptRow): TesseraError {
  const strategies = supportedFirstFactors(attempt.identifierKind, ctx.config.factors.firstFactors).filter(
    isCodeStrategy,
  )
  return new TesseraError('password_compromised', { meta: { strategies } })
}

export async function attemptFirstFactor(
  ctx: ServiceContext,
  token: string | null,
  input: FirstFactorAttempt,
  clientToken: string | null,
): Promise<SignInStep> {
  const attempt = await openAttempt(ctx.db, token, 'needs_first_factor', ctx.now)
  await assertFirstFactorOffered(ctx, attempt, input.strategy)
  await countFactorAttempt(ctx, attempt)
  return ledgeringFailure(ctx, attempt.userId, input.strategy, () => passFirstFactor(ctx, attempt, input, clientToken))
}

async function passFirstFactor(
  ctx: ServiceContext,
  attempt: AttemptRow,
  input: FirstFactorAttempt,
  clientToken: string | null,
): Promise<SignInStep> {
  const { userId } = attempt
  const passed = await underLockout(ctx, lockoutSubjectOf(attempt), async (): Promise<Passed> => {
    if (input.strategy === 'password') {
      // Without an account the same statement runs and finds nothing (issue 20, finding 9).
      const credential = await passwordCredentialOf(ctx.db, userId ?? NO_USER)
      const valid = await verifyPassword(credential?.hash ?? null, input.password)
      if (!valid) throw new TesseraError('invalid_credentials')
      // Someone else may know it: it never signs in alone, and the session will owe a new one.
      if (credential?.compromisedAt) throw passwordCompromised(ctx, attempt)
      return nothingToSpend
    }
    const matched = await checkCode(ctx.db, bindingOf(attempt, input.strategy), input.code, ctx.now)
    return { spend: matched.consume, lostRace: 'code_reused' }
  })
  // A code "sent" to an identifier without an account went nowhere; guessing it signs nobody in.
  if (userId === null) throw new TesseraError(input.strategy === 'password' ? 'invalid_credentials' : 'code_incorrect')

  if (isResetPasswordStrategy(input.strategy)) {
    // The identifier is proven; the new password comes next (resetPassword), no session yet.
    const advanced = await advanceFromFirstFactor(ctx, attempt.id, passed, {
      status: 'needs_new_password',
      firstFactorStrategy: input.strategy,
      firstFactorVerifiedAt: ctx.now,
    })
    return { signIn: await toSignInJSON(ctx, advanced), signedIn: null }
  }

  if (needsSecondFactor(await enrolledFactors(ctx.db, userId), ctx.config.factors.secondFactors, input.strategy)) {
    const advanced = await advanceFromFirstFactor(ctx, attempt.id, passed, {
      status: 'needs_second_factor',
      firstFactorStrategy: input.strategy,
      firstFactorVerifiedAt: ctx.now,
    })
    // The failure count is cleared only by a finished sign-in: clearing it here would let a stolen
    // password buy unlimited guesses at the second factor.
    return { signIn: await toSignInJSON(ctx, advanced), signedIn: null }
  }
  const factors = {
    firstFactorVerifiedAt: ctx.now,
    secondFactorVerifiedAt: null,
    strategies: input.strategy,
    firstFactor: input.strategy,
  }
  return complete(ctx, attempt, 'needs_first_factor', passed, factors, clientToken)
}

/** What the SSO callback established: whose account it is, and what the IdP's ID token said. */
export interface EnterpriseSsoPass {
  userId: string
  federation: Federation
  firstFactorVerifiedAt: Date
  /** The IdP's `amr` showed more than one kind of factor: when (else null; ASVS 6.8.4). */
  idpSecondFactorAt: Date | null
  /** Records the link to the IdP identity, inside the transaction that moves the attempt on. */
  link: (tx: Database) => Promise<void>
}

/**
 * The first factor of a sign-in passed at the enterprise IdP. As after any first factor, a user
 * with a second factor must pass it next (VULN-13): the attempt waits at `needs_second_factor`,
 * keeping what the IdP said for the session. The account lockout is not consulted: an ID token
 * cannot be guessed (as with passkeys, an attacker's failures must not lock the owner out of SSO).
 */
export function passEnterpriseSso(
  ctx: ServiceContext,
  signInId: string,
  pass: EnterpriseSsoPass,
  clientToken: string | null,
): Promise<SignInStep> {
  return passFederatedFirstFactor(ctx, signInId, 'enterprise_sso', pass, clientToken)
}

/** A first factor passed at another party (an enterprise IdP, a social provider). */
interface FederatedPass extends Omit<EnterpriseSsoPass, 'federation'> {
  federation: Federation | null
}

async function passFederatedFirstFactor(
  ctx: ServiceContext,
  signInId: string,
  strategy: 'enterprise_sso' | OAuthStrategy,
  pass: FederatedPass,
  clientToken: string | null,
): Promise<SignInStep> {
  const [row] = await ctx.db.select().from(signInAttempts).where(eq(signInAttempts.id, signInId))
  const attempt = { ...checkAttempt(row, 'needs_first_factor', ctx.now), userId: pass.userId }
  return ledgeringFailure(ctx, pass.userId, strategy, async () => {
    const passed: Passed = {
      spend: async (tx) => {
        await pass.link(tx)
        await tx.update(signInAttempts).set({ userId: pass.userId }).where(eq(signInAttempts.id, attempt.id))
        return true
      },
      lostRace: 'sign_in_step_invalid',
    }
    const enrolled = await enrolledFactors(ctx.db, pass.userId)
    if (needsSecondFactor(enrolled, ctx.config.factors.secondFactors, strategy)) {
      const advanced = await advanceFromFirstFactor(ctx, attempt.id, passed, {
        status: 'needs_second_factor',
        firstFactorStrategy: strategy,
        firstFactorVerifiedAt: pass.firstFactorVerifiedAt,
        federation: pass.federation,
      })
      return { signIn: await toSignInJSON(ctx, advanced), signedIn: null }
    }
    const factors: VerifiedFactors = {
      firstFactorVerifiedAt: pass.firstFactorVerifiedAt,
      secondFactorVerifiedAt: pass.idpSecondFactorAt,
      strategies: strategy,
      firstFactor: strategy,
      federation: pass.federation,
    }
    return complete(ctx, attempt, 'needs_first_factor', passed, factors, clientToken)
  })
}

/** Whose account a social provider's answer is, and how its link is written (social-sign-in.server.ts). */
export interface SocialPass {
  userId: string
  strategy: OAuthStrategy
  link: (tx: Database) => Promise<void>
}

/**
 * A sign-in whose first factor passed at a social provider: the attempt is made now (the browser
 * named no identifier; the account's primary address stands in), any earlier attempt of the
 * browser is abandoned, and the sign-in goes on as after a password — a second factor if the user
 * has one (VULN-13), the lockout, bans, session limits and tasks. Returns the attempt's token for
 * the browser's cookie, needed when a second factor follows.
 */
export async function passSocialSignIn(
  ctx: ServiceContext,
  pass: SocialPass & { identifier: string },
  tokens: { signIn: string | null; client: string | null },
): Promise<CreatedSignIn> {
  // As after a password: a locked account stays locked until its lock ends or its owner unlocks it.
  await assertNotLocked(ctx.db, { userId: pass.userId }, ctx.now)
  const { token, attempt } = await openNewAttempt(ctx, tokens.signIn, {
    identifierKind: 'email_address',
    identifier: pass.identifier,
    userId: pass.userId,
  })
  const step = await passFederatedFirstFactor(
    ctx,
    attempt.id,
    pass.strategy,
    { userId: pass.userId, federation: null, firstFactorVerifiedAt: ctx.now, idpSecondFactorAt: null, link: pass.link },
    tokens.client,
  )
  return { token, ...step }
}

/**
 * The last step: spends the factor's artefact, marks the attempt complete and starts the session,
 * all in one transaction (a refused session leaves the code unspent and the attempt open).
 */
async function complete(
  ctx: ServiceContext,
  attempt: AttemptRow,
  from: SignInStatus,
  passed: Passed,
  factors: VerifiedFactors,
  clientToken: string | null,
): Promise<SignInStep> {
  const userId = attempt.userId
  if (userId === null) throw new TesseraError('sign_in_step_invalid')
  const reset = attempt.newPasswordHash !== null ? await pendingReset(ctx, attempt, userId) : null
  const { row, signedIn } = await ctx.db.transaction(async (tx) => {
    if (!(await passed.spend(tx))) throw new TesseraError(passed.lostRace)
    // Before the session starts, so the session owes no `reset-password` task for the old password.
    if (reset) await storePassword(tx, userId, reset.hash, ctx.now)
    const [claimed] = await tx
      .update(signInAttempts)
      .set({ status: 'complete', endedAt: ctx.now })
      .where(
        and(eq(signInAttempts.id, attempt.id), eq(signInAttempts.status, from), gt(signInAttempts.expiresAt, ctx.now)),
      )
      .returning()
    if (!claimed) throw new TesseraError('sign_in_step_invalid')
    const signedIn = await startSession(ctx, tx, userId, clientToken, factors)
    const [row] = await tx
      .update(signInAttempts)
      .set({ sessionId: signedIn.session.id, newPasswordHash: null })
      .where(eq(signInAttempts.id, attempt.id))
      .returning()
    if (reset) await finishReset(ctx, tx, { ...reset, userId, signedIn })
    return { row: row ?? claimed, signedIn }
  })
  await recordSuccessfulVerification(ctx.db, userId)
  if (reset) notifySecurityEvent(ctx, [await primaryEmailOf(ctx.db, userId)], 'password_changed', reset.detail)
  return { signIn: await toSignInJSON(ctx, row), signedIn }
}

// ---------------------------------------------------------------------------------------------
// Password reset: a reset code passed, then the new password (the reference's `resetPassword`)

interface PendingReset {
  hash: string
  signOutOthers: boolean
  /** What the ledger and the notice say happened ("password reset by email code"). */
  detail: string
}

/**
 * The reset an attempt carries, checked again at the step that completes it: a ban or a lockout
 * that came after the reset started stops it here (startSession refuses a banned user too, inside
 * the completing transaction).
 */
async function pendingReset(ctx: ServiceContext, attempt: AttemptRow, userId: string): Promise<PendingReset> {
  if (attempt.newPasswordHash === null) throw new TesseraError('sign_in_step_invalid')
  await assertResetStillAllowed(ctx, userId)
  return {
    hash: attempt.newPasswordHash,
    signOutOthers: attempt.signOutOfOtherSessions ?? true,
    detail: STRATEGY_LABEL[attempt.firstFactorStrategy ?? RESET_PASSWORD_STRATEGY_OF[attempt.identifierKind]],
  }
}

async function assertResetStillAllowed(ctx: ServiceContext, userId: string): Promise<void> {
  const [user] = await ctx.db.select({ bannedAt: users.bannedAt }).from(users).where(eq(users.id, userId))
  if (!user) throw new TesseraError('sign_in_not_found')
  if (user.bannedAt) throw new TesseraError('user_banned')
  await assertNotLocked(ctx.db, { userId }, ctx.now)
}

/** Inside the completing transaction: other sessions out (unless kept), the ledger, `user.updated`. */
async function finishReset(
  ctx: ServiceContext,
  tx: Database,
  reset: PendingReset & { userId: string; signedIn: SignedIn },
): Promise<void> {
  const session = { id: reset.signedIn.session.id, userId: reset.userId, clientId: reset.signedIn.session.clientId }
  if (reset.signOutOthers) {
    await revokeOtherUserSessions(
      { ...ctx, db: tx },
      { userId: reset.userId, currentSessionId: session.id },
      'password_changed',
    )
  }
  // Sessions kept that owed a new password (the old one was marked compromised) owe it no more.
  await resolveTaskEverywhere(ctx, tx, reset.userId, 'reset-password')
  await recordSecurityEvent(ctx, tx, session, 'password_changed', reset.detail)
  await announceUserUpdated(tx, reset.userId, ctx.now)
}

/**
 * Sets the new password of a sign-in whose reset code passed (status `needs_new_password`), under
 * the password policy. A user with a second factor passes it next (the password is stored only
 * when that completes); anyone else is signed in now. Other sessions are signed out unless
 * `signOutOfOtherSessions` is false; kept sessions that owed a new password (an administrator
 * marked the old one compromised) owe it no more.
 */
export async function resetPassword(
  ctx: ServiceContext,
  token: string | null,
  input: { password: string; signOutOfOtherSessions?: boolean },
  clientToken: string | null,
): Promise<SignInStep> {
  const attempt = await openAttempt(ctx.db, token, 'needs_new_password', ctx.now)
  const { userId, firstFactorStrategy: strategy } = attempt
  if (userId === null || !isResetPasswordStrategy(strategy)) throw new TesseraError('sign_in_step_invalid')
  // Each try hashes a password: it counts against the sign-in rate limits like a factor.
  await countFactorAttempt(ctx, attempt)
  return ledgeringFailure(ctx, userId, strategy, () =>
    setNewPassword(ctx, attempt, { ...input, userId, strategy }, clientToken),
  )
}

async function setNewPassword(
  ctx: ServiceContext,
  attempt: AttemptRow,
  input: { password: string; signOutOfOtherSessions?: boolean; userId: string; strategy: ResetPasswordStrategy },
  clientToken: string | null,
): Promise<SignInStep> {
  const { userId, strategy } = input
  await assertResetStillAllowed(ctx, userId)
  await assertAcceptablePassword(ctx, userId, input.password)
  const current = await passwordCredentialOf(ctx.db, userId)
  // Whoever marked it compromised meant it to go: the same password back is refused (as the task does).
  if (current?.compromisedAt && (await verifyPassword(current.hash, input.password))) {
    throw new TesseraError('password_reused')
  }
  const hash = await hashPassword(input.password)
  const signOutOthers = signsOutOtherSessions(input.signOutOfOtherSessions)
  const needsSecond = needsSecondFactor(
    await enrolledFactors(ctx.db, userId),
    ctx.config.factors.secondFactors,
    strategy,
  )
  const [moved] = await ctx.db
    .update(signInAttempts)
    .set({
      newPasswordHash: hash,
      signOutOfOtherSessions: signOutOthers,
      ...(needsSecond ? { status: 'needs_second_factor' as const } : {}),
    })
    .where(and(eq(signInAttempts.id, attempt.id), eq(signInAttempts.status, 'needs_new_password')))
    .returning()
  if (!moved) throw new TesseraError('sign_in_step_invalid')
  if (needsSecond) return { signIn: await toSignInJSON(ctx, moved), signedIn: null }
  const factors = {
    firstFactorVerifiedAt: attempt.firstFactorVerifiedAt ?? ctx.now,
    secondFactorVerifiedAt: null,
    strategies: strategy,
    firstFactor: strategy,
  }
  return complete(ctx, moved, 'needs_new_password', nothingToSpend, factors, clientToken)
}

// ---------------------------------------------------------------------------------------------
// Step 3: the second factor

async function secondStep(ctx: ServiceContext, token: string | null) {
  const attempt = await openAttempt(ctx.db, token, 'needs_second_factor', ctx.now)
  if (attempt.userId === null || attempt.firstFactorVerifiedAt === null || attempt.firstFactorStrategy === null) {
    throw new TesseraError('sign_in_step_invalid')
  }
  return {
    attempt,
    userId: attempt.userId,
    firstFactorVerifiedAt: attempt.firstFactorVerifiedAt,
    firstFactor: attempt.firstFactorStrategy,
  }
}

/** Texts a second-factor code to one of the user's second-factor numbers (the primary by default). */
export async function prepareSecondFactor(
  ctx: ServiceContext,
  token: string | null,
  input: SecondFactorCodeTarget,
): Promise<SignInJSON> {
  const { attempt, userId } = await secondStep(ctx, token)
  await assertSecondFactorAvailable(ctx, userId, input.strategy)
  await assertNotLocked(ctx.db, { userId }, ctx.now)
  const phone = await secondFactorPhone(ctx.db, userId, input.phoneNumberId)
  const messages = messageContext(ctx)
  await issueCode(ctx, {
    binding: secondFactorBinding(attempt),
    strategy: 'phone_code',
    destination: phone.phoneNumber,
    userId,
    message: (code) => codeSms(messages, { to: phone.phoneNumber, code, purpose: 'second_factor' }),
  })
  return toSignInJSON(ctx, attempt)
}

export async function attemptSecondFactor(
  ctx: ServiceContext,
  token: string | null,
  input: SecondFactorAttempt,
  clientToken: string | null,
): Promise<SignInStep> {
  const { attempt, userId, firstFactorVerifiedAt, firstFactor } = await secondStep(ctx, token)
  await assertSecondFactorAvailable(ctx, userId, input.strategy)
  await countFactorAttempt(ctx, attempt)
  return ledgeringFailure(ctx, userId, input.strategy, async () => {
    const passed = await underLockout(ctx, { userId }, async (): Promise<Passed> => {
      switch (input.strategy) {
        case 'totp':
          return { spend: (await checkTotp(ctx.db, userId, input.code, ctx.now)).consume, lostRace: 'code_reused' }
        case 'backup_code':
          return {
            spend: (await checkBackupCode(ctx.db, userId, input.code, ctx.now)).consume,
            lostRace: 'code_reused',
          }
        case 'phone_code': {
          const matched = await checkCode(ctx.db, secondFactorBinding(attempt), input.code, ctx.now)
          return { spend: matched.consume, lostRace: 'code_reused' }
        }
      }
    })
    const factors = {
      firstFactorVerifiedAt,
      secondFactorVerifiedAt: ctx.now,
      strategies: `${attempt.firstFactorStrategy}, ${input.strategy}`,
      firstFactor,
      federation: attempt.federation,
    }
    return complete(ctx, attempt, 'needs_second_factor', passed, factors, clientToken)
  })
}

// ---------------------------------------------------------------------------------------------
// Passkeys: one step, no identifier

function assertPasskeysEnabled(ctx: ServiceContext) {
  if (!ctx.config.factors.firstFactors.includes('passkey')) {
    throw new TesseraError('strategy_not_allowed', { meta: { strategy: 'passkey' } })
  }
}

/** Options for `navigator.credentials.get()` (also used for autofill, so it is asked on page views). */
export async function passkeySignInOptions(ctx: ServiceContext) {
  assertPasskeysEnabled(ctx)
  await enforceRateLimit(ctx.db, ctx.config, 'passkey_challenge_ip', ctx.meta.ipAddress, ctx.now)
  return passkeyAuthenticationOptions(ctx.db, relyingParty(ctx), ctx.now)
}

/**
 * Signs in with a passkey assertion. A user-verifying passkey counts as both factors, so it
 * completes at once, even for users with a second factor. It is not refused while the account is
 * locked: a passkey cannot be guessed, and this keeps an attacker's failed guesses from locking its
 * owner out; its success clears the lock.
 */
export async function signInWithPasskey(
  ctx: ServiceContext,
  input: { response: Parameters<typeof verifyPasskeyAssertion>[2]['response'] },
  tokens: { signIn: string | null; client: string | null },
): Promise<SignedIn> {
  assertPasskeysEnabled(ctx)
  await enforceRateLimit(ctx.db, ctx.config, 'sign_in_ip', ctx.meta.ipAddress, ctx.now)
  const verified = await ledgeringFailure(ctx, null, 'passkey', () =>
    verifyPasskeyAssertion(ctx.db, relyingParty(ctx), { response: input.response, now: ctx.now }),
  )
  const { userId } = verified.passkey
  const hasSecondFactor =
    availableSecondFactors(await enrolledFactors(ctx.db, userId), ctx.config.factors.secondFactors).length > 0
  const signedIn = await ledgeringFailure(ctx, userId, 'passkey', () =>
    ctx.db.transaction(async (tx) => {
      if (!(await verified.consume(tx))) throw new TesseraError('passkey_verification_failed')
      return startSession(ctx, tx, userId, tokens.client, {
        firstFactorVerifiedAt: ctx.now,
        secondFactorVerifiedAt: hasSecondFactor ? ctx.now : null,
        strategies: 'passkey',
        firstFactor: 'passkey',
      })
    }),
  )
  await abandonSignIn(ctx.db, tokens.signIn, ctx.now)
  await recordSuccessfulVerification(ctx.db, userId)
  return signedIn
}
