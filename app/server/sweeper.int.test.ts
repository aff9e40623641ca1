/**
 * The sweeper's retention and fairness, with an injected clock, on a database of its own (it
 * deletes sessions other files would still look at). Guards: a session is deleted
 * TERMINAL_SESSION_RETENTION_SECONDS after it stopped being signed in and not a second sooner,
 * never while signed in, and its ledger entries outlive it; a browser goes once it holds no session
 * and its cookie has expired, and signing in there again simply makes a new one; invitations and
 * actor tokens go a retention period after they expire; a backlog in one table does not keep a run
 * from the others, and the run says a backlog is left (security.md REL-06).
 */

import { randomUUID } from 'node:crypto'
import { asc, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import {
  accountUnlockTokens,
  actorTokens,
  clients,
  identifierLockouts,
  organizationInvitations,
  organizations,
  outboxMessages,
  rateLimitBuckets,
  sessionEvents,
  sessions,
} from '../../db/schema.ts'
import { authFixtures, T0 } from '../../test/support/auth-fixtures.ts'
import { openIsolatedDatabase } from '../../test/support/database.ts'
import { findSessionRow } from '../../test/support/sessions.ts'
import {
  CLIENT_COOKIE_MAX_AGE_SECONDS,
  EXPIRED_LINK_RETENTION_SECONDS,
  IDENTIFIER_LOCKOUT_RETENTION_SECONDS,
  TERMINAL_SESSION_RETENTION_SECONDS,
} from '../session/policy.ts'
import { endSession, removeSession } from './sessions.server.ts'
import { SWEEP_MAX_BATCHES_PER_RUN, sweep } from './sweeper.server.ts'

const { db } = await openIsolatedDatabase('sweeper')
const { context, signIn, signUp } = authFixtures(db)

const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000)
const RETENTION = TERMINAL_SESSION_RETENTION_SECONDS
const eventsOf = (id: string) =>
  db.select().from(sessionEvents).where(eq(sessionEvents.sessionId, id)).orderBy(asc(sessionEvents.id))

describe('sessions that stopped being signed in', () => {
  it('are deleted a retention period after they ended, not sooner, and their ledger stays', async () => {
    const ended = await signUp()
    const removed = await signUp()
    const kept = await signUp()
    await endSession(context(at(T0, 10)), { clientId: ended.clientId, sessionId: ended.session.id })
    await removeSession(context(at(T0, 10)), { clientId: removed.clientId, sessionId: removed.session.id })
    const history = await eventsOf(ended.session.id)
    expect(history.map((event) => event.toStatus)).toEqual(['active', 'ended'])

    // A second before the retention ends: both still there. `kept` timed out (7 days) and is recorded now.
    const justBefore = at(T0, 10 + RETENTION - 1)
    await sweep(db, justBefore)
    expect((await findSessionRow(db, ended.session.id))?.status).toBe('ended')
    expect((await findSessionRow(db, removed.session.id))?.status).toBe('removed')
    expect(await findSessionRow(db, kept.session.id)).toMatchObject({ status: 'expired', endedAt: justBefore })

    const report = await sweep(db, at(T0, 10 + RETENTION + 1))
    expect(report.purged).toBe(2)
    expect(await findSessionRow(db, ended.session.id)).toBeUndefined()
    expect(await findSessionRow(db, removed.session.id)).toBeUndefined()
    // Ended by the sweep a moment ago: kept for its own retention period.
    expect((await findSessionRow(db, kept.session.id))?.status).toBe('expired')
    // The audit trail survives the row, and the client no longer points at it.
    expect(await eventsOf(ended.session.id)).toEqual(history)
    const [client] = await db.select().from(clients).where(eq(clients.id, ended.clientId))
    expect(client?.lastActiveSessionId).toBeNull()

    await sweep(db, at(justBefore, RETENTION + 1))
    expect(await findSessionRow(db, kept.session.id)).toBeUndefined()
    expect((await eventsOf(kept.session.id)).map((event) => event.toStatus)).toEqual(['active', 'expired'])
  })

  it('are never deleted while signed in, however old', async () => {
    const base = new Date('2029-01-01T00:00:00Z')
    const { session } = await signUp({ now: base, config: { sessions: { lifetime: 'aal3' } } })
    // Signed in long ago, its timeout never recorded, and a sweep long after: recorded, not deleted.
    const report = await sweep(db, at(base, 10 * RETENTION))
    expect(report.abandoned).toBeGreaterThanOrEqual(1)
    expect((await findSessionRow(db, session.id))?.status).toBe('abandoned')
  })
})

