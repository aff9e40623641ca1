/**
 * Managing sessions: on this browser's client (switch, touch, end, remove, sign out) and across
 * the user's devices (list, revoke, timeline). Every operation names the sessions it may touch by
 * their owner — the caller's client, or the caller's user — so a foreign id is simply not found.
 */

import { and, asc, eq, getTableColumns, inArray, ne, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { clients, sessionEvents, sessions, users } from '../../db/schema.ts'
import { TesseraError } from '../session/errors.ts'
import type { KeysetPosition } from '../session/keyset.ts'
import { effectiveStatus } from '../session/lifetime.ts'
import { DEVICES_PAGE_SIZE } from '../session/policy.ts'
import { isSignedInStatus, SIGNED_IN_STATUSES, sourcesFor, type TransitionReason } from '../session/status.ts'
import type { SessionTaskKey } from '../session/tasks.ts'
import type { TemplateData } from '../session/templates.ts'
import type { DeviceSessionJSON, DevicesPage, SessionJSON, SessionTimelineJSON } from '../session/wire.ts'
import { endOf, toSessionJSON, toUserJSON } from './client-snapshot.server.ts'
import { keyset, keysetPage } from './keyset.server.ts'
import { findMembership } from './memberships.server.ts'
import { setSessionOrganization } from './organizations.server.ts'
import type { ServiceContext } from './service-context.server.ts'
import {
  activityWriteDue,
  lockClient,
  readClientSession,
  recordActivity,
  type SessionRow,
  setLastActiveSession,
  settleTimeout,
  transitionSessions,
} from './session-store.server.ts'
import { resolveTask } from './tasks.server.ts'
import { type MintContext, mintSessionToken, mintTemplateToken } from './tokens.server.ts'
import { storedDevice, userAgentReader } from './user-agent.server.ts'
import { loadUsers } from './users.server.ts'

type Context = Pick<ServiceContext, 'db' | 'now' | 'meta' | 'config'>

export const TOUCH_INTENTS = ['focus', 'select_session', 'select_org'] as const
export type TouchIntent = (typeof TOUCH_INTENTS)[number]

/** A session as the browser sees it, with its user. */
export async function sessionJSON(ctx: Pick<Context, 'db' | 'now' | 'config'>, row: SessionRow): Promise<SessionJSON> {
  const owner = (await loadUsers(ctx.db, ctx.config.access, [row.userId])).get(row.userId)
  if (!owner) throw new TesseraError('session_not_found')
  return toSessionJSON(row, owner, ctx.now)
}

/**
 * Runs `work` in a transaction. An error it *returns* is thrown after the commit, so what was
 * recorded on the way (a timeout found while looking) is kept; an error it throws rolls back.
 */
export async function committing<T>(db: Database, work: (tx: Database) => Promise<T | TesseraError>): Promise<T> {
  const result = await db.transaction(work)
  if (result instanceof TesseraError) throw result
  return result
}

/**
 * The session `sessionId` of this client, locked, or the error that explains why it cannot be
 * used: not found (unknown, or another client's) or no longer signed in (a timeout found here is
 * recorded).
 */
export async function signedInClientSession(
  tx: Database,
  clientId: string,
  sessionId: string,
  now: Date,
): Promise<SessionRow | TesseraError> {
  const [row] = await tx
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.clientId, clientId)))
    .for('update')
  if (!row) return new TesseraError('session_not_found')
  if (!isSignedInStatus(effectiveStatus(row, now))) {
    await settleTimeout(tx, row, now)
    return new TesseraError('session_not_signed_in')
  }
  return row
}

// ---------------------------------------------------------------------------------------------
// This browser's client

/** Makes `sessionId` the client's last active session (what a reload renders) and records activity. */
export async function setActiveSession(
  ctx: Context,
  input: { clientId: string; sessionId: string },
): Promise<SessionJSON> {
  const { db, now, meta } = ctx
  const row = await committing(db, async (tx) => {
    await lockClient(tx, input.clientId)
    const session = await signedInClientSession(tx, input.clientId, input.sessionId, now)
    if (session instanceof TesseraError) return session
    await setLastActiveSession(tx, input.clientId, session.id, now)
    return recordActivity(tx, session, now, meta)
  })
  return sessionJSON(ctx, row)
}

/**
 * Records activity on a session of this client (throttled: at most one write per
 * ACTIVITY_WRITE_THROTTLE_SECONDS). A focus or session selection also makes it the client's last
 * active session, so reloading the tab the user is looking at shows that tab's account.
 *
 * With `organizationId` (null: the personal account) the session acts for that organization from
 * now on: `setActive({ organization })` sends it with `select_org`, and a focused tab re-asserts
 * its own, so a reload renders the organization the user was looking at.
 */
