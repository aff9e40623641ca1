/**
 * Reverification (step-up): the check sensitive actions make, and the verification a session goes
 * through to pass it again (the reference's SessionVerification: start, then prepare and attempt a
 * first and/or second factor).
 *
 * The check always reads the session row's factor times, never the client's word or a token's
 * `fva`, so a tampered level or age cannot weaken it. A verification belongs to one session, lasts
 * SESSION_VERIFICATION_TTL_SECONDS, tolerates SESSION_VERIFICATION_MAX_ATTEMPTS wrong answers (each
 * also counted toward the lockout), and, when complete, moves the session's factor times in the
 * same transaction that spends the factor's one-time artefact.
 */

import type { AuthenticationResponseJSON } from '@simplewebauthn/server'
import { and, desc, eq, gt, lt, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { sessions, sessionVerifications } from '../../db/schema.ts'
import type { Federation } from '../session/enterprise-sso.ts'
import { type ErrorCode, TesseraError } from '../session/errors.ts'
import {
  availableSecondFactors,
  type Factor,
  type FirstFactorStrategy,
  type SecondFactorStrategy,
  STRATEGY_PROFILES,
  type VerificationCodeStrategy,
} from '../session/factors.ts'
import { effectiveStatus } from '../session/lifetime.ts'
import { SESSION_VERIFICATION_MAX_ATTEMPTS, SESSION_VERIFICATION_TTL_SECONDS } from '../session/policy.ts'
import {
  initialVerificationStatus,
  isReverificationFresh,
  parseReverificationConfig,
  type ReverificationConfig,
  type VerificationLevel,
  verificationSteps,
} from '../session/reverification.ts'
import { isSignedInStatus } from '../session/status.ts'
import { factorVerificationAge } from '../session/verification.ts'
import type {
  CodeAttempt,
  CodeTarget,
  PasskeyAttempt,
  PasswordAttempt,
  SecondFactorAttempt,
  SecondFactorCodeTarget,
  SessionVerificationJSON,
} from '../session/wire.ts'
import { checkBackupCode } from './backup-codes.server.ts'
import { type CodeBinding, checkCode, codeVerification, issueCode, passedVerification } from './codes.server.ts'
import { newId } from './crypto.server.ts'
import { loadConnection } from './enterprise-connections.server.ts'
import {
  assertSecondFactorAvailable,
  codeDestination,
  firstFactorsOf,
  passkeyFactorsOf,
  secondFactorPhone,
  secondFactorsOf,
} from './factors.server.ts'
import { appendLedger } from './ledger.server.ts'
import { recordSuccessfulVerification, underLockout } from './lockout.server.ts'
import { codeSms, FIRST_FACTOR_CODE_MESSAGE } from './messages.server.ts'
import { passkeyAuthenticationOptions, relyingParty, verifyPasskeyAssertion } from './passkeys.server.ts'
import { verifyPassword } from './passwords.server.ts'
import { enforceRateLimit } from './rate-limits.server.ts'
import { messageContext, type ServiceContext } from './service-context.server.ts'
import { federationColumns, recordActivity, type SessionRow } from './session-store.server.ts'
import { type StartedTrip, startTrip } from './sso-transactions.server.ts'
import { checkTotp } from './totp.server.ts'
import { enrolledFactors, passwordHashOf } from './users.server.ts'

type VerificationRow = typeof sessionVerifications.$inferSelect

// ---------------------------------------------------------------------------------------------
// The check

/**
 * Throws `reverification_required` (403, with the required `level` and `afterMinutes`) unless the
 * session's factors were verified recently enough for `config`. The ages come from the row. A
 * session with an actor gets `impersonation_forbidden` instead, whatever its ages.
 */
export function assertReverified(session: SessionRow, config: ReverificationConfig, now: Date): void {
  // Someone acting as the user (an impersonator, an agent) never passes a step-up (security.md JWT-10).
  if (session.actor) throw new TesseraError('impersonation_forbidden')
  const requirement = parseReverificationConfig(config)
  if (requirement === null) throw new Error(`invalid reverification requirement: ${JSON.stringify(config)}`)
  const ages = factorVerificationAge(session.firstFactorVerifiedAt, session.secondFactorVerifiedAt, now)
  if (!isReverificationFresh(requirement, ages)) {
    throw new TesseraError('reverification_required', {
      meta: { level: requirement.level, afterMinutes: requirement.afterMinutes },
    })
  }
}

// ---------------------------------------------------------------------------------------------
// The verification

/** This browser's session `sessionId`, signed in, or the error that says why not. */
export async function verifyingSession(db: Database, clientId: string, sessionId: string, now: Date) {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.clientId, clientId)))
  if (!row) throw new TesseraError('session_not_found')
  if (!isSignedInStatus(effectiveStatus(row, now))) throw new TesseraError('session_not_signed_in')
  // Nor can it verify to get one: the factors are the user's, not the actor's.
  if (row.actor) throw new TesseraError('impersonation_forbidden')
  return row
}

