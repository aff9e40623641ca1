/**
 * The sweeper's retention and fairness, with an injected clock, on a database of its own (it
 * deletes sessions other files would still look at). Guards: a session is deleted
 * TERMINAL_SESSION_RETENTION_SECONDS after it stopped being signed in and not a second sooner,
 * never while signed in, and its ledger entries outlive it; a backlog in one table does not keep a
 * run from the others, and the run says a backlog is left (security.md REL-06).
 */

import { asc, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { clients, outboxMessages, rateLimitBuckets, sessionEvents, sessions } from '../../db/schema.ts'
import { authFixtures, T0 } from '../../test/auth-fixtures.ts'
import { openIsolatedDatabase } from '../../test/database.ts'
import { TERMINAL_SESSION_RETENTION_SECONDS } from '../session/policy.ts'
import { endSession, removeSession } from './sessions.server.ts'
import { SWEEP_MAX_BATCHES_PER_RUN, sweep } from './sweeper.server.ts'

const { db } = await openIsolatedDatabase('sweeper')
const { context, signUp } = authFixtures(db)

const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000)
const RETENTION = TERMINAL_SESSION_RETENTION_SECONDS
const rowOf = async (id: string) => (await db.select().from(sessions).where(eq(sessions.id, id)))[0]
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
    expect((await rowOf(ended.session.id))?.status).toBe('ended')
    expect((await rowOf(removed.session.id))?.status).toBe('removed')
    expect(await rowOf(kept.session.id)).toMatchObject({ status: 'expired', endedAt: justBefore })

    const report = await sweep(db, at(T0, 10 + RETENTION + 1))
    expect(report.purged).toBe(2)
    expect(await rowOf(ended.session.id)).toBeUndefined()
    expect(await rowOf(removed.session.id)).toBeUndefined()
    // Ended by the sweep a moment ago: kept for its own retention period.
    expect((await rowOf(kept.session.id))?.status).toBe('expired')
    // The audit trail survives the row, and the client no longer points at it.
    expect(await eventsOf(ended.session.id)).toEqual(history)
    const [client] = await db.select().from(clients).where(eq(clients.id, ended.clientId))
    expect(client?.lastActiveSessionId).toBeNull()

    await sweep(db, at(justBefore, RETENTION + 1))
    expect(await rowOf(kept.session.id)).toBeUndefined()
    expect((await eventsOf(kept.session.id)).map((event) => event.toStatus)).toEqual(['active', 'expired'])
  })

  it('are never deleted while signed in, however old', async () => {
    const base = new Date('2029-01-01T00:00:00Z')
    const { session } = await signUp({ now: base, config: { sessions: { lifetime: 'aal3' } } })
    // Signed in long ago, its timeout never recorded, and a sweep long after: recorded, not deleted.
    const report = await sweep(db, at(base, 10 * RETENTION))
    expect(report.abandoned).toBeGreaterThanOrEqual(1)
    expect((await rowOf(session.id))?.status).toBe('abandoned')
  })
})

describe('a run', () => {
  it('sweeps every table even when one has more than a run can take, and says a backlog is left', async () => {
    const base = new Date('2035-01-01T00:00:00Z')
    const batchSize = 2
    const backlog = SWEEP_MAX_BATCHES_PER_RUN * batchSize + 10
    // Codes come before rate limits, outbox and sessions in each round.
    await db.execute(sql`
      insert into verification_codes (id, purpose, channel, destination, code_hash, created_at, expires_at)
      select 'code_backlog_' || i, 'sign_in_first_factor', 'email', 'x@example.com', 'h',
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
    expect(await rowOf(session.id)).toBeUndefined()

    let runs = 1
    for (let report = first; report.backlog; runs++) report = await sweep(db, now, batchSize)
    expect(runs).toBeGreaterThan(1)
    const [left] = (await db.execute(
      sql`select count(*)::int as n from verification_codes where id like 'code_backlog_%'`,
    )) as unknown as Array<{ n: number }>
    expect(left?.n).toBe(0)
  })
})