export async function touchSession(
  ctx: ServiceContext,
  input: { clientId: string; sessionId: string; intent: TouchIntent; organizationId?: string | null },
): Promise<SessionRow> {
  const { db, now, meta } = ctx
  return committing(db, async (tx) => {
    let session = await signedInClientSession(tx, input.clientId, input.sessionId, now)
    if (session instanceof TesseraError) return session
    if (input.intent !== 'select_org') await setLastActiveSession(tx, input.clientId, session.id, now)
    // A selection is always checked (choosing the personal account may be refused); a focus only
    // writes when it changes something.
    const { organizationId } = input
    if (
      organizationId !== undefined &&
      (input.intent === 'select_org' || organizationId !== session.lastActiveOrganizationId)
    )
      session = await setSessionOrganization(ctx, tx, session, organizationId)
    return recordActivity(tx, session, now, meta)
  })
}

/**
 * Reports the session's current task done (`setup-mfa` after the backup codes were seen, or an
 * app's own task): refused unless it is the current task and what it asks for is done.
 */
export async function completeSessionTask(
  ctx: Context,
  input: { clientId: string; sessionId: string; key: SessionTaskKey },
): Promise<SessionRow> {
  return committing(ctx.db, async (tx) => {
    const session = await signedInClientSession(tx, input.clientId, input.sessionId, ctx.now)
    if (session instanceof TesseraError) return session
    return resolveTask(ctx, tx, session, input.key)
  })
}

/** The `accept-terms` task: records that the user accepted the current terms, and completes it. */
export async function acceptTerms(ctx: Context, input: { clientId: string; sessionId: string }): Promise<SessionRow> {
  const { terms } = ctx.config
  if (!terms) throw new TesseraError('task_not_owed', { meta: { task: 'accept-terms' } })
  return committing(ctx.db, async (tx) => {
    const session = await signedInClientSession(tx, input.clientId, input.sessionId, ctx.now)
    if (session instanceof TesseraError) return session
    await tx
      .update(users)
      .set({ acceptedTermsVersion: terms.version, acceptedTermsAt: ctx.now, updatedAt: ctx.now })
      .where(eq(users.id, session.userId))
    return resolveTask(ctx, tx, session, 'accept-terms')
  })
}

async function endClientSession(
  ctx: Context,
  input: { clientId: string; sessionId: string },
  reason: TransitionReason,
) {
  const { db, now, meta } = ctx
  const row = await committing(db, async (tx) => {
    await lockClient(tx, input.clientId)
    const [target] = await tx
      .select()
      .from(sessions)
      .where(and(eq(sessions.id, input.sessionId), eq(sessions.clientId, input.clientId)))
    if (!target) return new TesseraError('session_not_found')
    const [result] = await transitionSessions(tx, { ids: [target.id], reason, now, meta })
    // Nothing changed, or a timeout got there first (and was recorded): not signed in either way.
    if (result?.reason !== reason) return new TesseraError('session_not_signed_in')
    const [updated] = await tx.select().from(sessions).where(eq(sessions.id, target.id))
    return updated ?? target
  })
  return sessionJSON(ctx, row)
}

/** `session.end()`: the session ends but stays in the client's list. */
export function endSession(ctx: Context, input: { clientId: string; sessionId: string }): Promise<SessionJSON> {
  return endClientSession(ctx, input, 'ended_by_user')
}

/** `session.remove()`: the session ends and leaves the client's list (an ended one can be removed too). */
export function removeSession(ctx: Context, input: { clientId: string; sessionId: string }): Promise<SessionJSON> {
  return endClientSession(ctx, input, 'removed_by_user')
}

/** Signs out of every signed-in session of this client. */
export async function signOutClient(ctx: Context, input: { clientId: string }): Promise<number> {
  const { db, now, meta } = ctx
  return db.transaction(async (tx) => {
    await lockClient(tx, input.clientId)
    const signedIn = await tx
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.clientId, input.clientId), inArray(sessions.status, [...SIGNED_IN_STATUSES])))
    const results = await transitionSessions(tx, {
      ids: signedIn.map((row) => row.id),
      reason: 'signed_out',
      now,
      meta,
    })
    return results.length
  })
}

/** Signs out of one session of this client (multi-session) or, without an id, of all of them. */
export async function signOut(ctx: Context, input: { clientId: string; sessionId: string | null }): Promise<void> {
  if (input.sessionId === null) await signOutClient(ctx, input)
  else await removeSession(ctx, { clientId: input.clientId, sessionId: input.sessionId })
}

