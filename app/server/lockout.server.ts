/**
 * Account lockout, shared by every factor and every app process. The rule is
 * app/session/lockout.ts; the decision is docs/decisions/024-impersonation-and-lockout.md.
 *
 * - Every verification takes a slot before its verdict: one short transaction locks the count's
 *   row, counts the attempt as a failure in advance (placing the lock when it reaches the
 *   threshold) or refuses it while locked. A right answer gives its slot back. So however many
 *   answers arrive at once, at most the threshold are ever checked, and one arriving after the lock
 *   is refused (issue 20, finding 5).
 * - An account's count is on its `users` row; an identifier nobody has counts in
 *   `identifier_lockouts`, by the same rule and the same statements' shape, so the warnings, the
 *   lock and the time taken are the same with or without an account (issue 20, finding 9).
 * - When an account locks, its owner is emailed a link that unlocks it (`account-unlock.server.ts`).
 */

import { eq, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { preparedPerDatabase } from '../../db/prepared.ts'
import { identifierLockouts, users } from '../../db/schema.ts'
import { type ErrorCode, TesseraError } from '../session/errors.ts'
import {
  type LockoutState,
  lockedForSeconds,
  lockoutWarning,
  type Reservation,
  releaseAttempt,
  reserveAttempt,
} from '../session/lockout.ts'
import { LOCKOUT_WARNING_ATTEMPTS } from '../session/policy.ts'
import { accountLocked } from './account-unlock.server.ts'
import { sha256Hex } from './crypto.server.ts'
import type { ServiceContext } from './service-context.server.ts'

/** Whose count an attempt uses: an account's, or (no account) the identifier's own. */
export type LockoutSubject = { userId: string } | { identifier: string }

/** The subject of a sign-in step: its account when the identifier has one, else the identifier. */
export function lockoutSubjectOf(attempt: { userId: string | null; identifier: string }): LockoutSubject {
  return attempt.userId !== null ? { userId: attempt.userId } : { identifier: attempt.identifier }
}

function lockedError(seconds: number): TesseraError {
  return new TesseraError('user_locked', { meta: { lockoutExpiresInSeconds: seconds } })
}

const FRESH: LockoutState = { failedAttempts: 0, lockedUntil: null }

/** Reads the lockout state: a prepared statement per kind, one row or none. */
const accountLookup = preparedPerDatabase((db) =>
  db
    .select({ failedAttempts: users.failedVerificationAttempts, lockedUntil: users.lockedUntil })
    .from(users)
    .where(eq(users.id, sql.placeholder('key')))
    .prepare('tessera_lockout'),
)
const identifierLookup = preparedPerDatabase((db) =>
  db
    .select({
      failedAttempts: identifierLockouts.failedVerificationAttempts,
      lockedUntil: identifierLockouts.lockedUntil,
    })
    .from(identifierLockouts)
    .where(eq(identifierLockouts.identifierHash, sql.placeholder('key')))
    .prepare('tessera_identifier_lockout'),
)

/** Throws `user_locked` (with the seconds left) when the subject is locked at `now`. */
export async function assertNotLocked(db: Database, subject: LockoutSubject, now: Date): Promise<void> {
  const [row] =
    'userId' in subject
      ? await accountLookup(db).execute({ key: subject.userId })
      : await identifierLookup(db).execute({ key: sha256Hex(subject.identifier) })
  const seconds = row ? lockedForSeconds(row, now) : 0
  if (seconds > 0) throw lockedError(seconds)
}

/**
 * Changes the subject's state under its row lock, in one short transaction: two statements for
 * either kind (lock and read, then write). An identifier's row is made on first use.
 *
 * A user's row is locked `for no key update`: the counters are not its key, and a stronger lock
 * would also wait for every foreign-key check on the row. Under a twenty-way race (REL-04, an SMS
 * code) a transaction that had already updated the row and then took `for update` waited for a
 * ledger insert's key-share check, which waited for that update: Postgres reported a deadlock and the
 * request answered an uncoded error. Lockout changes still queue behind one another.
 */
async function changeState<T>(
  db: Database,
  subject: LockoutSubject,
  now: Date,
  decide: (state: LockoutState) => { next: LockoutState | null; result: T },
): Promise<T> {
  return db.transaction(async (tx) => {
    if ('userId' in subject) {
      const [row] = await tx
        .select({ failedAttempts: users.failedVerificationAttempts, lockedUntil: users.lockedUntil })
        .from(users)
        .where(eq(users.id, subject.userId))
        .for('no key update')
      const { next, result } = decide(row ?? FRESH)
      if (row && next) {
        await tx
          .update(users)
          .set({ failedVerificationAttempts: next.failedAttempts, lockedUntil: next.lockedUntil })
          .where(eq(users.id, subject.userId))
      }
      return result
    }
    const identifierHash = sha256Hex(subject.identifier)
    const [row] = await tx
      .insert(identifierLockouts)
      .values({ identifierHash, failedVerificationAttempts: 0, lockedUntil: null, updatedAt: now })
      .onConflictDoUpdate({
        target: identifierLockouts.identifierHash,
        set: { identifierHash: sql`excluded.identifier_hash` },
      })
      .returning({
        failedAttempts: identifierLockouts.failedVerificationAttempts,
        lockedUntil: identifierLockouts.lockedUntil,
      })
    const { next, result } = decide(row ?? FRESH)
    if (next) {
      await tx
        .update(identifierLockouts)
        .set({ failedVerificationAttempts: next.failedAttempts, lockedUntil: next.lockedUntil, updatedAt: now })
        .where(eq(identifierLockouts.identifierHash, identifierHash))
    }
    return result
  })
}

type Context = Pick<ServiceContext, 'db' | 'config' | 'now'>

/** Takes a slot for one verification, or refuses it while locked (see `reserveAttempt`). */
export function reserveVerification(ctx: Context, subject: LockoutSubject): Promise<Reservation> {
  return changeState(ctx.db, subject, ctx.now, (state) => {
    const reservation = reserveAttempt(state, ctx.config.lockout, ctx.now)
    return { next: reservation.refused ? null : reservation.state, result: reservation }
  })
}

/** Gives a slot back (the answer was right, or was refused without being a wrong answer). */
export function releaseVerification(ctx: Context, subject: LockoutSubject, placedLock: Date | null): Promise<void> {
  return changeState(ctx.db, subject, ctx.now, (state) => ({
    next: releaseAttempt(state, placedLock),
    result: undefined,
  }))
}

/** A verification passed: the count starts again (no write when there is nothing to clear). */
export async function recordSuccessfulVerification(db: Database, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ failedVerificationAttempts: 0, lockedUntil: null })
    .where(
      sql`${users.id} = ${userId} and (${users.failedVerificationAttempts} > 0 or ${users.lockedUntil} is not null)`,
    )
}