describe('browsers and links', () => {
  const clientRow = async (id: string) => (await db.select().from(clients).where(eq(clients.id, id)))[0]

  it('a browser is deleted once it holds no session and its cookie has expired; signing in there again makes a new one', async () => {
    const base = new Date('2040-01-01T00:00:00Z')
    const gone = await signUp({ now: base })
    const kept = await signUp({ now: base })
    await endSession(context(base), { clientId: gone.clientId, sessionId: gone.session.id })
    await endSession(context(base), { clientId: kept.clientId, sessionId: kept.session.id })
    // The other browser is as old, but its session ended only just before the cookie expired: kept.
    const expired = at(base, CLIENT_COOKIE_MAX_AGE_SECONDS + 1)
    await db
      .update(sessions)
      .set({ endedAt: at(expired, -60) })
      .where(eq(sessions.id, kept.session.id))

    // A second before its cookie expires: its session is long deleted, the browser is still there.
    await sweep(db, at(base, CLIENT_COOKIE_MAX_AGE_SECONDS - 1))
    expect(await findSessionRow(db, gone.session.id)).toBeUndefined()
    expect(await clientRow(gone.clientId)).toBeDefined()

    // After it: deleted; the other browser still holds a session.
    const report = await sweep(db, expired)
    expect(report.byTable.stale_clients).toBeGreaterThanOrEqual(1)
    expect(await clientRow(gone.clientId)).toBeUndefined()
    expect(await clientRow(kept.clientId)).toBeDefined()

    // The browser still sending that cookie signs in as a new browser.
    const again = await signIn({ email: gone.email, clientToken: gone.token, now: expired })
    expect(again.clientId).not.toBe(gone.clientId)
    expect((await findSessionRow(db, again.session.id))?.status).toBe('active')
  })

  it('invitations and actor tokens are deleted a retention period after they expire, used or not', async () => {
    const base = new Date('2045-01-01T00:00:00Z')
    const { userId } = await signUp({ now: base })
    await db
      .insert(organizations)
      .values({ id: 'org_retention', name: 'Retention', slug: 'retention', createdAt: base, updatedAt: base })
    const invitation = (id: string, status: 'pending' | 'accepted', expiresAt: Date) => ({
      id,
      organizationId: 'org_retention',
      emailAddress: `${id}@example.com`,
      role: 'org:member',
      tokenHash: id,
      status,
      createdAt: base,
      expiresAt,
    })
    const link = (id: string, status: 'pending' | 'accepted', expiresAt: Date) => ({
      id,
      kind: 'agent' as const,
      tokenHash: id,
      status,
      userId,
      actor: { sub: 'agent_retention', type: 'agent' as const },
      reason: 'retention',
      sessionMaxDurationSeconds: 600,
      redirectUrl: '/',
      createdAt: base,
      expiresAt,
    })
    const old = at(base, -1)
    const recent = at(base, 2)
    await db
      .insert(organizationInvitations)
      .values([invitation('inv_used', 'accepted', old), invitation('inv_left', 'pending', recent)])
    await db.insert(actorTokens).values([link('act_used', 'accepted', old), link('act_left', 'pending', recent)])

    await sweep(db, at(base, EXPIRED_LINK_RETENTION_SECONDS))
    const invitationIds = async () =>
      (await db.select({ id: organizationInvitations.id }).from(organizationInvitations)).map((row) => row.id)
    const tokenIds = async () => (await db.select({ id: actorTokens.id }).from(actorTokens)).map((row) => row.id)
    expect(await invitationIds()).toEqual(['inv_left'])
    expect(await tokenIds()).toEqual(['act_left'])

    await sweep(db, at(recent, EXPIRED_LINK_RETENTION_SECONDS))
    expect(await invitationIds()).toEqual([])
    expect(await tokenIds()).toEqual([])
  })
})