const firstBinding = (verification: VerificationRow): CodeBinding => ({
  purpose: 'reverification_first_factor',
  verificationId: verification.id,
})
const secondBinding = (verification: VerificationRow): CodeBinding => ({
  purpose: 'reverification_second_factor',
  verificationId: verification.id,
})

async function toVerificationJSON(
  ctx: ServiceContext,
  row: VerificationRow,
  userId: string,
  extra: { nonce?: string; externalVerificationRedirectUrl?: string } = {},
): Promise<SessionVerificationJSON> {
  const first = row.firstFactorStrategy
    ? passedVerification(row.firstFactorStrategy)
    : await codeVerification(ctx.db, firstBinding(row))
  const second = row.secondFactorStrategy
    ? passedVerification(row.secondFactorStrategy)
    : await codeVerification(ctx.db, secondBinding(row))
  return {
    id: row.id,
    status: row.status,
    level: row.level,
    firstFactorVerification: extra.nonce
      ? {
          strategy: 'passkey',
          status: 'unverified',
          safeIdentifier: null,
          expireAt: null,
          nextResendAt: null,
          nonce: extra.nonce,
        }
      : extra.externalVerificationRedirectUrl
        ? {
            strategy: 'enterprise_sso',
            status: 'unverified',
            safeIdentifier: null,
            expireAt: null,
            nextResendAt: null,
            externalVerificationRedirectUrl: extra.externalVerificationRedirectUrl,
          }
        : first,
    secondFactorVerification: row.needsSecondFactor ? second : null,
    supportedFirstFactors: row.status === 'needs_first_factor' ? await firstFactorsOf(ctx, userId) : null,
    // A passkey stands for both factors, so it is offered at the second step too (strongest first).
    supportedSecondFactors:
      row.status === 'needs_second_factor'
        ? [...(await passkeyFactorsOf(ctx, userId)), ...(await secondFactorsOf(ctx, userId))]
        : null,
    expireAt: row.expiresAt.getTime(),
  }
}

/**
 * Starts a verification at `level` for the session (a newer one replaces any in progress). It asks
 * only for what the level needs from this user (see `verificationSteps`).
 */
export async function startVerification(
  ctx: ServiceContext,
  session: SessionRow,
  input: { level: VerificationLevel },
): Promise<SessionVerificationJSON> {
  const hasSecondFactor =
    availableSecondFactors(await enrolledFactors(ctx.db, session.userId), ctx.config.factors.secondFactors).length > 0
  const [firstFactorAgeMinutes] = factorVerificationAge(
    session.firstFactorVerifiedAt,
    session.secondFactorVerifiedAt,
    ctx.now,
  )
  const steps = verificationSteps(input.level, { hasSecondFactor, firstFactorAgeMinutes })
  const row = await ctx.db.transaction(async (tx) => {
    // Only the newest verification of a session can be answered.
    await tx
      .update(sessionVerifications)
      .set({ expiresAt: ctx.now })
      .where(and(eq(sessionVerifications.sessionId, session.id), gt(sessionVerifications.expiresAt, ctx.now)))
    const [inserted] = await tx
      .insert(sessionVerifications)
      .values({
        id: newId('verification'),
        sessionId: session.id,
        level: input.level,
        status: initialVerificationStatus(steps),
        needsSecondFactor: steps.second,
        createdAt: ctx.now,
        expiresAt: new Date(ctx.now.getTime() + SESSION_VERIFICATION_TTL_SECONDS * 1000),
      })
      .returning()
    return inserted
  })
  if (!row) throw new Error('insert into session_verifications returned no row')
  return toVerificationJSON(ctx, row, session.userId)
}

