/**
 * Sessions and clients in the database: the hot-path lookup, creation, status transitions (each
 * recorded in the session ledger) and sliding activity. Every function takes the database (or a
 * transaction) and the current time, so tests drive the clock.
 */

import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { preparedPerDatabase } from '../../db/prepared.ts'
import { clients, sessions } from '../../db/schema.ts'
import type { ActorJSON } from '../session/actors.ts'
import type { Federation } from '../session/enterprise-sso.ts'
import type { FirstFactorStrategy } from '../session/factors.ts'
import { computeAbandonAt, initialTimes, type SessionLimits, timeoutReason } from '../session/lifetime.ts'
import { pickFallbackSession } from '../session/multi-session.ts'
import { ACTIVITY_WRITE_THROTTLE_SECONDS } from '../session/policy.ts'
import {
  isSignedInStatus,
  type SessionStatus,
  SIGNED_IN_STATUSES,
  sourcesFor,
  TRANSITIONS,
  type TransitionReason,
} from '../session/status.ts'
import type { SessionTaskKey } from '../session/tasks.ts'
import { newClientToken, newId, sha256Hex } from './crypto.server.ts'
import { announceSessions, appendLedger } from './ledger.server.ts'
import type { RequestMeta } from './request.server.ts'
import { deviceColumns } from './user-agent.server.ts'

export type SessionRow = typeof sessions.$inferSelect
export type ClientRow = typeof clients.$inferSelect

// ---------------------------------------------------------------------------------------------
// The hot path: one prepared statement finds the client by its token hash and, in the same round
// trip, the session the request acts as (the tab's, else the client's last active one).

function prepareAuthLookup(db: Database) {
  return db
    .select({ clientId: clients.id, lastActiveSessionId: clients.lastActiveSessionId, session: sessions })
    .from(clients)
    .leftJoin(
      sessions,
      and(
        eq(sessions.clientId, clients.id),
        eq(sessions.id, sql`coalesce(${sql.placeholder('sessionId')}::text, ${clients.lastActiveSessionId})`),
      ),
    )
    .where(eq(clients.tokenHash, sql.placeholder('tokenHash')))
    .limit(1)
    .prepare('tessera_auth_lookup')
}

const authLookups = new WeakMap<Database, ReturnType<typeof prepareAuthLookup>>()

export async function lookupClientSession(db: Database, token: string, requestedSessionId: string | null) {
  let lookup = authLookups.get(db)
  if (!lookup) {
    lookup = prepareAuthLookup(db)
    authLookups.set(db, lookup)
  }
  const [row] = await lookup.execute({ tokenHash: sha256Hex(token), sessionId: requestedSessionId })
  return row ?? null
}

/**
 * The client's session `sessionId`, unlocked, with whether it is the client's last active one:
 * the token endpoint's read when nothing needs writing (one prepared statement).
 */
const clientSessionLookup = preparedPerDatabase((db) =>
  db
    .select({ session: sessions, lastActiveSessionId: clients.lastActiveSessionId })
    .from(sessions)
    .innerJoin(clients, eq(clients.id, sessions.clientId))
    .where(and(eq(sessions.id, sql.placeholder('sessionId')), eq(sessions.clientId, sql.placeholder('clientId'))))
    .prepare('tessera_client_session'),
)

export async function readClientSession(db: Database, clientId: string, sessionId: string) {
  const [row] = await clientSessionLookup(db).execute({ clientId, sessionId })
  return row ?? null
}

export async function listClientSessions(db: Database, clientId: string): Promise<SessionRow[]> {
  return db.select().from(sessions).where(eq(sessions.clientId, clientId)).orderBy(desc(sessions.lastActiveAt))
}

// ---------------------------------------------------------------------------------------------
// Clients

/** A new client and the token for its cookie (only the token's hash is stored). */
export async function createClient(db: Database, now: Date): Promise<{ client: ClientRow; token: string }> {
  const token = newClientToken()
  const [client] = await db
    .insert(clients)
    .values({ id: newId('client'), tokenHash: sha256Hex(token), createdAt: now, updatedAt: now })
    .returning()
  if (!client) throw new Error('insert into clients returned no row')
  return { client, token }
}

/** Issues a new token for the client; the previous one stops working at once. */
export async function rotateClientToken(db: Database, clientId: string, now: Date): Promise<string> {
  const token = newClientToken()
  await db
    .update(clients)
    .set({ tokenHash: sha256Hex(token), updatedAt: now })
    .where(eq(clients.id, clientId))
  return token
}

/** Locks the client row for the rest of the transaction, so concurrent sign-ins and sign-outs serialise. */
export async function lockClient(db: Database, clientId: string): Promise<ClientRow | null> {
  const [client] = await db.select().from(clients).where(eq(clients.id, clientId)).for('update')
  return client ?? null
}

/** Makes `sessionId` what a reload of this client renders; writes nothing when it already is. */
export async function setLastActiveSession(db: Database, clientId: string, sessionId: string | null, now: Date) {
  await db
    .update(clients)
    .set({ lastActiveSessionId: sessionId, updatedAt: now })
    .where(and(eq(clients.id, clientId), sql`${clients.lastActiveSessionId} is distinct from ${sessionId}`))
}

