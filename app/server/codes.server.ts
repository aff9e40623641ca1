/**
 * One-time codes sent by email or SMS: issued with a cooldown and send limits, bound to what asked
 * for them, checked in constant time, and consumed by one conditional UPDATE (so of many concurrent
 * submissions exactly one succeeds). Only an HMAC of each code is stored.
 */

import { randomInt, randomUUID } from 'node:crypto'
import { and, desc, eq, gt, isNull, lt, type SQL, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { verificationCodes } from '../../db/schema.ts'
import { type CodeChannel, type CodePurpose, formatOneTimeCode, parseOneTimeCode } from '../session/codes.ts'
import { TesseraError } from '../session/errors.ts'
import type { Strategy } from '../session/factors.ts'
import { maskEmail, maskPhone } from '../session/identifiers.ts'
import {
  CODE_RESEND_COOLDOWN_SECONDS,
  ONE_TIME_CODE_DIGITS,
  ONE_TIME_CODE_MAX_ATTEMPTS,
  ONE_TIME_CODE_TTL_SECONDS,
} from '../session/policy.ts'
import type { VerificationJSON } from '../session/wire.ts'
import { safeEqual } from './crypto.server.ts'
import type { OutgoingMessage } from './messages.server.ts'
import { enforceRateLimit } from './rate-limits.server.ts'
import { keyedHash, keyedHashes } from './secret-box.server.ts'
import type { ServiceContext } from './service-context.server.ts'

/** What a code is for and what it is bound to: it is accepted for nothing else (ASVS 6.6.2). */
export type CodeBinding =
  | {
      purpose: Extract<CodePurpose, 'sign_in_first_factor' | 'sign_in_reset_password' | 'sign_in_second_factor'>
      signInId: string
    }
  | { purpose: 'sign_up'; signUpId: string }
  | { purpose: Extract<CodePurpose, 'verify_email' | 'verify_phone'>; identifierId: string; sessionId: string }
  | {
      purpose: Extract<CodePurpose, 'reverification_first_factor' | 'reverification_second_factor'>
      verificationId: string
    }

function bindingFilter(binding: CodeBinding): SQL {
  const purpose = eq(verificationCodes.purpose, binding.purpose)
  if ('signInId' in binding) return and(purpose, eq(verificationCodes.signInId, binding.signInId)) as SQL
  if ('signUpId' in binding) return and(purpose, eq(verificationCodes.signUpId, binding.signUpId)) as SQL
  if ('verificationId' in binding)
    return and(purpose, eq(verificationCodes.verificationId, binding.verificationId)) as SQL
  return and(
    purpose,
    eq(verificationCodes.identifierId, binding.identifierId),
    eq(verificationCodes.sessionId, binding.sessionId),
  ) as SQL
}

const hashCode = (id: string, code: string) => keyedHash(`${id}:${code}`, 'one-time-code-hash')

/** Whether `code` is the one `codeHash` was made of, under TESSERA_SECRET or a previous one (ADR 025). */
const codeMatches = (id: string, code: string, codeHash: string) =>
  keyedHashes(`${id}:${code}`, 'one-time-code-hash').filter((hash) => safeEqual(hash, codeHash)).length > 0

const addSeconds = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000)

export interface IssuedCode {
  /** When the new code stops working. */
  expiresAt: Date
  /** When another code may be asked for. */
  nextResendAt: Date
}

export interface IssueCodeInput {
  binding: CodeBinding
  channel: CodeChannel
  /** The address or number the code goes to. */
  destination: string
  userId: string | null
  /**
   * The message carrying the code, or null to issue a code that goes nowhere: an attempt for an
   * identifier without an account behaves exactly like one with, but nobody is sent anything.
   */
  message: ((code: string) => OutgoingMessage) | null
}

/**
 * Issues a new code (the previous one for the same binding stops working). Refused with
 * `code_resend_too_soon` within CODE_RESEND_COOLDOWN_SECONDS of the last one, and with
 * `rate_limited` when the destination or the IP has had too many. A new code never resets the
 * account's failure count (NIST §3.1.3, VULN-05): that lives on the user.
 */