// ---------------------------------------------------------------------------------------------
// The user's sessions on every device

function toDeviceSessionJSON(row: SessionRow, currentSessionId: string, now: Date): DeviceSessionJSON {
  return {
    id: row.id,
    status: effectiveStatus(row, now),
    current: row.id === currentSessionId,
    createdAt: row.createdAt.getTime(),
    lastActiveAt: row.lastActiveAt.getTime(),
    expireAt: row.expireAt.getTime(),
    abandonAt: row.abandonAt.getTime(),
    ...endOf(row, now),
    ipAddress: row.ipAddress,
    device: storedDevice(row),
    actor: row.actor ?? null,
  }
}

const devicesKeyset = keyset(sessions.lastActiveAt, sessions.id)

/**
 * The user's signed-in sessions on every device, most recently active first, DEVICES_PAGE_SIZE at
 * a time (keyset pagination on activity and id: each page costs the same however many sessions
 * the user has; a session that becomes active between two pages moves to the top, not onto a
 * second page as well). Devices are read from the row's columns, never parsed here.
 */
export async function listDeviceSessions(
  db: Database,
  input: { userId: string; currentSessionId: string; now: Date; cursor?: KeysetPosition | null },
): Promise<DevicesPage> {
  const signedIn = and(eq(sessions.userId, input.userId), inArray(sessions.status, [...SIGNED_IN_STATUSES]))
  const [rows, [count]] = await Promise.all([
    db
      .select({ ...getTableColumns(sessions), keysetAtUs: devicesKeyset.atUs })
      .from(sessions)
      .where(and(signedIn, devicesKeyset.after(input.cursor)))
      .orderBy(...devicesKeyset.orderBy)
      .limit(DEVICES_PAGE_SIZE + 1),
    db.select({ total: sql<number>`count(*)::int` }).from(sessions).where(signedIn),
  ])
  const page = keysetPage(rows, DEVICES_PAGE_SIZE)
  return {
    sessions: page.rows
      .filter((row) => isSignedInStatus(effectiveStatus(row, input.now)))
      .map((row) => toDeviceSessionJSON(row, input.currentSessionId, input.now)),
    nextCursor: page.nextCursor,
    total: count?.total ?? 0,
  }
}

/**
 * Revokes one of the user's sessions on another device. The session is signed out at its next
 * request. This device's own session is signed out with sign-out instead.
 */
export async function revokeUserSession(
  ctx: Context,
  input: { userId: string; sessionId: string; currentSessionId: string },
): Promise<void> {
  if (input.sessionId === input.currentSessionId) throw new TesseraError('session_is_current')
  const { db, now, meta } = ctx
  await committing(db, async (tx) => {
    const [target] = await tx
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.id, input.sessionId), eq(sessions.userId, input.userId)))
    if (!target) return new TesseraError('session_not_found')
    const [result] = await transitionSessions(tx, { ids: [target.id], reason: 'revoked_by_user', now, meta })
    if (result?.reason !== 'revoked_by_user') return new TesseraError('session_not_signed_in')
    return undefined
  })
}

/**
 * Revokes every signed-in session of the user except the current one; returns how many. The
 * reason says why: the user asked, or they changed their password or second factors.
 */
export async function revokeOtherUserSessions(
  ctx: Context,
  input: { userId: string; currentSessionId: string },
  reason: Extract<TransitionReason, 'revoked_by_user' | 'password_changed' | 'factors_changed'> = 'revoked_by_user',
): Promise<number> {
  const { db, now, meta } = ctx
  return db.transaction(async (tx) => {
    const others = await tx
      .select({ id: sessions.id })
      .from(sessions)
      .where(
        and(
          eq(sessions.userId, input.userId),
          ne(sessions.id, input.currentSessionId),
          inArray(sessions.status, sourcesFor(reason)),
        ),
      )
    const results = await transitionSessions(tx, { ids: others.map((row) => row.id), reason, now, meta })
    return results.filter((result) => result.reason === reason).length
  })
}

/** One of the user's sessions (any status, any device) with every change it went through. */
export async function sessionTimeline(
  db: Database,
  input: { userId: string; sessionId: string; currentSessionId: string; now: Date },
): Promise<SessionTimelineJSON> {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, input.sessionId), eq(sessions.userId, input.userId)))
  if (!row) throw new TesseraError('session_not_found')
  const events = await db
    .select()
    .from(sessionEvents)
    .where(eq(sessionEvents.sessionId, row.id))
    .orderBy(asc(sessionEvents.createdAt), asc(sessionEvents.id))
  const describe = userAgentReader()
  return {
    session: toDeviceSessionJSON(row, input.currentSessionId, input.now),
    events: events.map((event) => ({
      id: event.id,
      type: event.type,
      detail: event.detail,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      reason: event.reason,
      actor: event.actor,
      ipAddress: event.ipAddress,
      device: event.userAgent ? describe(event.userAgent) : null,
      createdAt: event.createdAt.getTime(),
    })),
  }
}