/** The steps a factor answers: a passkey (both factors at once) either; any other, its own. */
const FIRST_STEP: readonly VerificationRow['status'][] = ['needs_first_factor']
const EITHER_STEP: readonly VerificationRow['status'][] = ['needs_first_factor', 'needs_second_factor']
const stepsOf = (strategy: FirstFactorStrategy) => (STRATEGY_PROFILES[strategy].multiFactor ? EITHER_STEP : FIRST_STEP)

/** The session's verification in progress, at an expected step, or the error that says why not. */
async function openVerification(
  ctx: ServiceContext,
  session: SessionRow,
  expected: VerificationRow['status'] | readonly VerificationRow['status'][],
): Promise<VerificationRow> {
  const [row] = await ctx.db
    .select()
    .from(sessionVerifications)
    .where(eq(sessionVerifications.sessionId, session.id))
    .orderBy(desc(sessionVerifications.createdAt))
    .limit(1)
  if (!row) throw new TesseraError('verification_missing')
  const steps: readonly VerificationRow['status'][] = typeof expected === 'string' ? [expected] : expected
  if (row.status === 'complete' || !steps.includes(row.status)) throw new TesseraError('verification_step_invalid')
  if (ctx.now >= row.expiresAt) throw new TesseraError('verification_expired')
  if (row.failedAttempts >= SESSION_VERIFICATION_MAX_ATTEMPTS) throw new TesseraError('verification_attempts_exceeded')
  return row
}

/** Counts a wrong answer against the verification too (the lockout already counted it). */
async function countFailure(db: Database, verification: VerificationRow): Promise<void> {
  await db
    .update(sessionVerifications)
    .set({ failedAttempts: sql`${sessionVerifications.failedAttempts} + 1` })
    .where(
      and(
        eq(sessionVerifications.id, verification.id),
        lt(sessionVerifications.failedAttempts, SESSION_VERIFICATION_MAX_ATTEMPTS),
      ),
    )
}

/** A factor that passed; `spend` uses up its one-time artefact in the completing transaction. */
interface Passed {
  spend: (tx: Database) => Promise<boolean>
  lostRace: ErrorCode
}

/** Answers that were checked and wrong: they count against the verification. */
const WRONG_ANSWERS = new Set<ErrorCode>([
  'password_incorrect',
  'code_incorrect',
  'code_reused',
  'passkey_verification_failed',
])

/**
 * Runs a factor check under the lockout and the verification's own cap. Wrong answers count on
 * both; anything else (a malformed code, an expired challenge) is refused without counting.
 */
async function checking(
  ctx: ServiceContext,
  session: SessionRow,
  verification: VerificationRow,
  check: () => Promise<Passed>,
): Promise<Passed> {
  await enforceRateLimit(ctx.db, ctx.config, 'sign_in_ip', ctx.meta.ipAddress, ctx.now)
  try {
    return await underLockout(ctx, { userId: session.userId }, check)
  } catch (error) {
    if (error instanceof TesseraError && WRONG_ANSWERS.has(error.code)) await countFailure(ctx.db, verification)
    throw error
  }
}

export interface VerificationStep {
  verification: SessionVerificationJSON
  /** Set when this step completed the verification: the session with its new factor times. */
  session: SessionRow | null
}

