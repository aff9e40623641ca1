/**
 * Signing up: the details wait in an attempt until a code sent to the email address comes back,
 * and only then does the account exist (with its address verified) and sign in. As in the
 * reference's SignUp resource, creating the attempt sends nothing: `prepareSignUpVerification`
 * sends the code (and, after the cooldown, a new one), `verifySignUp` attempts it.
 *
 * The form never says whether an address already has an account: when it does, the address gets
 * an email saying so instead of a code, and the form waits for a code exactly as it would
 * otherwise. Only the inbox's owner learns anything.
 */

import { and, eq, gt, inArray } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { signUpAttempts } from '../../db/schema.ts'
import { TesseraError } from '../session/errors.ts'
import type { SentStrategy } from '../session/factors.ts'
import { passwordProblem } from '../session/password.ts'
import {
  PASSWORD_MIN_LENGTH,
  PASSWORD_SINGLE_FACTOR_MIN_LENGTH,
  SIGN_IN_ATTEMPT_TTL_SECONDS,
} from '../session/policy.ts'
import { isAttemptOpen } from '../session/sign-in.ts'
import type { SignUpJSON } from '../session/wire.ts'
import { type SignedIn, startSession } from './auth.server.ts'
import {
  type CodeBinding,
  checkCode,
  codeVerification,
  consumeLink,
  issueCode,
  type LinkRow,
  outstandingCode,
} from './codes.server.ts'
import { newClientToken, newId, safeEqual, sha256Hex } from './crypto.server.ts'
import { isUniqueViolation } from './db-errors.server.ts'
import { accountExistsEmail, codeEmail, linkEmail } from './messages.server.ts'
import { isCommonPassword } from './password-blocklist.server.ts'
import { hashPassword } from './passwords.server.ts'
import { enforceRateLimit } from './rate-limits.server.ts'
import { messageContext, type ServiceContext } from './service-context.server.ts'

import { createUser, emailExists } from './users.server.ts'

type AttemptRow = typeof signUpAttempts.$inferSelect

const binding = (attempt: AttemptRow): CodeBinding => ({ purpose: 'sign_up', signUpId: attempt.id })

async function toSignUpJSON(db: Database, attempt: AttemptRow, now?: Date): Promise<SignUpJSON> {
  return {
    id: attempt.id,
    status: attempt.status,
    emailAddress: attempt.email,
    firstName: attempt.firstName,
    lastName: attempt.lastName,
    verification: await codeVerification(db, binding(attempt), now),
    createdSessionId: attempt.sessionId,
    expireAt: attempt.expiresAt.getTime(),
  }
}

async function openAttempt(db: Database, token: string | null, now: Date): Promise<AttemptRow> {
  if (!token) throw new TesseraError('sign_up_not_found')
  const [attempt] = await db
    .select()
    .from(signUpAttempts)
    .where(eq(signUpAttempts.tokenHash, sha256Hex(token)))
  if (attempt?.status !== 'needs_verification') throw new TesseraError('sign_up_not_found')
  if (!isAttemptOpen(attempt, now)) throw new TesseraError('sign_up_expired')
  return attempt
}

/** The sign-up this browser has in progress, or null. */
export async function getSignUp(db: Database, token: string | null, now: Date): Promise<SignUpJSON | null> {
  const attempt = await openAttempt(db, token, now).catch(() => null)
  return attempt && toSignUpJSON(db, attempt, now)
}

export async function abandonSignUp(db: Database, token: string | null, now: Date): Promise<void> {
  if (!token) return
  await db
    .update(signUpAttempts)
    .set({ status: 'abandoned', endedAt: now, passwordHash: null })
    .where(and(eq(signUpAttempts.tokenHash, sha256Hex(token)), inArray(signUpAttempts.status, ['needs_verification'])))
}

/** The ways a sign-up's address is proven: a code, or a link (`email_link`). */
export type SignUpVerificationStrategy = Extract<SentStrategy, 'email_code' | 'email_link'>

async function sendCode(
  ctx: ServiceContext,
  attempt: AttemptRow,
  input: { strategy: SignUpVerificationStrategy; redirectUrl?: string | null } = { strategy: 'email_code' },
): Promise<void> {
  const messages = messageContext(ctx)
  const to = attempt.email
  const taken = await emailExists(ctx.db, to)
  await issueCode(ctx, {
    binding: binding(attempt),
    strategy: input.strategy,
    destination: to,
    userId: null,
    redirectUrl: input.redirectUrl ?? null,
    message: taken
      ? () => accountExistsEmail(messages, { to })
      : input.strategy === 'email_link'
        ? (token) => linkEmail(messages, { to, token, purpose: 'sign_up' })
        : (code) => codeEmail(messages, { to, code, purpose: 'sign_up' }),
  })
}

export interface NewSignUp {
  /** Canonical (see `normalizeEmail`). */
  email: string
  password: string | null
  firstName: string | null
  lastName: string | null
}

/**
 * Starts a sign-up (any previous sign-up of this browser is abandoned). Nothing is sent yet:
 * `prepareSignUpVerification` emails the code.
 */
