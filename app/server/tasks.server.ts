/**
 * Session tasks on the server: which tasks a new session owes, completing them (in order, and only
 * once what they ask for is really done), and adding one to signed-in sessions when a requirement
 * appears later (the organization a session acted for is gone while organizations are required).
 *
 * The rules themselves are pure (app/session/tasks.ts); this module gathers their facts.
 */

import { and, desc, eq, inArray } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { organizationMemberships, passwordCredentials, sessions, users } from '../../db/schema.ts'
import { TesseraError } from '../session/errors.ts'
import { type SessionStatus, SIGNED_IN_STATUSES } from '../session/status.ts'
import {
  completeTask,
  isTaskOwed,
  owedTasks,
  SESSION_TASK_KEYS,
  type SessionTaskKey,
  type TaskFacts,
} from '../session/tasks.ts'
import { findMembership } from './memberships.server.ts'
import type { ServiceContext } from './service-context.server.ts'
import { NO_META, type SessionRow, transitionSessions } from './session-store.server.ts'
import { enrolledFactors } from './users.server.ts'

type Context = Pick<ServiceContext, 'db' | 'now' | 'meta' | 'config'>

/** The facts the task rules read, for `userId` acting for `organizationId`. */
export async function taskFacts(db: Database, userId: string, organizationId: string | null): Promise<TaskFacts> {
  const [[account], factors, membership] = await Promise.all([
    db
      .select({ acceptedTermsVersion: users.acceptedTermsVersion, compromisedAt: passwordCredentials.compromisedAt })
      .from(users)
      .leftJoin(passwordCredentials, eq(passwordCredentials.userId, users.id))
      .where(eq(users.id, userId)),
    enrolledFactors(db, userId),
    organizationId ? findMembership(db, userId, organizationId) : null,
  ])
  return {
    passwordCompromised: account?.compromisedAt != null,
    hasSecondFactor: factors.totp || factors.secondFactorPhoneCount > 0,
    acceptedTermsVersion: account?.acceptedTermsVersion ?? null,
    activeOrganizationId: membership ? organizationId : null,
  }
}

/**
 * The organization a new session starts out acting for: the one the user's most recent session
 * acted for (the personal account if that is what they last chose), provided they still belong to
 * it; failing that, when organizations are required and the user belongs to exactly one, that one.
 */
async function initialOrganization(ctx: Context, db: Database, userId: string): Promise<string | null> {
  const { enabled, allowPersonalAccounts } = ctx.config.organizations
  if (!enabled) return null
  const [latest] = await db
    .select({ organizationId: sessions.lastActiveOrganizationId })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.lastActiveAt))
    .limit(1)
  const last = latest?.organizationId ?? null
  if (last && (await findMembership(db, userId, last))) return last
  if (allowPersonalAccounts) return null
  const only = await db
    .select({ organizationId: organizationMemberships.organizationId })
    .from(organizationMemberships)
    .where(eq(organizationMemberships.userId, userId))
    .limit(2)
  return only.length === 1 ? (only[0]?.organizationId ?? null) : null
}

/** How a new session for `userId` starts: the organization it acts for and the tasks it owes. */
export async function initialSessionState(
  ctx: Context,
  db: Database,
  userId: string,
): Promise<{ organizationId: string | null; tasks: SessionTaskKey[] }> {
  const organizationId = await initialOrganization(ctx, db, userId)
  return { organizationId, tasks: owedTasks(ctx.config.tasks, await taskFacts(db, userId, organizationId)) }
}

/**
 * Completes `key` on a locked, signed-in session: refused unless it is the session's current task
 * and what it asks for is done. Tasks after it that are no longer owed go too; with none left, the
 * session becomes active in place (the ledger records `tasks_resolved`). Returns the session as it
 * now stands. Call inside the transaction that did the task's work.
 */