/**
 * Moves the verification on after a passed factor, spending its artefact in the same transaction;
 * when nothing is left to verify, the session's factor times move and the ledger records it.
 */
async function advance(
  ctx: ServiceContext,
  session: SessionRow,
  verification: VerificationRow,
  passed: Passed,
  step:
    | { group: 'first'; strategy: FirstFactorStrategy; bothGroups?: boolean; federation?: Federation }
    | { group: 'second'; strategy: SecondFactorStrategy; bothGroups?: undefined; federation?: undefined },
): Promise<VerificationStep> {
  const completes = step.group === 'second' || !verification.needsSecondFactor || step.bothGroups === true
  const firstAt = step.group === 'first' ? ctx.now : verification.firstFactorVerifiedAt
  const secondAt = step.group === 'second' || (step.bothGroups && verification.needsSecondFactor) ? ctx.now : null
  const { row, updated } = await ctx.db.transaction(async (tx) => {
    if (!(await passed.spend(tx))) throw new TesseraError(passed.lostRace)
    const [moved] = await tx
      .update(sessionVerifications)
      .set({
        status: completes ? 'complete' : 'needs_second_factor',
        ...(step.group === 'first' ? { firstFactorStrategy: step.strategy, firstFactorVerifiedAt: ctx.now } : {}),
        ...(secondAt
          ? {
              secondFactorStrategy: step.group === 'second' ? step.strategy : null,
              secondFactorVerifiedAt: secondAt,
            }
          : {}),
      })
      .where(and(eq(sessionVerifications.id, verification.id), eq(sessionVerifications.status, verification.status)))
      .returning()
    if (!moved) throw new TesseraError('verification_step_invalid')
    if (!completes) return { row: moved, updated: null }
    const [current] = await tx.select().from(sessions).where(eq(sessions.id, session.id)).for('update')
    if (!current) throw new TesseraError('session_not_found')
    const [withFactors] = await tx
      .update(sessions)
      .set({
        firstFactorVerifiedAt: firstAt ?? current.firstFactorVerifiedAt,
        secondFactorVerifiedAt: secondAt ?? current.secondFactorVerifiedAt,
        ...(step.federation ? federationColumns(step.federation) : {}),
        updatedAt: ctx.now,
      })
      .where(eq(sessions.id, session.id))
      .returning()
    const strategies = [moved.firstFactorStrategy, moved.secondFactorStrategy].filter(Boolean).join(', ')
    await appendLedger(
      tx,
      [
        {
          type: 'reverified',
          sessionId: session.id,
          userId: session.userId,
          detail: strategies,
          actor: 'user',
          actorUserId: session.userId,
          meta: ctx.meta,
        },
      ],
      ctx.now,
    )
    return { row: moved, updated: await recordActivity(tx, withFactors ?? current, ctx.now, ctx.meta) }
  })
  if (updated) await recordSuccessfulVerification(ctx.db, session.userId)
  return { verification: await toVerificationJSON(ctx, row, session.userId), session: updated }
}

export type PrepareFirstFactor = CodeTarget | { strategy: 'passkey' }

