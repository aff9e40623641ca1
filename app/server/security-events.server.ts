/**
 * Changes to what protects an account: each is written to the session's ledger (who, from where)
 * and announced by email, so a change the user did not make does not go unnoticed (ASVS 6.3.7).
 */

import { and, eq, isNotNull } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { emailAddresses } from '../../db/schema.ts'
import type { ActorJSON } from '../session/actors.ts'
import { deviceName } from '../session/devices.ts'
import type { ProfileEventType, SecurityEventType } from '../session/events.ts'
import { appendLedger } from './ledger.server.ts'
import { securityNoticeEmail } from './messages.server.ts'
import { messageContext, type ServiceContext } from './service-context.server.ts'
import { describeUserAgent } from './user-agent.server.ts'

export interface ActingSession {
  id: string
  userId: string
  clientId: string
  /** The impersonator or agent acting in the session, if any: the ledger names them too. */
  actor?: ActorJSON | null
}

/** The user's primary email address (verified), where security notices go. */
export async function primaryEmailOf(db: Database, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ email: emailAddresses.email })
    .from(emailAddresses)
    .where(
      and(eq(emailAddresses.userId, userId), eq(emailAddresses.isPrimary, true), isNotNull(emailAddresses.verifiedAt)),
    )
  return row?.email ?? null
}

/** Records the change (or a profile change) in the session's ledger, inside the change's own transaction. */
export async function recordSecurityEvent(
  ctx: ServiceContext,
  tx: Database,
  session: ActingSession,
  event: SecurityEventType | ProfileEventType,
  detail: string | null,
): Promise<void> {
  await appendLedger(
    tx,
    [
      {
        type: event,
        sessionId: session.id,
        userId: session.userId,
        detail,
        actor: 'user',
        actorUserId: session.userId,
        impersonatorId: session.actor?.sub ?? null,
        meta: ctx.meta,
      },
    ],
    ctx.now,
  )
}

/** Emails a security notice about `event` to each address (sent after the response). */
export function notifySecurityEvent(
  ctx: ServiceContext,
  addresses: ReadonlyArray<string | null>,
  event: SecurityEventType,
  detail: string | null,
): void {
  const messages = messageContext(ctx)
  const device = ctx.meta.userAgent ? deviceName(describeUserAgent(ctx.meta.userAgent)) : null
  for (const to of new Set(addresses)) {
    if (to === null) continue
    ctx.deliver(
      securityNoticeEmail(messages, { to, event, detail, at: ctx.now, ipAddress: ctx.meta.ipAddress, device }),
    )
  }
}