/** Failures that count toward the lockout: a factor was checked and was wrong (or replayed). */
const COUNTED_FAILURES = new Set<ErrorCode>([
  'invalid_credentials',
  'password_incorrect',
  'code_incorrect',
  'code_reused',
])

/** The wrong answer's error, saying how many tries are left when few are (issue 22, finding 8). */
function withWarning(error: TesseraError, attemptsBeforeLockout: number | null): TesseraError {
  if (attemptsBeforeLockout === null) return error
  return new TesseraError(error.code, { meta: { ...error.meta, attemptsBeforeLockout } })
}

/**
 * Runs a factor check for `subject` under the lockout: refused while locked; a wrong answer stays
 * counted (answered `user_locked` when its slot placed the lock, which emails an account's owner
 * the way to unlock it; otherwise with the tries left once few are); a right answer, or a refusal
 * that is not a wrong answer, gives the slot back. An error that is not ours keeps the slot (fail
 * closed).
 */
export async function underLockout<T>(
  ctx: ServiceContext,
  subject: LockoutSubject,
  check: () => Promise<T>,
): Promise<T> {
  const reservation = await reserveVerification(ctx, subject)
  if (reservation.refused) throw lockedError(reservation.lockedForSeconds)
  let result: T
  try {
    result = await check()
  } catch (error) {
    if (!(error instanceof TesseraError)) throw error
    if (!COUNTED_FAILURES.has(error.code)) {
      await releaseVerification(ctx, subject, reservation.placedLock)
      throw error
    }
    if (reservation.placedLock) {
      if ('userId' in subject) await accountLocked(ctx, subject.userId, reservation.placedLock)
      throw lockedError(lockedForSeconds(reservation.state, ctx.now))
    }
    throw withWarning(error, lockoutWarning(reservation.state, ctx.config.lockout, ctx.now, LOCKOUT_WARNING_ATTEMPTS))
  }
  await releaseVerification(ctx, subject, reservation.placedLock)
  return result
}