// ---------------------------------------------------------------------------------------------
// Tokens

export interface IssuedToken {
  jwt: string
  expiresInSeconds: number
  /** True when the session is the client's last active one (the one page loads render). */
  lastActive: boolean
}

/**
 * Mints a session token (or a template token) for a session of this client. Reads the session row,
 * so a revoked or expired session gets nothing, and counts as activity (throttled).
 *
 * `organizationId` mints for another organization than the session's (a tab acting for its own,
 * `getToken({ organizationId })`); the user must belong to it. A pending session gets its session
 * token (with `sts: pending`) but no template token: `session_pending` (ADR 026).
 */
export async function issueToken(
  ctx: Context & { mint: MintContext },
  input: { clientId: string; sessionId: string; template: string | null; organizationId?: string | null },
): Promise<IssuedToken> {
  const { db, now, meta } = ctx
  // The common case reads one row and writes nothing (activity is written at most every
  // ACTIVITY_WRITE_THROTTLE_SECONDS); anything else (a write due, a timeout to record, an unknown
  // session) takes the locked path below, which also produces the error.
  const seen = await readClientSession(db, input.clientId, input.sessionId)
  const quick =
    seen && isSignedInStatus(effectiveStatus(seen.session, now)) && !activityWriteDue(seen.session, now)
      ? { row: seen.session, lastActive: seen.lastActiveSessionId === seen.session.id }
      : null
  const { row, lastActive } =
    quick ??
    (await committing(db, async (tx) => {
      const session = await signedInClientSession(tx, input.clientId, input.sessionId, now)
      if (session instanceof TesseraError) return session
      const [client] = await tx
        .select({ lastActiveSessionId: clients.lastActiveSessionId })
        .from(clients)
        .where(eq(clients.id, input.clientId))
      return {
        row: await recordActivity(tx, session, now, meta),
        lastActive: client?.lastActiveSessionId === session.id,
      }
    }))
  const organizationId = await tokenOrganization(ctx, row, input.organizationId)
  if (input.template === null) {
    const minted = await mintSessionToken(ctx.mint, row, organizationId)
    return { jwt: minted.jwt, expiresInSeconds: minted.expiresInSeconds, lastActive }
  }
  // A pending session gets only its session token (which says `sts: pending`): template tokens
  // carry no pending marker a third-party backend would read, so they wait for the tasks (ADR 026).
  if (row.status === 'pending') throw new TesseraError('session_pending')
  const owner = (await loadUsers(db, ctx.config.access, [row.userId])).get(row.userId)
  if (!owner) throw new TesseraError('session_not_found')
  const user = toUserJSON(owner)
  const membership = user.organizationMemberships.find((candidate) => candidate.organization.id === organizationId)
  const data: TemplateData = {
    user: {
      id: user.id,
      first_name: user.firstName,
      last_name: user.lastName,
      full_name: [user.firstName, user.lastName].filter(Boolean).join(' ') || null,
      primary_email_address:
        user.emailAddresses.find((email) => email.id === user.primaryEmailAddressId)?.emailAddress ?? null,
      email_verified: user.emailAddresses.find((email) => email.id === user.primaryEmailAddressId)?.verified ?? false,
      created_at: Math.floor(user.createdAt / 1000),
    },
    session: { id: row.id, status: row.status, actor: row.actor ?? null },
    org: membership
      ? {
          id: membership.organization.id,
          name: membership.organization.name,
          slug: membership.organization.slug,
          role: membership.role,
          membership_permissions: membership.permissions,
        }
      : null,
  }
  const minted = await mintTemplateToken(ctx.mint, { template: input.template, session: row, data })
  return { jwt: minted.jwt, expiresInSeconds: minted.expiresInSeconds, lastActive }
}

/** The organization a token is for: the session's, or the one asked for if the user belongs to it. */
async function tokenOrganization(
  ctx: Context,
  session: SessionRow,
  requested: string | null | undefined,
): Promise<string | null> {
  if (requested === undefined || requested === session.lastActiveOrganizationId) return session.lastActiveOrganizationId
  if (requested === null) {
    if (ctx.config.tasks.requireOrganization) throw new TesseraError('personal_account_not_allowed')
    return null
  }
  if (!(await findMembership(ctx.db, session.userId, requested))) throw new TesseraError('organization_not_found')
  return requested
}
