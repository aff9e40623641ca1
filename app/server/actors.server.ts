/**
 * Impersonation and agent sessions (docs/reference.md#impersonation-and-agents, security.md
 * VULN-09): actor tokens are made here, redeemed here, and impersonations stopped here.
 *
 * - An actor token is a single-use link secret; only its SHA-256 is stored, and redeeming it is one
 *   conditional UPDATE, so of any number of concurrent redemptions exactly one wins.
 * - Redeeming creates a session in a fresh client (never added to a browser's existing sign-ins),
 *   whose `actor` becomes the JWT's `act`. The session owes no tasks (they are the user's to do)
 *   and is time-boxed: impersonation 10 min idle / 30 min in all, an agent at most an hour.
 * - Someone acting as a user passes no step-up and reaches no admin function (see
 *   `assertReverified` and `requireAdmin`), so impersonations cannot be chained.
 */

import { and, count, desc, eq, gt, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { actorTokens, users } from '../../db/schema.ts'
import {
  ACTOR_TOKEN_TTL_BY_KIND_SECONDS,
  type ActorJSON,
  type ActorTokenKind,
  actorSessionLimits,
  actorTokenState,
  agentSubject,
  isImpersonation,
} from '../session/actors.ts'
import { type AdminRole, impersonationRefusal } from '../session/admin.ts'
import { TesseraError } from '../session/errors.ts'
import { IMPERSONATION_MAX_LIFETIME_SECONDS, MAX_PENDING_AGENT_TASKS_PER_USER } from '../session/policy.ts'
import { BEARER_SECRET_PATTERN } from '../session/transport.ts'
import type { ActorTokenJSON } from '../session/wire.ts'
import type { SignedIn } from './auth.server.ts'
import { newClientToken, newId, sha256Hex } from './crypto.server.ts'
import { appendLedger } from './ledger.server.ts'
import type { ServiceContext } from './service-context.server.ts'
import {
  createClient,
  createSession,
  type SessionRow,
  setLastActiveSession,
  transitionSessions,
} from './session-store.server.ts'
import { initialSessionState } from './tasks.server.ts'

type ActorTokenRow = typeof actorTokens.$inferSelect

/** A new link: its secret exists only in `url` (in the fragment, never sent to a server by a browser). */
export interface CreatedActorToken {
  actorToken: ActorTokenJSON
  url: string
}

function toActorTokenJSON(row: ActorTokenRow, now: Date): ActorTokenJSON {
  return {
    id: row.id,
    kind: row.kind,
    state: actorTokenState(row, now),
    userId: row.userId,
    actor: row.actor,
    reason: row.reason,
    sessionMaxDurationSeconds: row.sessionMaxDurationSeconds,
    createdAt: row.createdAt.getTime(),
    expiresAt: row.expiresAt.getTime(),
    acceptedAt: row.acceptedAt?.getTime() ?? null,
    sessionId: row.sessionId,
  }
}

const displayName = (user: { firstName: string | null; lastName: string | null }, fallback: string) =>
  [user.firstName, user.lastName].filter(Boolean).join(' ') || fallback

/**
 * What decides whether a user may be signed in as. `lock` takes a share lock on the row, as a
 * sign-in does, so a ban either commits first (and is seen) or waits and revokes the new session.
 */
async function userFacts(db: Database, userId: string, lock = false) {
  const query = db
    .select({
      id: users.id,
      firstName: users.firstName,
      lastName: users.lastName,
      adminRole: users.adminRole,
      bannedAt: users.bannedAt,
    })
    .from(users)
    .where(eq(users.id, userId))
  const [user] = lock ? await query.for('share') : await query
  return user ?? null
}

/** Throws `impersonation_refused` with the reason, unless `adminId` may impersonate `targetId` now. */
async function assertMayImpersonate(
  db: Database,
  adminId: string,
  adminRole: AdminRole | null,
  targetId: string,
  lock = false,
) {
  const target = await userFacts(db, targetId, lock)
  if (!target) throw new TesseraError('user_not_found')
  const refusal = impersonationRefusal({
    adminId,
    adminRole,
    adminIsImpersonated: false,
    target: { id: target.id, adminRole: target.adminRole, banned: target.bannedAt !== null },
  })
  if (refusal) throw new TesseraError('impersonation_refused', { meta: { reason: refusal } })
  return target
}

async function insertActorToken(
  ctx: ServiceContext,
  tx: Database,
  values: Pick<ActorTokenRow, 'kind' | 'userId' | 'actor' | 'reason' | 'createdBy' | 'sessionMaxDurationSeconds'> & {
    id: string
    redirectUrl: string
  },
): Promise<CreatedActorToken> {
  const secret = newClientToken()
  const [row] = await tx
    .insert(actorTokens)
    .values({
      ...values,
      tokenHash: sha256Hex(secret),
      status: 'pending',
      createdAt: ctx.now,
      expiresAt: new Date(ctx.now.getTime() + ACTOR_TOKEN_TTL_BY_KIND_SECONDS[values.kind] * 1000),
    })
    .returning()
  if (!row) throw new Error('insert into actor_tokens returned no row')
  return { actorToken: toActorTokenJSON(row, ctx.now), url: `${ctx.origin}/act#token=${secret}` }
}

/**
 * An impersonation link for `input.userId`, made by an admin from their own (unimpersonated)
 * session. The reason is required and goes to the ledger; the `act` claim names the admin, their
 * session and their name (shown to the user on their devices page).
 */
export async function createImpersonationToken(
  ctx: ServiceContext,
  admin: { id: string; role: AdminRole; sessionId: string },
  input: { userId: string; reason: string; redirectUrl: string },
): Promise<CreatedActorToken> {
  const target = await assertMayImpersonate(ctx.db, admin.id, admin.role, input.userId)
  const adminUser = await userFacts(ctx.db, admin.id)
  const id = newId('actorToken')
  const actor: ActorJSON = {
    sub: admin.id,
    sid: admin.sessionId,
    iss: ctx.origin,
    name: displayName(adminUser ?? { firstName: null, lastName: null }, admin.id),
  }
  return ctx.db.transaction(async (tx) => {
    const created = await insertActorToken(ctx, tx, {
      id,
      kind: 'impersonation',
      userId: target.id,
      actor,
      reason: input.reason,
      createdBy: admin.id,
      sessionMaxDurationSeconds: IMPERSONATION_MAX_LIFETIME_SECONDS,
      redirectUrl: input.redirectUrl,
    })
    await appendLedger(
      tx,
      [
        {
          type: 'actor_token_created',
          sessionId: admin.sessionId,
          userId: target.id,
          actor: 'admin',
          actorUserId: admin.id,
          detail: `Impersonation: ${input.reason}`,
          meta: ctx.meta,
        },
      ],
      ctx.now,
    )
    return created
  })
}

/**
 * An agent link: a named program will act for the user (themself the creator) for one task, for at
 * most `maxDurationSeconds`. The user sees and can revoke the agent's session on their devices page.
 */
export async function createAgentTask(
  ctx: ServiceContext,
  creator: { userId: string; sessionId: string },
  input: { agentName: string; taskDescription: string; maxDurationSeconds: number | null; redirectUrl: string },
): Promise<CreatedActorToken> {
  const id = newId('actorToken')
  return ctx.db.transaction(async (tx) => {
    // Serialise one user's link creation, so the cap holds under concurrent requests.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, creator.userId)).for('update')
    const [pending] = await tx
      .select({ value: count() })
      .from(actorTokens)
      .where(
        and(
          eq(actorTokens.userId, creator.userId),
          eq(actorTokens.kind, 'agent'),
          eq(actorTokens.status, 'pending'),
          gt(actorTokens.expiresAt, ctx.now),
        ),
      )
    if ((pending?.value ?? 0) >= MAX_PENDING_AGENT_TASKS_PER_USER) {
      throw new TesseraError('too_many_agent_tasks', { meta: { limit: MAX_PENDING_AGENT_TASKS_PER_USER } })
    }
    const limits = actorSessionLimits('agent', input.maxDurationSeconds)
    const created = await insertActorToken(ctx, tx, {
      id,
      kind: 'agent',
      userId: creator.userId,
      actor: { sub: agentSubject(input.agentName), type: 'agent', name: input.agentName, task_id: id },
      reason: input.taskDescription,
      createdBy: creator.userId,
      sessionMaxDurationSeconds: limits.maxLifetimeSeconds ?? 0,
      redirectUrl: input.redirectUrl,
    })
    await appendLedger(
      tx,
      [
        {
          type: 'actor_token_created',
          sessionId: creator.sessionId,
          userId: creator.userId,
          actor: 'user',
          actorUserId: creator.userId,
          detail: `Agent "${input.agentName}": ${input.taskDescription}`,
          meta: ctx.meta,
        },
      ],
      ctx.now,
    )
    return created
  })
}

/** Why a token that could not be redeemed could not be. */
async function redemptionFailure(db: Database, tokenHash: string, now: Date): Promise<TesseraError> {
  const [row] = await db.select().from(actorTokens).where(eq(actorTokens.tokenHash, tokenHash))
  if (!row) return new TesseraError('actor_token_not_found')
  const state = actorTokenState(row, now)
  if (state === 'accepted') return new TesseraError('actor_token_used')
  if (state === 'revoked') return new TesseraError('actor_token_revoked')
  return new TesseraError('actor_token_expired')
}

export interface Redeemed {
  signedIn: SignedIn
  kind: ActorTokenKind
  redirectUrl: string
}

/**
 * Redeems a link: consumes the token (once, whoever races), checks again that it may still be
 * used (the admin may have lost their role, the user may have been banned since), and creates the
 * actor's session in a new client. The caller puts the new client's token in the browser.
 */
export async function redeemActorToken(ctx: ServiceContext, secret: string): Promise<Redeemed> {
  if (!BEARER_SECRET_PATTERN.test(secret)) throw new TesseraError('actor_token_not_found')
  const tokenHash = sha256Hex(secret)
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(actorTokens)
      .set({ status: 'accepted', acceptedAt: ctx.now })
      .where(
        and(
          eq(actorTokens.tokenHash, tokenHash),
          eq(actorTokens.status, 'pending'),
          gt(actorTokens.expiresAt, ctx.now),
        ),
      )
      .returning()
    if (!row) throw await redemptionFailure(tx, tokenHash, ctx.now)

    if (row.kind === 'impersonation') {
      const creator = row.createdBy ? await userFacts(tx, row.createdBy) : null
      if (!creator) throw new TesseraError('impersonation_refused', { meta: { reason: 'forbidden' } })
      await assertMayImpersonate(tx, creator.id, creator.adminRole, row.userId, true)
    } else {
      const user = await userFacts(tx, row.userId, true)
      if (!user) throw new TesseraError('user_not_found')
      if (user.bannedAt) throw new TesseraError('user_banned')
    }

    const { client, token } = await createClient(tx, ctx.now)
    const { organizationId } = await initialSessionState(ctx, tx, row.userId)
    const session = await createSession(
      tx,
      {
        clientId: client.id,
        userId: row.userId,
        tasks: [],
        organizationId,
        limits: actorSessionLimits(row.kind, row.sessionMaxDurationSeconds),
        firstFactorVerifiedAt: null,
        secondFactorVerifiedAt: null,
        strategies: row.kind === 'impersonation' ? 'impersonation' : 'agent',
        actor: row.actor,
      },
      ctx.now,
      ctx.meta,
    )
    await setLastActiveSession(tx, client.id, session.id, ctx.now)
    await tx.update(actorTokens).set({ sessionId: session.id }).where(eq(actorTokens.id, row.id))
    if (row.kind === 'impersonation') {
      await appendLedger(
        tx,
        [
          {
            type: 'impersonation_started',
            sessionId: session.id,
            userId: row.userId,
            actor: 'admin',
            actorUserId: row.createdBy,
            impersonatorId: row.actor.sub,
            detail: row.reason,
            meta: ctx.meta,
          },
        ],
        ctx.now,
      )
    }
    return { signedIn: { session, clientId: client.id, token }, kind: row.kind, redirectUrl: row.redirectUrl }
  })
}