/** Sends the code (email or SMS) or issues the passkey challenge for the first factor. */
export async function prepareFirstFactorVerification(
  ctx: ServiceContext,
  session: SessionRow,
  input: PrepareFirstFactor,
): Promise<SessionVerificationJSON> {
  const verification = await openVerification(ctx, session, stepsOf(input.strategy))
  const offered = await firstFactorsOf(ctx, session.userId)
  const messages = messageContext(ctx)
  if (input.strategy !== 'passkey') {
    const destination = await codeDestination(ctx.db, session.userId, input)
    if (!offered.some((factor) => factor.strategy === input.strategy)) {
      throw new TesseraError('strategy_not_allowed', { meta: { strategy: input.strategy } })
    }
    const message = FIRST_FACTOR_CODE_MESSAGE[input.strategy]
    await issueCode(ctx, {
      binding: firstBinding(verification),
      strategy: input.strategy,
      destination,
      userId: session.userId,
      message: (code) => message(messages, { to: destination, code, purpose: 'reverify' }),
    })
    return toVerificationJSON(ctx, verification, session.userId)
  }
  if (!offered.some((factor) => factor.strategy === 'passkey')) {
    throw new TesseraError('strategy_not_allowed', { meta: { strategy: 'passkey' } })
  }
  await enforceRateLimit(ctx.db, ctx.config, 'passkey_challenge_ip', ctx.meta.ipAddress, ctx.now)
  const options = await passkeyAuthenticationOptions(ctx.db, relyingParty(ctx), ctx.now, {
    userId: session.userId,
    sessionId: session.id,
  })
  return toVerificationJSON(ctx, verification, session.userId, { nonce: JSON.stringify(options) })
}

/**
 * Starts a step-up through the enterprise IdP the user is linked to (the reference's
 * `prepareFirstFactorVerification({ strategy: 'enterprise_sso', redirectUrl })`): the IdP is asked
 * to authenticate the person again (`prompt=login`, `max_age=0`), and the callback answers the
 * verification's first factor, then sends the browser back to `redirectPath`.
 */
export async function prepareEnterpriseSsoVerification(
  ctx: ServiceContext,
  session: SessionRow,
  input: { redirectPath: string; enterpriseConnectionId?: string | null },
): Promise<{ verification: SessionVerificationJSON; trip: StartedTrip }> {
  const verification = await openVerification(ctx, session, 'needs_first_factor')
  const factor = (await firstFactorsOf(ctx, session.userId)).find(
    (candidate): candidate is Factor<'enterprise_sso'> =>
      candidate.strategy === 'enterprise_sso' &&
      (!input.enterpriseConnectionId || candidate.enterpriseConnectionId === input.enterpriseConnectionId),
  )
  if (!factor?.enterpriseConnectionId) {
    throw new TesseraError('strategy_not_allowed', { meta: { strategy: 'enterprise_sso' } })
  }
  const trip = await startTrip(
    ctx,
    await loadConnection(ctx.db, factor.enterpriseConnectionId),
    { purpose: 'reverification', sessionId: session.id, verificationId: verification.id },
    { redirectPath: input.redirectPath, maxAgeSeconds: 0, prompt: 'login' },
  )
  return {
    verification: await toVerificationJSON(ctx, verification, session.userId, {
      externalVerificationRedirectUrl: trip.url,
    }),
    trip,
  }
}

/**
 * The IdP authenticated the session's user again (the SSO callback checked the ID token, that it
 * is this user's linked identity, and that the authentication is newer than the step-up): the
 * verification's first factor passes, and the session records what the IdP said.
 */
export async function passEnterpriseSsoVerification(
  ctx: ServiceContext,
  session: SessionRow,
  input: { verificationId: string; federation: Federation },
): Promise<VerificationStep & { session: SessionRow }> {
  const verification = await openVerification(ctx, session, 'needs_first_factor')
  // Only the newest verification of a session can be answered; the trip was for this one.
  if (verification.id !== input.verificationId) throw new TesseraError('verification_step_invalid')
  const step = await advance(
    ctx,
    session,
    verification,
    { spend: async () => true, lostRace: 'verification_step_invalid' },
    { group: 'first', strategy: 'enterprise_sso', federation: input.federation },
  )
  if (step.session) return { verification: step.verification, session: step.session }
  // A second factor is still owed, but the dialog that asked is gone (the browser went to the IdP).
  // The session records the first factor now, so the next verification asks only for the second
  // (multi_factor skips a first factor verified within the strict window).
  const [updated] = await ctx.db
    .update(sessions)
    .set({ firstFactorVerifiedAt: ctx.now, ...federationColumns(input.federation), updatedAt: ctx.now })
    .where(eq(sessions.id, session.id))
    .returning()
  return { verification: step.verification, session: updated ?? session }
}

