/**
 * Account lockout, shared by every factor and every app process: the failure count lives on the
 * user row and is changed under a row lock. The rule itself is app/session/lockout.ts.
 */

import { and, eq, gt, or, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { preparedPerDatabase } from '../../db/prepared.ts'
import { users } from '../../db/schema.ts'
import type { InstanceConfig } from '../config/instance.ts'
import { type ErrorCode, TesseraError } from '../session/errors.ts'
import { afterFailure, lockedForSeconds } from '../session/lockout.ts'

type Lockout = Pick<InstanceConfig, 'lockout'>

function lockedError(seconds: number): TesseraError {
  return new TesseraError('user_locked', { meta: { lockoutExpiresInSeconds: seconds } })
}

/** Every sign-in step reads this: a prepared statement. */
const lockoutLookup = preparedPerDatabase((db) =>
  db
    .select({ failedAttempts: users.failedVerificationAttempts, lockedUntil: users.lockedUntil })
    .from(users)
    .where(eq(users.id, sql.placeholder('userId')))
    .prepare('tessera_lockout'),
)

/** Throws `user_locked` (with the seconds left) when the account is locked at `now`. */
export async function assertNotLocked(db: Database, userId: string, now: Date): Promise<void> {
  const [row] = await lockoutLookup(db).execute({ userId })
  const seconds = row ? lockedForSeconds(row, now) : 0
  if (seconds > 0) throw lockedError(seconds)
}

/**
 * Counts a failed verification. Returns the error to answer with: `failure` as given, or
 * `user_locked` when this failure locked the account.
 */
export async function recordFailedVerification(
  db: Database,
  config: Lockout,
  userId: string,
  now: Date,
  failure: TesseraError,
): Promise<TesseraError> {
  const seconds = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ failedAttempts: users.failedVerificationAttempts, lockedUntil: users.lockedUntil })
      .from(users)
      .where(eq(users.id, userId))
      .for('update')
    if (!row) return 0
    const next = afterFailure(row, config.lockout, now)
    await tx
      .update(users)
      .set({ failedVerificationAttempts: next.failedAttempts, lockedUntil: next.lockedUntil })
      .where(eq(users.id, userId))
    return lockedForSeconds(next, now)
  })
  return seconds > 0 ? lockedError(seconds) : failure
}

/** A verification passed: the count starts again (no write when there is nothing to clear). */
export async function recordSuccessfulVerification(db: Database, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ failedVerificationAttempts: 0, lockedUntil: null })
    .where(
      and(eq(users.id, userId), or(gt(users.failedVerificationAttempts, 0), sql`${users.lockedUntil} is not null`)),
    )
}

/** Failures that count toward the lockout: a factor was checked and was wrong (or replayed). */
const COUNTED_FAILURES = new Set<ErrorCode>([
  'invalid_credentials',
  'password_incorrect',
  'code_incorrect',
  'code_reused',
])

/**
 * Runs a factor check for `userId` under the lockout: refused while locked, and a wrong answer
 * counts (turning into `user_locked` when it is the one that locks). With no account (an
 * identifier nobody has) the check still runs, so the answer looks the same, and nothing counts.
 */
export async function underLockout<T>(
  ctx: { db: Database; config: Lockout; now: Date },
  userId: string | null,
  check: () => Promise<T>,
): Promise<T> {
  if (userId !== null) await assertNotLocked(ctx.db, userId, ctx.now)
  try {
    return await check()
  } catch (error) {
    if (userId !== null && error instanceof TesseraError && COUNTED_FAILURES.has(error.code)) {
      throw await recordFailedVerification(ctx.db, ctx.config, userId, ctx.now, error)
    }
    throw error
  }
}