/**
 * Ends an impersonation from inside it: signs the impersonation's client out (the session becomes
 * `removed`, attributed to the admin) and records the stop. The caller restores the admin's own
 * client in the browser.
 */
export async function stopImpersonation(
  ctx: ServiceContext,
  input: { clientId: string; session: SessionRow },
): Promise<{ userId: string }> {
  const { session } = input
  if (!isImpersonation(session.actor)) throw new TesseraError('not_impersonating')
  await ctx.db.transaction(async (tx) => {
    await transitionSessions(tx, { ids: [session.id], reason: 'signed_out', now: ctx.now, meta: ctx.meta })
    await appendLedger(
      tx,
      [
        {
          type: 'impersonation_stopped',
          sessionId: session.id,
          userId: session.userId,
          actor: 'admin',
          actorUserId: session.actor?.sub ?? null,
          impersonatorId: session.actor?.sub ?? null,
          meta: ctx.meta,
        },
      ],
      ctx.now,
    )
  })
  return { userId: session.userId }
}

/** The user's agent links, newest first (for their devices page), or an admin's view of a user's tokens. */
export async function listActorTokens(ctx: ServiceContext, userId: string, kind?: ActorTokenKind) {
  const rows = await ctx.db
    .select()
    .from(actorTokens)
    .where(and(eq(actorTokens.userId, userId), kind ? eq(actorTokens.kind, kind) : sql`true`))
    .orderBy(desc(actorTokens.createdAt))
    .limit(50)
  return rows.map((row) => toActorTokenJSON(row, ctx.now))
}

