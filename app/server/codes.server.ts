/**
 * One-time codes sent by email or SMS: issued with a cooldown and send limits, bound to what asked
 * for them, checked in constant time, and consumed by one conditional UPDATE (so of many concurrent
 * submissions exactly one succeeds). Only an HMAC of each code is stored.
 */

import { randomInt, randomUUID } from 'node:crypto'
import { and, desc, eq, gt, isNull, lt, type SQL, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { verificationCodes } from '../../db/schema.ts'
import { CODE_STRATEGY_CHANNEL, type CodePurpose, formatOneTimeCode, parseOneTimeCode } from '../session/codes.ts'
import { TesseraError } from '../session/errors.ts'
import { isLinkStrategy, type SentStrategy, type Strategy } from '../session/factors.ts'
import { maskEmail, maskPhone } from '../session/identifiers.ts'
import {
  CODE_RESEND_COOLDOWN_SECONDS,
  EMAIL_LINK_TTL_SECONDS,
  ONE_TIME_CODE_DIGITS,
  ONE_TIME_CODE_MAX_ATTEMPTS,
  ONE_TIME_CODE_TTL_SECONDS,
} from '../session/policy.ts'
import type { VerificationJSON } from '../session/wire.ts'
import { newClientToken, safeEqual, sha256Hex } from './crypto.server.ts'
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
  /** A code to type, or a link to open (`LINK_STRATEGIES`); the channel follows from it. */
  strategy: SentStrategy
  /** The address or number the code goes to. */
  destination: string
  userId: string | null
  /**
   * The message carrying the code, or null to issue a code that goes nowhere: an attempt for an
   * identifier without an account behaves exactly like one with, but nobody is sent anything.
   */
  message: ((code: string) => OutgoingMessage) | null
  /** A link: the flow's page to go on to once it is opened (same origin, a path). */
  redirectUrl?: string | null
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
  // A link's token is a 256-bit bearer secret, kept as its SHA-256 and found by it (ADR 036).
  const link = isLinkStrategy(input.strategy)
  const code = link ? newClientToken() : formatOneTimeCode(randomInt(0, 10 ** ONE_TIME_CODE_DIGITS))
  const expiresAt = addSeconds(now, link ? EMAIL_LINK_TTL_SECONDS : ONE_TIME_CODE_TTL_SECONDS)
  await db.transaction(async (tx) => {
    await tx
      .update(verificationCodes)
      .set({ supersededAt: now })
      .where(and(bindingFilter(input.binding), isNull(verificationCodes.supersededAt)))
    await tx.insert(verificationCodes).values({
      id,
      purpose: input.binding.purpose,
      channel: CODE_STRATEGY_CHANNEL[input.strategy],
      strategy: input.strategy,
      redirectUrl: link ? (input.redirectUrl ?? null) : null,
      destination: input.destination,
      userId: input.userId,
      signInId: 'signInId' in input.binding ? input.binding.signInId : null,
      signUpId: 'signUpId' in input.binding ? input.binding.signUpId : null,
      identifierId: 'identifierId' in input.binding ? input.binding.identifierId : null,
      sessionId: 'sessionId' in input.binding ? input.binding.sessionId : null,
      verificationId: 'verificationId' in input.binding ? input.binding.verificationId : null,
      codeHash: link ? sha256Hex(code) : hashCode(id, code),
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
  // A link is opened, never typed: there is no code to check.
  if (!row || isLinkStrategy(row.strategy)) throw new TesseraError('code_not_sent')
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

/** A step that passed: verified, with nothing outstanding to show. */
export function passedVerification(strategy: Strategy): VerificationJSON {
  return { strategy, status: 'verified', safeIdentifier: null, expireAt: null, nextResendAt: null }
}

/**
 * The code or link outstanding for a binding, as the verification the browser shows ("we sent a
 * code to …"). A link past its time reads `expired` (the reference's poll stops on it); one opened
 * says whether it was opened in the browser that asked (`verifiedFromTheSameClient()`).
 */
export async function codeVerification(
  db: Database,
  binding: CodeBinding,
  now?: Date,
): Promise<VerificationJSON | null> {
  const code = await outstandingCode(db, binding)
  if (!code) return null
  const email = code.channel === 'email'
  const link = isLinkStrategy(code.strategy)
  const expired = link && !code.consumedAt && now !== undefined && now >= code.expiresAt
  return {
    strategy: code.strategy,
    status: code.consumedAt ? 'verified' : expired ? 'expired' : 'unverified',
    safeIdentifier: email ? maskEmail(code.destination) : maskPhone(code.destination),
    expireAt: code.expiresAt.getTime(),
    nextResendAt: code.createdAt.getTime() + CODE_RESEND_COOLDOWN_SECONDS * 1000,
    ...(link ? { verifiedFromSameClient: code.verifiedFromSameClient === true } : {}),
  }
}

// ---------------------------------------------------------------------------------------------
// Email links (ADR 036)

export type LinkRow = typeof verificationCodes.$inferSelect

/** The link a token names (any state), or null: found by the SHA-256 of its 256-bit token. */
export async function findLink(db: Database, token: string): Promise<LinkRow | null> {
  const [row] = await db
    .select()
    .from(verificationCodes)
    .where(and(eq(verificationCodes.codeHash, sha256Hex(token)), eq(verificationCodes.strategy, 'email_link')))
  return row ?? null
}

/** Why a link found by its token cannot be spent now, or null when it can (a race may still lose). */
export function linkRefusal(row: LinkRow, now: Date): 'expired' | 'failed' | null {
  if (row.consumedAt || row.supersededAt) return 'failed'
  return now >= row.expiresAt ? 'expired' : null
}

/**
 * Spends a link: one conditional UPDATE, so of many concurrent openings exactly one wins (false:
 * another request spent it first, or it was replaced or ran out meanwhile).
 */
export async function consumeLink(tx: Database, id: string, now: Date, sameClient: boolean): Promise<boolean> {
  const spent = await tx
    .update(verificationCodes)
    .set({ consumedAt: now, verifiedFromSameClient: sameClient })
    .where(
      and(
        eq(verificationCodes.id, id),
        eq(verificationCodes.strategy, 'email_link'),
        isNull(verificationCodes.consumedAt),
        isNull(verificationCodes.supersededAt),
        gt(verificationCodes.expiresAt, now),
      ),
    )
    .returning({ id: verificationCodes.id })
  return spent.length === 1
}