/** What the latest sign-in or sign-up on this client passed first (the reference's `lastAuthenticationStrategy`). */
export async function setLastAuthenticationStrategy(db: Database, clientId: string, strategy: FirstFactorStrategy) {
  await db.update(clients).set({ lastAuthenticationStrategy: strategy }).where(eq(clients.id, clientId))
}

// ---------------------------------------------------------------------------------------------
// Sessions

export interface NewSession {
  clientId: string
  userId: string
  /** Tasks owed from the start: with any, the session begins `pending`. */
  tasks: readonly SessionTaskKey[]
  /** The organization it starts out acting for, or null (the personal account). */
  organizationId: string | null
  limits: SessionLimits
  firstFactorVerifiedAt: Date | null
  secondFactorVerifiedAt: Date | null
  /** How the session was signed in, for the ledger (`password, totp`). */
  strategies: string
  /** The impersonator or agent acting in it (its JWT's `act`); absent for the user's own sessions. */
  actor?: ActorJSON | null
  /** Signed in through an enterprise IdP: the connection and what its ID token said. */
  federation?: Federation | null
}

/** The session columns that record an enterprise SSO authentication (all null without one). */
export function federationColumns(federation: Federation | null) {
  return {
    enterpriseConnectionId: federation?.connectionId ?? null,
    federatedAuthTime: federation?.authTime ? new Date(federation.authTime * 1000) : null,
    federatedAmr: federation?.amr ?? null,
    federatedAcr: federation?.acr ?? null,
  }
}

export async function createSession(
  db: Database,
  input: NewSession,
  now: Date,
  meta: RequestMeta,
): Promise<SessionRow> {
  const [session] = await db
    .insert(sessions)
    .values({
      id: newId('session'),
      clientId: input.clientId,
      userId: input.userId,
      status: input.tasks.length > 0 ? 'pending' : 'active',
      tasks: [...input.tasks],
      lastActiveOrganizationId: input.organizationId,
      createdAt: now,
      updatedAt: now,
      ...initialTimes(now, input.limits),
      inactivityTimeoutSeconds: input.limits.inactivityTimeoutSeconds,
      firstFactorVerifiedAt: input.firstFactorVerifiedAt,
      secondFactorVerifiedAt: input.secondFactorVerifiedAt,
      actor: input.actor ?? null,
      ...federationColumns(input.federation ?? null),
      ipAddress: meta.ipAddress,
      userAgent: meta.userAgent,
      ...deviceColumns(meta.userAgent),
    })
    .returning()
  if (!session) throw new Error('insert into sessions returned no row')
  await appendLedger(
    db,
    [
      {
        type: 'created',
        sessionId: session.id,
        userId: session.userId,
        detail: input.strategies,
        toStatus: session.status,
        actor: 'user',
        actorUserId: session.userId,
        impersonatorId: session.actor?.sub ?? null,
        meta,
      },
    ],
    now,
  )
  await announceSessions(db, 'created', [session], now)
  return session
}

export interface TransitionInput {
  ids: readonly string[]
  reason: TransitionReason
  now: Date
  meta: RequestMeta
  /**
   * Who asked, when not the session's own user: an admin, or the identity whose sign-in replaced
   * it. Transitions a user causes are otherwise attributed to the session's user; the system's to
   * nobody.
   */
  actorUserId?: string | null
  /** When the session asking is impersonated or an agent's: the `act.sub` behind it. */
  impersonatorId?: string | null
  /** When a backend asked through the Backend API: the secret key it used (the ledger's actor `secret_key`). */
  secretKeyId?: string | null
  /** For a move to `pending` (`task_required`): the tasks the sessions now owe. */
  tasks?: readonly SessionTaskKey[]
}

export interface TransitionResult {
  id: string
  clientId: string
  userId: string
  actor: ActorJSON | null
  from: SessionStatus
  to: SessionStatus
  reason: TransitionReason
}

/**
 * Moves sessions to the status their `reason` leads to, recording each change in the ledger.
 *
 * Only sessions in a valid source status change. A signed-in session whose time has already passed
 * is recorded as expired or abandoned instead, so the ledger says what really ended it. Locks the
 * rows it reads; call inside a transaction when it is part of a larger change.
 */