export async function issueCode(ctx: ServiceContext, input: IssueCodeInput): Promise<IssuedCode> {
  const { db, now } = ctx
  const [latest] = await db
    .select({ createdAt: verificationCodes.createdAt })
    .from(verificationCodes)
    .where(bindingFilter(input.binding))
    .orderBy(desc(verificationCodes.createdAt))
    .limit(1)
  if (latest) {
    const nextResendAt = addSeconds(latest.createdAt, CODE_RESEND_COOLDOWN_SECONDS)
    if (now < nextResendAt) {
      const retryAfterSeconds = Math.ceil((nextResendAt.getTime() - now.getTime()) / 1000)
      throw new TesseraError('code_resend_too_soon', { meta: { retryAfterSeconds } })
    }
  }
  await enforceRateLimit(db, ctx.config, 'code_send_identifier', input.destination, now)
  await enforceRateLimit(db, ctx.config, 'code_send_ip', ctx.meta.ipAddress, now)

  const id = randomUUID()
  const code = formatOneTimeCode(randomInt(0, 10 ** ONE_TIME_CODE_DIGITS))
  const expiresAt = addSeconds(now, ONE_TIME_CODE_TTL_SECONDS)
  await db.transaction(async (tx) => {
    await tx
      .update(verificationCodes)
      .set({ supersededAt: now })
      .where(and(bindingFilter(input.binding), isNull(verificationCodes.supersededAt)))
    await tx.insert(verificationCodes).values({
      id,
      purpose: input.binding.purpose,
      channel: input.channel,
      destination: input.destination,
      userId: input.userId,
      signInId: 'signInId' in input.binding ? input.binding.signInId : null,
      signUpId: 'signUpId' in input.binding ? input.binding.signUpId : null,
      identifierId: 'identifierId' in input.binding ? input.binding.identifierId : null,
      sessionId: 'sessionId' in input.binding ? input.binding.sessionId : null,
      verificationId: 'verificationId' in input.binding ? input.binding.verificationId : null,
      codeHash: hashCode(id, code),
      createdAt: now,
      expiresAt,
    })
  })
  if (input.message) ctx.deliver(input.message(code))
  return { expiresAt, nextResendAt: addSeconds(now, CODE_RESEND_COOLDOWN_SECONDS) }
}

/** The outstanding (not superseded) code of a binding, with when it was sent. */
export async function outstandingCode(db: Database, binding: CodeBinding) {
  const [row] = await db
    .select()
    .from(verificationCodes)
    .where(and(bindingFilter(binding), isNull(verificationCodes.supersededAt)))
    .orderBy(desc(verificationCodes.createdAt))
    .limit(1)
  return row ?? null
}

/** A code that matched; `consume` spends it (false: another request spent it first). */
export interface MatchedCode {
  destination: string
  consume: (tx: Database) => Promise<boolean>
}

/**
 * Checks `input` against the binding's outstanding code. A wrong code counts against the code
 * (at most ONE_TIME_CODE_MAX_ATTEMPTS) and is answered `code_incorrect` with the tries left; the
 * caller counts it against the account too. Malformed input is refused before anything is counted.
 */
export async function checkCode(db: Database, binding: CodeBinding, input: unknown, now: Date): Promise<MatchedCode> {
  const code = parseOneTimeCode(input)
  if (code === null) throw new TesseraError('code_malformed')
  const row = await outstandingCode(db, binding)
  if (!row) throw new TesseraError('code_not_sent')
  const matches = codeMatches(row.id, code, row.codeHash)
  if (row.consumedAt) throw new TesseraError(matches ? 'code_reused' : 'code_incorrect')
  if (now >= row.expiresAt) throw new TesseraError('code_expired')
  if (row.attempts >= ONE_TIME_CODE_MAX_ATTEMPTS) throw new TesseraError('code_attempts_exceeded')

  const live = and(
    eq(verificationCodes.id, row.id),
    isNull(verificationCodes.consumedAt),
    isNull(verificationCodes.supersededAt),
    lt(verificationCodes.attempts, ONE_TIME_CODE_MAX_ATTEMPTS),
  )
  if (!matches) {
    const [counted] = await db
      .update(verificationCodes)
      .set({ attempts: sql`${verificationCodes.attempts} + 1` })
      .where(live)
      .returning({ attempts: verificationCodes.attempts })
    if (!counted) throw new TesseraError('code_attempts_exceeded')
    throw new TesseraError('code_incorrect', {
      meta: { remainingAttempts: ONE_TIME_CODE_MAX_ATTEMPTS - counted.attempts },
    })
  }
  return {
    destination: row.destination,
    consume: async (tx) => {
      const spent = await tx
        .update(verificationCodes)
        .set({ consumedAt: now })
        .where(and(live, gt(verificationCodes.expiresAt, now)))
        .returning({ id: verificationCodes.id })
      return spent.length === 1
    },
  }
}

/** The code outstanding for a binding, as the verification the browser shows ("we sent a code to …"). */
/** A step that passed: verified, with nothing outstanding to show. */
export function passedVerification(strategy: Strategy): VerificationJSON {
  return { strategy, status: 'verified', safeIdentifier: null, expireAt: null, nextResendAt: null }
}

export async function codeVerification(
  db: Database,
  binding: CodeBinding,
  /** The strategy the code is for, when not the plain code of its channel (a password reset). */
  strategy?: Strategy,
): Promise<VerificationJSON | null> {
  const code = await outstandingCode(db, binding)
  if (!code) return null
  const email = code.channel === 'email'
  return {
    strategy: strategy ?? (email ? 'email_code' : 'phone_code'),
    status: code.consumedAt ? 'verified' : 'unverified',
    safeIdentifier: email ? maskEmail(code.destination) : maskPhone(code.destination),
    expireAt: code.expiresAt.getTime(),
    nextResendAt: code.createdAt.getTime() + CODE_RESEND_COOLDOWN_SECONDS * 1000,
  }
}