export async function resolveTask(
  ctx: Context,
  tx: Database,
  session: SessionRow,
  key: SessionTaskKey,
): Promise<SessionRow> {
  const outcome = completeTask(session.tasks, key)
  if ('error' in outcome) {
    throw new TesseraError(outcome.error, { meta: { task: key, currentTask: session.tasks[0] ?? null } })
  }
  const facts = await taskFacts(tx, session.userId, session.lastActiveOrganizationId)
  if (isTaskOwed(key, ctx.config.tasks, facts)) throw new TesseraError('task_incomplete', { meta: { task: key } })
  const remaining = outcome.remaining.filter((later) => isTaskOwed(later, ctx.config.tasks, facts))
  if (remaining.length === 0) {
    await transitionSessions(tx, { ids: [session.id], reason: 'tasks_resolved', now: ctx.now, meta: ctx.meta })
  } else {
    await tx.update(sessions).set({ tasks: remaining, updatedAt: ctx.now }).where(eq(sessions.id, session.id))
  }
  const [updated] = await tx.select().from(sessions).where(eq(sessions.id, session.id))
  return updated ?? session
}

/**
 * After what `key` asks for was done outside the sessions that owe it (a password reset at sign-in
 * replaces the compromised password): every signed-in session of the user that owes it stops
 * owing it, and one with nothing left becomes active. Call inside the transaction that did the work.
 */
export async function resolveTaskEverywhere(
  ctx: Context,
  tx: Database,
  userId: string,
  key: SessionTaskKey,
): Promise<number> {
  const owing = await tx
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), inArray(sessions.status, [...SIGNED_IN_STATUSES])))
    .for('update')
  let resolved = 0
  for (const row of owing.filter((candidate) => candidate.tasks.includes(key))) {
    if (row.tasks[0] === key) await resolveTask(ctx, tx, row, key)
    else {
      const tasks = row.tasks.filter((candidate) => candidate !== key)
      await tx.update(sessions).set({ tasks, updatedAt: ctx.now }).where(eq(sessions.id, row.id))
    }
    resolved += 1
  }
  return resolved
}

/**
 * Adds `key` to the signed-in sessions among `sessionIds` that do not owe it yet: active ones
 * become pending (`task_required`); pending ones owe it in its place in the registry order.
 */
export async function addTaskToSessions(db: Database, sessionIds: readonly string[], key: SessionTaskKey, now: Date) {
  if (sessionIds.length === 0) return
  const rows = await db
    .select({ id: sessions.id, status: sessions.status, tasks: sessions.tasks })
    .from(sessions)
    .where(and(inArray(sessions.id, [...sessionIds]), inArray(sessions.status, [...SIGNED_IN_STATUSES])))
    .for('update')
  const byStatus = (status: SessionStatus) => rows.filter((row) => row.status === status && !row.tasks.includes(key))
  await transitionSessions(db, {
    ids: byStatus('active').map((row) => row.id),
    reason: 'task_required',
    tasks: [key],
    now,
    meta: NO_META,
  })
  for (const row of byStatus('pending')) {
    const tasks = SESSION_TASK_KEYS.filter((candidate) => candidate === key || row.tasks.includes(candidate))
    await db.update(sessions).set({ tasks, updatedAt: now }).where(eq(sessions.id, row.id))
  }
}

/**
 * After a user stops belonging to an organization (removed, left, or it was deleted): their
 * sessions acting for it act for nobody, and where organizations are required they owe the
 * `choose-organization` task again.
 */
export async function organizationLost(
  ctx: Context,
  tx: Database,
  organizationId: string,
  userIds?: readonly string[],
) {
  const affected = await tx
    .update(sessions)
    .set({ lastActiveOrganizationId: null, updatedAt: ctx.now })
    .where(
      and(
        eq(sessions.lastActiveOrganizationId, organizationId),
        userIds ? inArray(sessions.userId, [...userIds]) : undefined,
      ),
    )
    .returning({ id: sessions.id })
  if (!ctx.config.tasks.requireOrganization) return
  await addTaskToSessions(
    tx,
    affected.map((row) => row.id),
    'choose-organization',
    ctx.now,
  )
}