export async function createSignUp(
  ctx: ServiceContext,
  input: NewSignUp,
  previousToken: string | null,
): Promise<{ signUp: SignUpJSON; token: string }> {
  await enforceRateLimit(ctx.db, ctx.config, 'sign_up_ip', ctx.meta.ipAddress, ctx.now)
  if (input.password !== null) {
    const problem = passwordProblem(input.password, {
      // A new account has no second factor yet, so the single-factor minimum applies when required.
      minLength: ctx.config.passwords.requireSingleFactorLength
        ? PASSWORD_SINGLE_FACTOR_MIN_LENGTH
        : PASSWORD_MIN_LENGTH,
      contextWords: [ctx.config.appName, input.email.split('@')[0] ?? '', input.firstName ?? '', input.lastName ?? ''],
      isCommon: isCommonPassword,
    })
    if (problem) throw new TesseraError(problem.code, { meta: problem.meta })
  } else if (!ctx.config.factors.firstFactors.includes('email_code')) {
    throw new TesseraError('invalid_input', {
      meta: { issues: [{ path: 'password', message: 'A password is required on this instance.' }] },
    })
  }
  await abandonSignUp(ctx.db, previousToken, ctx.now)
  const token = newClientToken()
  const [attempt] = await ctx.db
    .insert(signUpAttempts)
    .values({
      id: newId('signUp'),
      tokenHash: sha256Hex(token),
      status: 'needs_verification',
      email: input.email,
      firstName: input.firstName,
      lastName: input.lastName,
      passwordHash: input.password === null ? null : await hashPassword(input.password),
      ipAddress: ctx.meta.ipAddress,
      userAgent: ctx.meta.userAgent,
      createdAt: ctx.now,
      expiresAt: new Date(ctx.now.getTime() + SIGN_IN_ATTEMPT_TTL_SECONDS * 1000),
    })
    .returning()
  if (!attempt) throw new Error('insert into sign_up_attempts returned no row')
  return { signUp: await toSignUpJSON(ctx.db, attempt), token }
}

/** The guard of every write to an attempt: this one, still waiting for its verification, in time. */
function stillOpen(attempt: AttemptRow, now: Date) {
  return and(
    eq(signUpAttempts.id, attempt.id),
    eq(signUpAttempts.status, 'needs_verification'),
    gt(signUpAttempts.expiresAt, now),
  )
}

/**
 * The reference's `signUp.update()`, as far as a sign-up here has fields to change: the names of
 * the sign-up in progress (one left out stays). The address and password are fixed once given (a
 * code may already be on its way): a new sign-up changes them. One UPDATE, only while the attempt
 * is open; otherwise the same coded 4xx as every step, and nothing changes.
 */
export async function updateSignUp(
  ctx: Pick<ServiceContext, 'db' | 'now'>,
  token: string | null,
  input: { firstName?: string | null | undefined; lastName?: string | null | undefined },
): Promise<SignUpJSON> {
  const attempt = await openAttempt(ctx.db, token, ctx.now)
  const changes = {
    ...(input.firstName === undefined ? {} : { firstName: input.firstName }),
    ...(input.lastName === undefined ? {} : { lastName: input.lastName }),
  }
  if (Object.keys(changes).length === 0) return toSignUpJSON(ctx.db, attempt)
  const [updated] = await ctx.db.update(signUpAttempts).set(changes).where(stillOpen(attempt, ctx.now)).returning()
  if (!updated) throw new TesseraError('sign_up_not_found')
  return toSignUpJSON(ctx.db, updated)
}

/**
 * Emails the code that verifies the address (the reference's `prepareVerification({ strategy:
 * 'email_code' })`); again, a new code once the cooldown has passed.
 */
export async function prepareSignUpVerification(
  ctx: ServiceContext,
  token: string | null,
  input: { strategy: SignUpVerificationStrategy; redirectUrl?: string | null } = { strategy: 'email_code' },
): Promise<SignUpJSON> {
  const attempt = await openAttempt(ctx.db, token, ctx.now)
  if (!ctx.config.factors.firstFactors.includes(input.strategy)) {
    throw new TesseraError('strategy_not_allowed', { meta: { strategy: input.strategy } })
  }
  await sendCode(ctx, attempt, input)
  return toSignUpJSON(ctx.db, attempt, ctx.now)
}

/**
 * Checks the emailed code; when it matches, creates the account (address verified) and its first
 * session in one transaction with spending the code.
 */
export async function verifySignUp(
  ctx: ServiceContext,
  token: string | null,
  input: { code: string },
  clientToken: string | null,
): Promise<{ signUp: SignUpJSON; signedIn: SignedIn }> {
  const attempt = await openAttempt(ctx.db, token, ctx.now)
  await enforceRateLimit(ctx.db, ctx.config, 'sign_in_ip', ctx.meta.ipAddress, ctx.now)
  await enforceRateLimit(ctx.db, ctx.config, 'sign_in_identifier', attempt.email, ctx.now)
  const matched = await checkCode(ctx.db, binding(attempt), input.code, ctx.now)
  return completeSignUp(ctx, attempt, matched.consume, 'email_code', clientToken)
}