describe('a run', () => {
  it('sweeps every table even when one has more than a run can take, and says a backlog is left', async () => {
    const base = new Date('2035-01-01T00:00:00Z')
    const batchSize = 2
    const backlog = SWEEP_MAX_BATCHES_PER_RUN * batchSize + 10
    // Codes come before rate limits, outbox and sessions in each round.
    await db.execute(sql`
      insert into verification_codes (id, purpose, channel, strategy, destination, code_hash, created_at, expires_at)
      select 'code_backlog_' || i, 'sign_in_first_factor', 'email', 'email_code', 'x@example.com', 'h',
             ${base.toISOString()}::timestamptz, ${base.toISOString()}::timestamptz
      from generate_series(1, ${backlog}::int) as i`)
    await db.insert(rateLimitBuckets).values({ key: 'fairness', windowStartedAt: base, hits: 1, expiresAt: base })
    const [message] = await db
      .insert(outboxMessages)
      .values({ channel: 'email', recipient: 'fairness@example.com', body: 'b', createdAt: base })
      .returning()
    const { clientId, session } = await signUp({ now: base })
    await endSession(context(base), { clientId, sessionId: session.id })

    const now = at(base, RETENTION + 1)
    const first = await sweep(db, now, batchSize)
    expect(first.batches).toBe(SWEEP_MAX_BATCHES_PER_RUN)
    expect(first.backlog).toBe(true)
    expect(first.largestBatch).toBe(batchSize)
    expect(await db.select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, 'fairness'))).toEqual([])
    expect(
      await db
        .select()
        .from(outboxMessages)
        .where(eq(outboxMessages.id, message?.id ?? -1)),
    ).toEqual([])
    expect(await findSessionRow(db, session.id)).toBeUndefined()

    let runs = 1
    for (let report = first; report.backlog; runs++) report = await sweep(db, now, batchSize)
    expect(runs).toBeGreaterThan(1)
    const [left] = (await db.execute(
      sql`select count(*)::int as n from verification_codes where id like 'code_backlog_%'`,
    )) as unknown as Array<{ n: number }>
    expect(left?.n).toBe(0)
  })
})

describe('lockout rows (docs/decisions/024-impersonation-and-lockout.md)', () => {
  it('forgets an unknown identifier’s quiet count (never while locked) and unlock links once their lock ends', async () => {
    const base = at(T0, 50 * 86_400)
    const quiet = `quiet-${randomUUID()}`
    const locked = `locked-${randomUUID()}`
    const recent = `recent-${randomUUID()}`
    const old = at(base, -IDENTIFIER_LOCKOUT_RETENTION_SECONDS - 1)
    await db.insert(identifierLockouts).values([
      { identifierHash: quiet, failedVerificationAttempts: 4, lockedUntil: null, updatedAt: old },
      { identifierHash: locked, failedVerificationAttempts: 10, lockedUntil: at(base, 60), updatedAt: old },
      { identifierHash: recent, failedVerificationAttempts: 4, lockedUntil: null, updatedAt: at(base, -60) },
    ])
    const user = await signUp()
    await db.insert(accountUnlockTokens).values([
      { tokenHash: `ended-${randomUUID()}`, userId: user.userId, createdAt: old, expiresAt: at(base, -1) },
      { tokenHash: `live-${randomUUID()}`, userId: user.userId, createdAt: old, expiresAt: at(base, 60) },
    ])
    await sweep(db, base)
    const kept = await db.select({ key: identifierLockouts.identifierHash }).from(identifierLockouts)
    expect(kept.map((row) => row.key)).toEqual(expect.arrayContaining([locked, recent]))
    expect(kept.map((row) => row.key)).not.toContain(quiet)
    const links = await db
      .select({ key: accountUnlockTokens.tokenHash })
      .from(accountUnlockTokens)
      .where(eq(accountUnlockTokens.userId, user.userId))
    expect(links.map((row) => row.key.split('-')[0])).toEqual(['live'])
  })
})
