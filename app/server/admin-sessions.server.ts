/**
 * Sessions in the admin console: every session of the instance, newest activity first, and
 * revocation — one session, all of a user's, or every signed-in session of the instance. The
 * calling admin's own session is never revoked from here (signing out does that). Each revocation
 * is recorded per session by `transitionSessions` and once more as the admin's action.
 */

import { and, eq, getTableColumns, gt, inArray, ne, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { sessions } from '../../db/schema.ts'
import type { AdminSessionJSON, CursorPageJSON } from '../session/admin-wire.ts'
import { TesseraError } from '../session/errors.ts'
import type { KeysetPosition } from '../session/keyset.ts'
import { effectiveStatus } from '../session/lifetime.ts'
import { ADMIN_PAGE_SIZE, ADMIN_REVOKE_BATCH_SIZE } from '../session/policy.ts'
import { isSignedInStatus, type SessionStatus, SIGNED_IN_STATUSES } from '../session/status.ts'
import { type AdminActor, adminLedgerEntry, authorizeAdmin } from './admin.server.ts'
import { endOf } from './client-snapshot.server.ts'
import { keyset, keysetPage } from './keyset.server.ts'
import { appendLedger } from './ledger.server.ts'
import type { ServiceContext } from './service-context.server.ts'
import { type SessionRow, transitionSessions } from './session-store.server.ts'
import { storedDevice } from './user-agent.server.ts'
import { loadPeople } from './users.server.ts'

export interface SessionFilter {
  userId?: string | null
  /** A status as stored; `active` and `pending` leave out sessions whose time has already passed. */
  status?: SessionStatus | null
  clientId?: string | null
  /** Where the previous page ended (none: the first page). */
  cursor?: KeysetPosition | null
}

function statusCondition(status: SessionStatus, now: Date): SQL | undefined {
  // abandonAt never passes expireAt, so a signed-in row is still in time exactly while abandonAt is ahead.
  return isSignedInStatus(status)
    ? and(eq(sessions.status, status), gt(sessions.abandonAt, now))
    : eq(sessions.status, status)
}

const sessionsKeyset = keyset(sessions.lastActiveAt, sessions.id)

/**
 * Sessions matching the filter, most recently active first, ADMIN_PAGE_SIZE at a time (keyset
 * pagination on activity and id), with their users and devices.
 */
export async function listSessions(
  ctx: ServiceContext,
  admin: AdminActor,
  filter: SessionFilter,
): Promise<CursorPageJSON<AdminSessionJSON>> {
  await authorizeAdmin(ctx.db, admin, 'admin:read')
  const rows = await ctx.db
    .select({ ...getTableColumns(sessions), keysetAtUs: sessionsKeyset.atUs })
    .from(sessions)
    .where(
      and(
        filter.userId ? eq(sessions.userId, filter.userId) : undefined,
        filter.clientId ? eq(sessions.clientId, filter.clientId) : undefined,
        filter.status ? statusCondition(filter.status, ctx.now) : undefined,
        sessionsKeyset.after(filter.cursor),
      ),
    )
    .orderBy(...sessionsKeyset.orderBy)
    .limit(ADMIN_PAGE_SIZE + 1)
  const page = keysetPage(rows, ADMIN_PAGE_SIZE)
  const people = await loadPeople(ctx.db, [
    ...page.rows.map((row) => row.userId),
    ...page.rows.flatMap((row) => (row.actor ? [row.actor.sub] : [])),
  ])
  return {
    items: page.rows.map((row) => toAdminSessionJSON(row, people, admin, ctx.now)),
    nextCursor: page.nextCursor,
  }
}

function toAdminSessionJSON(
  row: SessionRow,
  people: Awaited<ReturnType<typeof loadPeople>>,
  admin: AdminActor,
  now: Date,
): AdminSessionJSON {
  const impersonator = row.actor ? people.get(row.actor.sub) : undefined
  return {
    id: row.id,
    status: effectiveStatus(row, now),
    user: people.get(row.userId) ?? { id: row.userId, name: null, email: null },
    clientId: row.clientId,
    createdAt: row.createdAt.getTime(),
    lastActiveAt: row.lastActiveAt.getTime(),
    expireAt: row.expireAt.getTime(),
    ...endOf(row, now),
    ipAddress: row.ipAddress,
    device: storedDevice(row),
    actor: row.actor ?? null,
    actorName: impersonator ? (impersonator.name ?? impersonator.email) : null,
    current: row.id === admin.sessionId,
  }
}

/** Revokes `ids` as the admin, for `reason`; returns how many were signed in and are now revoked. */
async function revokeAsAdmin(
  ctx: ServiceContext,
  tx: Database,
  admin: AdminActor,
  ids: readonly string[],
  reason: 'revoked_by_admin' | 'user_banned',
): Promise<number> {
  const results = await transitionSessions(tx, {
    ids,
    reason,
    now: ctx.now,
    meta: ctx.meta,
    actorUserId: admin.id,
  })
  // A session found timed out on the way is recorded as such, not as revoked.
  return results.filter((result) => result.reason === reason).length
}

/** Revokes every signed-in session of `userId` but the admin's own; call inside the action's transaction. */
export async function revokeSessionsOfUser(
  ctx: ServiceContext,
  tx: Database,
  admin: AdminActor,
  userId: string,
  reason: 'revoked_by_admin' | 'user_banned',
): Promise<number> {
  const signedIn = await tx
    .select({ id: sessions.id })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        inArray(sessions.status, [...SIGNED_IN_STATUSES]),
        ne(sessions.id, admin.sessionId),
      ),
    )
  return revokeAsAdmin(
    ctx,
    tx,
    admin,
    signedIn.map((row) => row.id),
    reason,
  )
}

