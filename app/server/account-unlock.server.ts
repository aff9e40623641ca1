/**
 * Unlocking an account by proving its address (issue 22, finding 8). When too many failed
 * verifications lock an account, its owner is emailed a link; following it ends the lock early.
 * The link's secret is 256 random bits, kept only as its SHA-256, carried in the URL's fragment
 * (never sent to a server log by the browser); it works once (one conditional UPDATE spends it) and
 * only until the lock it was made for ends. It does not sign anyone in: it gives the owner their
 * tries back. See docs/decisions/024-impersonation-and-lockout.md.
 */

import { and, eq, gt, isNull } from 'drizzle-orm'
import { accountUnlockTokens, users } from '../../db/schema.ts'
import { TesseraError } from '../session/errors.ts'
import { newClientToken, sha256Hex } from './crypto.server.ts'
import { appendLedger } from './ledger.server.ts'
import { accountLockedEmail } from './messages.server.ts'
import { primaryEmailOf } from './security-events.server.ts'
import { messageContext, type ServiceContext } from './service-context.server.ts'

/** The page an unlock link opens; the secret follows in the fragment. */
export const UNLOCK_PATH = '/unlock'

/**
 * The account just locked (a wrong answer placed the lock until `lockedUntil`): records it, and
 * emails the owner's primary address the link that unlocks it. The email goes out after the answer.
 */
export async function accountLocked(ctx: ServiceContext, userId: string, lockedUntil: Date): Promise<void> {
  const token = newClientToken()
  await ctx.db.insert(accountUnlockTokens).values({
    tokenHash: sha256Hex(token),
    userId,
    createdAt: ctx.now,
    expiresAt: lockedUntil,
  })
  await appendLedger(
    ctx.db,
    [{ type: 'account_locked', sessionId: null, userId, actor: 'system', actorUserId: null, meta: ctx.meta }],
    ctx.now,
  )
  const to = await primaryEmailOf(ctx.db, userId)
  if (to === null) return
  ctx.deliver(
    accountLockedEmail(messageContext(ctx), {
      to,
      failures: ctx.config.lockout.maxFailures,
      lockedUntil,
      link: `${ctx.origin}${UNLOCK_PATH}#token=${token}`,
    }),
  )
}

/**
 * Spends an unlock link and ends its account's lock (and failure count). Refused, changing
 * nothing, when the link is unknown, used, or past the lock it was made for.
 */
export async function unlockAccount(ctx: ServiceContext, token: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [spent] = await tx
      .update(accountUnlockTokens)
      .set({ consumedAt: ctx.now })
      .where(
        and(
          eq(accountUnlockTokens.tokenHash, sha256Hex(token)),
          isNull(accountUnlockTokens.consumedAt),
          gt(accountUnlockTokens.expiresAt, ctx.now),
        ),
      )
      .returning({ userId: accountUnlockTokens.userId })
    if (!spent) throw new TesseraError('unlock_link_invalid')
    await tx.update(users).set({ failedVerificationAttempts: 0, lockedUntil: null }).where(eq(users.id, spent.userId))
    // Any other link for the same lock is spent too: the lock it ends is gone.
    await tx
      .update(accountUnlockTokens)
      .set({ consumedAt: ctx.now })
      .where(and(eq(accountUnlockTokens.userId, spent.userId), isNull(accountUnlockTokens.consumedAt)))
    await appendLedger(
      tx,
      [
        {
          type: 'account_unlocked',
          sessionId: null,
          userId: spent.userId,
          actor: 'user',
          actorUserId: spent.userId,
          meta: ctx.meta,
        },
      ],
      ctx.now,
    )
  })
}