export type AttemptFirstFactor =
  | PasswordAttempt
  | CodeAttempt<VerificationCodeStrategy>
  | PasskeyAttempt<AuthenticationResponseJSON>

export async function attemptFirstFactorVerification(
  ctx: ServiceContext,
  session: SessionRow,
  input: AttemptFirstFactor,
): Promise<VerificationStep> {
  const verification = await openVerification(ctx, session, stepsOf(input.strategy))
  const offered = (await firstFactorsOf(ctx, session.userId)).map((factor) => factor.strategy)
  if (!offered.includes(input.strategy))
    throw new TesseraError('strategy_not_allowed', { meta: { strategy: input.strategy } })
  const passed = await checking(ctx, session, verification, async (): Promise<Passed> => {
    switch (input.strategy) {
      case 'password': {
        const hash = await passwordHashOf(ctx.db, session.userId)
        if (!(await verifyPassword(hash, input.password))) throw new TesseraError('password_incorrect')
        return { spend: async () => true, lostRace: 'verification_step_invalid' }
      }
      case 'email_code':
      case 'phone_code':
        return {
          spend: (await checkCode(ctx.db, firstBinding(verification), input.code, ctx.now)).consume,
          lostRace: 'code_reused',
        }
      case 'passkey': {
        const assertion = await verifyPasskeyAssertion(ctx.db, relyingParty(ctx), {
          response: input.publicKeyCredential,
          now: ctx.now,
          owner: { userId: session.userId, sessionId: session.id },
        })
        return { spend: assertion.consume, lostRace: 'passkey_verification_failed' }
      }
    }
  })
  // A user-verifying passkey is both factors at once.
  return advance(ctx, session, verification, passed, {
    group: 'first',
    strategy: input.strategy,
    bothGroups: input.strategy === 'passkey',
  })
}

/** Texts the second-factor code to one of the user's second-factor numbers (the primary by default). */
export async function prepareSecondFactorVerification(
  ctx: ServiceContext,
  session: SessionRow,
  input: SecondFactorCodeTarget,
): Promise<SessionVerificationJSON> {
  const verification = await openVerification(ctx, session, 'needs_second_factor')
  await assertSecondFactorAvailable(ctx, session.userId, input.strategy)
  const phone = await secondFactorPhone(ctx.db, session.userId, input.phoneNumberId)
  const messages = messageContext(ctx)
  await issueCode(ctx, {
    binding: secondBinding(verification),
    strategy: 'phone_code',
    destination: phone.phoneNumber,
    userId: session.userId,
    message: (code) => codeSms(messages, { to: phone.phoneNumber, code, purpose: 'reverify' }),
  })
  return toVerificationJSON(ctx, verification, session.userId)
}

export async function attemptSecondFactorVerification(
  ctx: ServiceContext,
  session: SessionRow,
  input: SecondFactorAttempt,
): Promise<VerificationStep> {
  const verification = await openVerification(ctx, session, 'needs_second_factor')
  const offered = (await secondFactorsOf(ctx, session.userId)).map((factor) => factor.strategy)
  if (!offered.includes(input.strategy))
    throw new TesseraError('strategy_not_allowed', { meta: { strategy: input.strategy } })
  const passed = await checking(ctx, session, verification, async (): Promise<Passed> => {
    switch (input.strategy) {
      case 'totp':
        return {
          spend: (await checkTotp(ctx.db, session.userId, input.code, ctx.now)).consume,
          lostRace: 'code_reused',
        }
      case 'backup_code':
        return {
          spend: (await checkBackupCode(ctx.db, session.userId, input.code, ctx.now)).consume,
          lostRace: 'code_reused',
        }
      case 'phone_code':
        return {
          spend: (await checkCode(ctx.db, secondBinding(verification), input.code, ctx.now)).consume,
          lostRace: 'code_reused',
        }
    }
  })
  return advance(ctx, session, verification, passed, { group: 'second', strategy: input.strategy })
}