/**
 * Revokes a link that has not been used: by the user it would sign in (their agent links), or by
 * the admin who made it. A used link is refused (`actor_token_not_revocable`): revoke its session.
 */
export async function revokeActorToken(
  ctx: ServiceContext,
  by: { userId: string; sessionId: string },
  tokenId: string,
): Promise<ActorTokenJSON> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(actorTokens).where(eq(actorTokens.id, tokenId)).for('update')
    if (!row || (row.userId !== by.userId && row.createdBy !== by.userId)) {
      throw new TesseraError('actor_token_not_found')
    }
    if (actorTokenState(row, ctx.now) !== 'pending') throw new TesseraError('actor_token_not_revocable')
    const [revoked] = await tx
      .update(actorTokens)
      .set({ status: 'revoked', revokedAt: ctx.now })
      .where(eq(actorTokens.id, row.id))
      .returning()
    await appendLedger(
      tx,
      [
        {
          type: 'actor_token_revoked',
          sessionId: by.sessionId,
          userId: row.userId,
          actor: row.userId === by.userId ? 'user' : 'admin',
          actorUserId: by.userId,
          detail: row.kind === 'agent' ? `Agent "${String(row.actor.name ?? row.actor.sub)}"` : 'Impersonation',
          meta: ctx.meta,
        },
      ],
      ctx.now,
    )
    return toActorTokenJSON(revoked ?? row, ctx.now)
  })
}