export async function transitionSessions(db: Database, input: TransitionInput): Promise<TransitionResult[]> {
  if (input.ids.length === 0) return []
  const locked = await db
    .select({
      id: sessions.id,
      clientId: sessions.clientId,
      userId: sessions.userId,
      actor: sessions.actor,
      status: sessions.status,
      expireAt: sessions.expireAt,
      abandonAt: sessions.abandonAt,
    })
    .from(sessions)
    .where(inArray(sessions.id, [...input.ids]))
    .for('update')

  const results: TransitionResult[] = []
  for (const row of locked) {
    const reason = timeoutReason(row, input.now) ?? input.reason
    if (!sourcesFor(reason).includes(row.status)) continue
    results.push({
      id: row.id,
      clientId: row.clientId,
      userId: row.userId,
      actor: row.actor,
      from: row.status,
      to: TRANSITIONS[reason].target,
      reason,
    })
  }
  if (results.length === 0) return []

  // One UPDATE per reason (a sweep of a thousand sessions has at most two).
  for (const reason of new Set(results.map((result) => result.reason))) {
    const to = TRANSITIONS[reason].target
    const ends = !isSignedInStatus(to)
    const ids = results.filter((result) => result.reason === reason).map((result) => result.id)
    // An active session owes nothing; a pending one owes what the caller says (the schema checks both).
    const tasks = to === 'active' ? [] : to === 'pending' ? [...(input.tasks ?? [])] : undefined
    if (tasks?.length === 0 && to === 'pending') throw new Error('a move to pending names the tasks owed')
    await db
      .update(sessions)
      .set({
        status: to,
        updatedAt: input.now,
        endedAt: ends ? input.now : null,
        endReason: ends ? reason : null,
        ...(tasks && { tasks }),
      })
      .where(inArray(sessions.id, ids))
  }
  await appendLedger(
    db,
    results.map((result) => {
      const byPerson = TRANSITIONS[result.reason].actor !== 'system'
      const actor = byPerson && input.secretKeyId ? ('secret_key' as const) : TRANSITIONS[result.reason].actor
      return {
        type: 'status_changed' as const,
        sessionId: result.id,
        userId: result.userId,
        fromStatus: result.from,
        toStatus: result.to,
        reason: result.reason,
        actor,
        actorUserId: byPerson ? (input.secretKeyId ? null : (input.actorUserId ?? result.userId)) : null,
        secretKeyId: byPerson ? (input.secretKeyId ?? null) : null,
        // A session's own doing (signing out, ending) in an impersonated or agent session is the actor's too.
        impersonatorId: byPerson ? (input.impersonatorId ?? (input.actorUserId ? null : result.actor?.sub)) : null,
        meta: byPerson ? input.meta : null,
      }
    }),
    input.now,
  )
  await announceSessions(
    db,
    'status_changed',
    results.map((result) => ({ ...result, status: result.to })),
    input.now,
  )
  await repairLastActivePointers(
    db,
    results.filter((result) => !isSignedInStatus(result.to)),
    input.now,
  )
  return results
}

/**
 * When a client's active session stops being signed in, the client falls back to its most recently
 * active remaining signed-in session (or none).
 */
async function repairLastActivePointers(db: Database, ended: TransitionResult[], now: Date) {
  const clientIds = [...new Set(ended.map((result) => result.clientId))]
  for (const clientId of clientIds) {
    const client = await lockClient(db, clientId)
    if (!client?.lastActiveSessionId || !ended.some((result) => result.id === client.lastActiveSessionId)) continue
    const remaining = await db
      .select({
        id: sessions.id,
        userId: sessions.userId,
        status: sessions.status,
        lastActiveAt: sessions.lastActiveAt,
      })
      .from(sessions)
      .where(and(eq(sessions.clientId, clientId), inArray(sessions.status, [...SIGNED_IN_STATUSES])))
    await setLastActiveSession(db, clientId, pickFallbackSession(remaining)?.id ?? null, now)
  }
}

/** Persists the timeout of a session found timed out on read (the sweeper does the same in bulk). */
export async function settleTimeout(db: Database, session: SessionRow, now: Date): Promise<void> {
  const reason = timeoutReason(session, now)
  if (reason === null) return
  await db.transaction((tx) => transitionSessions(tx, { ids: [session.id], reason, now, meta: NO_META }))
}

export const NO_META: RequestMeta = { ipAddress: null, userAgent: null }

/** Whether `recordActivity` would write now: a live session whose last write is throttle-old. */
export function activityWriteDue(session: SessionRow, now: Date): boolean {
  if (!isSignedInStatus(session.status) || timeoutReason(session, now) !== null) return false
  return now.getTime() - session.lastActiveAt.getTime() >= ACTIVITY_WRITE_THROTTLE_SECONDS * 1000
}

/**
 * Records activity (touch, token mint, page load): slides `abandonAt`, at most once per
 * ACTIVITY_WRITE_THROTTLE_SECONDS per session. Returns the session as it now stands.
 */
export async function recordActivity(
  db: Database,
  session: SessionRow,
  now: Date,
  meta: RequestMeta,
): Promise<SessionRow> {
  if (!activityWriteDue(session, now)) return session
  const abandonAt = computeAbandonAt(now, session.expireAt, session.inactivityTimeoutSeconds)
  const [updated] = await db
    .update(sessions)
    .set({
      lastActiveAt: now,
      abandonAt,
      updatedAt: now,
      ipAddress: meta.ipAddress,
      userAgent: meta.userAgent,
      // Read again only when the User-Agent changed (or was never read: a row from before 0014).
      ...((meta.userAgent !== session.userAgent || session.deviceType === null) && deviceColumns(meta.userAgent)),
    })
    .where(and(eq(sessions.id, session.id), inArray(sessions.status, [...SIGNED_IN_STATUSES])))
    .returning()
  return updated ?? session
}