/**
 * Creates the account (address verified) and its first session in one transaction with `spend`,
 * which uses up the proof (a code, a link; false: a concurrent request used it first).
 */
async function completeSignUp(
  ctx: ServiceContext,
  attempt: AttemptRow,
  spend: (tx: Database) => Promise<boolean>,
  strategy: SignUpVerificationStrategy,
  clientToken: string | null,
): Promise<{ signUp: SignUpJSON; signedIn: SignedIn }> {
  try {
    const { row, signedIn } = await ctx.db.transaction(async (tx) => {
      if (!(await spend(tx))) throw new TesseraError('code_reused')
      const [claimed] = await tx
        .update(signUpAttempts)
        .set({ status: 'complete', endedAt: ctx.now, passwordHash: null })
        .where(stillOpen(attempt, ctx.now))
        .returning()
      if (!claimed) throw new TesseraError('sign_up_not_found')
      const user = await createUser(
        tx,
        {
          email: attempt.email,
          passwordHash: attempt.passwordHash,
          firstName: attempt.firstName,
          lastName: attempt.lastName,
          emailVerified: true,
        },
        ctx.now,
      )
      const signedIn = await startSession(ctx, tx, user.id, clientToken, {
        firstFactorVerifiedAt: ctx.now,
        secondFactorVerifiedAt: null,
        strategies: strategy,
        firstFactor: strategy,
      })
      const [row] = await tx
        .update(signUpAttempts)
        .set({ sessionId: signedIn.session.id })
        .where(eq(signUpAttempts.id, attempt.id))
        .returning()
      return { row: row ?? claimed, signedIn }
    })
    return { signUp: await toSignUpJSON(ctx.db, row), signedIn }
  } catch (error) {
    // The address was verified by another account meanwhile (its owner proved it twice).
    if (isUniqueViolation(error)) throw new TesseraError('identifier_exists')
    throw error
  }
}

/**
 * A sign-up's email link was opened (app/server/email-links.server.ts found it live). In the
 * browser that holds the sign-up, the account and its session are created here; elsewhere the
 * link is refused while the instance requires the same browser, else only spent, and the browser
 * that holds the sign-up completes it on its next poll (`completeEmailLinkSignUp`).
 */
export async function passSignUpEmailLink(
  ctx: ServiceContext,
  link: LinkRow,
  tokens: { signUp: string | null; client: string | null },
): Promise<{ signUp: SignUpJSON; signedIn: SignedIn | null; sameClient: boolean }> {
  const [attempt] = await ctx.db
    .select()
    .from(signUpAttempts)
    .where(eq(signUpAttempts.id, link.signUpId ?? ''))
  if (attempt?.status !== 'needs_verification') throw new TesseraError('email_link_invalid')
  if (!isAttemptOpen(attempt, ctx.now)) throw new TesseraError('email_link_expired')
  const sameClient = tokens.signUp !== null && safeEqual(sha256Hex(tokens.signUp), attempt.tokenHash)
  if (!sameClient && ctx.config.factors.emailLinkRequireSameClient) throw new TesseraError('email_link_client_mismatch')
  await enforceRateLimit(ctx.db, ctx.config, 'sign_in_ip', ctx.meta.ipAddress, ctx.now)
  const spend = (tx: Database) => consumeLink(tx, link.id, ctx.now, sameClient)
  if (sameClient) return { ...(await completeSignUp(ctx, attempt, spend, 'email_link', tokens.client)), sameClient }
  await ctx.db.transaction(async (tx) => {
    if (!(await spend(tx))) throw new TesseraError('email_link_invalid')
  })
  return { signUp: await toSignUpJSON(ctx.db, attempt, ctx.now), signedIn: null, sameClient }
}

/**
 * The poll of the tab waiting for its sign-up link: the sign-up as it stands, completed here once
 * the link was opened in another browser; when another tab of this browser completed it, the
 * session it made.
 */
export async function completeEmailLinkSignUp(
  ctx: ServiceContext,
  token: string | null,
  clientToken: string | null,
): Promise<{ signUp: SignUpJSON; signedIn: SignedIn | null }> {
  if (!token) throw new TesseraError('sign_up_not_found')
  const [attempt] = await ctx.db
    .select()
    .from(signUpAttempts)
    .where(eq(signUpAttempts.tokenHash, sha256Hex(token)))
  if (attempt?.status === 'complete' && attempt.sessionId) {
    return { signUp: await toSignUpJSON(ctx.db, attempt, ctx.now), signedIn: null }
  }
  const open = await openAttempt(ctx.db, token, ctx.now)
  const link = await outstandingCode(ctx.db, binding(open))
  if (link?.strategy !== 'email_link' || !link.consumedAt) {
    return { signUp: await toSignUpJSON(ctx.db, open, ctx.now), signedIn: null }
  }
  try {
    return await completeSignUp(ctx, open, async () => true, 'email_link', clientToken)
  } catch (error) {
    if (error instanceof TesseraError && error.code === 'sign_up_not_found') {
      return completeEmailLinkSignUp(ctx, token, clientToken)
    }
    throw error
  }
}