const sessionsRevoked = (count: number) => (count === 1 ? '1 session revoked' : `${count} sessions revoked`)

/** Revokes one session (signed out at its next request). */
export async function revokeSession(ctx: ServiceContext, admin: AdminActor, input: { sessionId: string }) {
  await ctx.db.transaction(async (tx) => {
    await authorizeAdmin(tx, admin, 'admin:manage_sessions')
    if (input.sessionId === admin.sessionId) throw new TesseraError('session_is_current')
    const [target] = await tx
      .select({ id: sessions.id, userId: sessions.userId })
      .from(sessions)
      .where(eq(sessions.id, input.sessionId))
    if (!target) throw new TesseraError('session_not_found')
    if ((await revokeAsAdmin(ctx, tx, admin, [target.id], 'revoked_by_admin')) === 0) {
      throw new TesseraError('session_not_signed_in')
    }
    await appendLedger(
      tx,
      [adminLedgerEntry(ctx, admin, 'sessions_revoked_by_admin', target.userId, `Session ${target.id} revoked`)],
      ctx.now,
    )
  })
}

/** Revokes every signed-in session of a user (the admin's own excepted); returns how many. */
export async function revokeUserSessions(
  ctx: ServiceContext,
  admin: AdminActor,
  input: { userId: string },
): Promise<{ revoked: number }> {
  return ctx.db.transaction(async (tx) => {
    await authorizeAdmin(tx, admin, 'admin:manage_sessions')
    const revoked = await revokeSessionsOfUser(ctx, tx, admin, input.userId, 'revoked_by_admin')
    await appendLedger(
      tx,
      [adminLedgerEntry(ctx, admin, 'sessions_revoked_by_admin', input.userId, sessionsRevoked(revoked))],
      ctx.now,
    )
    return { revoked }
  })
}

/**
 * Revokes every signed-in session of the instance except the calling admin's own: everyone signs
 * in again (the response to a suspected breach). One transaction, so the count recorded is exactly
 * what was revoked; a sign-in that commits meanwhile is new and stays.
 */
export async function revokeAllSessions(ctx: ServiceContext, admin: AdminActor): Promise<{ revoked: number }> {
  return ctx.db.transaction(async (tx) => {
    await authorizeAdmin(tx, admin, 'admin:manage_sessions')
    let revoked = 0
    let after = ''
    for (;;) {
      const batch = await tx
        .select({ id: sessions.id })
        .from(sessions)
        .where(
          and(
            inArray(sessions.status, [...SIGNED_IN_STATUSES]),
            ne(sessions.id, admin.sessionId),
            gt(sessions.id, after),
          ),
        )
        .orderBy(sessions.id)
        .limit(ADMIN_REVOKE_BATCH_SIZE)
      if (batch.length === 0) break
      revoked += await revokeAsAdmin(
        ctx,
        tx,
        admin,
        batch.map((row) => row.id),
        'revoked_by_admin',
      )
      after = batch.at(-1)?.id ?? after
    }
    await appendLedger(
      tx,
      [adminLedgerEntry(ctx, admin, 'sessions_revoked_by_admin', null, `Every session: ${sessionsRevoked(revoked)}`)],
      ctx.now,
    )
    return { revoked }
  })
}
