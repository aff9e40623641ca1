/**
 * Session management on a real database with an injected clock. Guards: each status is reached by
 * its own cause and only by it; an operation never touches a session that is not the caller's;
 * activity slides the inactivity timeout but is throttled; the client keeps one consistent active
 * session under concurrent changes.
 */

import { asc, desc, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { clients, sessionEvents, sessions } from '../../db/schema.ts'
import { authFixtures, later, META, rejection, T0 } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import { findSessionRow } from '../../test/support/sessions.ts'
import { decodeCursor } from '../session/keyset.ts'
import { ACTIVITY_WRITE_THROTTLE_SECONDS, DEVICES_PAGE_SIZE } from '../session/policy.ts'
import type { DevicesPage } from '../session/wire.ts'
import { newId } from './crypto.server.ts'
import {
  endSession,
  listDeviceSessions,
  removeSession,
  revokeOtherUserSessions,
  revokeUserSession,
  sessionTimeline,
  setActiveSession,
  signOut,
  touchSession,
} from './sessions.server.ts'
import { sweep } from './sweeper.server.ts'

const { db } = await openTestDatabase()
const { context, signUp, signIn, auth } = authFixtures(db)

const HOUR = 3600
const eventsOf = (id: string) =>
  db.select().from(sessionEvents).where(eq(sessionEvents.sessionId, id)).orderBy(asc(sessionEvents.id))

/** One user signed in on two devices (two clients). */
async function twoDevices() {
  const laptop = await signUp()
  const phone = await signIn({ email: laptop.email, now: later(60) })
  return { laptop, phone, userId: laptop.session.userId }
}

describe('each status is reached by its own cause', () => {
  it('active: signing in', async () => {
    const { session } = await signUp()
    expect(session.status).toBe('active')
  })

  it('ended: session.end(), and the session stays on the client', async () => {
    const { clientId, session } = await signUp()
    const ended = await endSession(context(later(10)), { clientId, sessionId: session.id })
    expect(ended).toMatchObject({ status: 'ended', endReason: 'ended_by_user', endedAt: later(10).getTime() })
    expect(await findSessionRow(db, session.id)).toMatchObject({ status: 'ended', endReason: 'ended_by_user' })
  })

  it('removed: session.remove(), also of an ended session', async () => {
    const { clientId, session } = await signUp()
    await endSession(context(), { clientId, sessionId: session.id })
    const removed = await removeSession(context(), { clientId, sessionId: session.id })
    expect(removed.status).toBe('removed')
    expect((await eventsOf(session.id)).map((event) => event.toStatus)).toEqual(['active', 'ended', 'removed'])
  })

  it('revoked: revoking from another device', async () => {
    const { laptop, phone, userId } = await twoDevices()
    await revokeUserSession(context(later(120)), {
      userId,
      sessionId: phone.session.id,
      currentSessionId: laptop.session.id,
    })
    expect(await findSessionRow(db, phone.session.id)).toMatchObject({
      status: 'revoked',
      endReason: 'revoked_by_user',
    })
    expect((await auth(phone.token, later(121))).session).toBeNull()
    expect((await eventsOf(phone.session.id)).at(-1)).toMatchObject({
      actor: 'user',
      actorUserId: userId,
      ipAddress: META.ipAddress,
    })
  })

  it('expired and abandoned: time, recorded by the sweeper', async () => {
    const aal2 = { sessions: { lifetime: 'aal2' as const } }
    const idle = await signUp({ config: aal2 })
    const busy = await signUp({ config: aal2 })
    // Keep `busy` active every 50 minutes until its 24 h absolute limit.
    for (let minute = 50; minute < 24 * 60; minute += 50) {
      await touchSession(context(later(minute * 60)), {
        clientId: busy.clientId,
        sessionId: busy.session.id,
        intent: 'focus',
      })
    }
    await sweep(db, later(24 * HOUR + 1))
    expect(await findSessionRow(db, idle.session.id)).toMatchObject({
      status: 'abandoned',
      endReason: 'inactivity_timeout',
    })
    expect(await findSessionRow(db, busy.session.id)).toMatchObject({
      status: 'expired',
      endReason: 'max_lifetime_reached',
    })
  })
})

describe('operations on this browser’s sessions', () => {
  it('refuse a session of another client, and change nothing', async () => {
    const mine = await signUp()
    const theirs = await signUp()
    const target = { clientId: mine.clientId, sessionId: theirs.session.id }
    expect(await rejection(endSession(context(), target))).toBe('session_not_found')
    expect(await rejection(removeSession(context(), target))).toBe('session_not_found')
    expect(await rejection(touchSession(context(), { ...target, intent: 'focus' }))).toBe('session_not_found')
    expect(await rejection(setActiveSession(context(), target))).toBe('session_not_found')
    expect(await findSessionRow(db, theirs.session.id)).toMatchObject({ status: 'active', lastActiveAt: T0 })
  })

  it('refuse a session that is no longer signed in', async () => {
    const { clientId, session } = await signUp()
    await removeSession(context(), { clientId, sessionId: session.id })
    expect(await rejection(endSession(context(), { clientId, sessionId: session.id }))).toBe('session_not_signed_in')
    expect(await rejection(touchSession(context(), { clientId, sessionId: session.id, intent: 'focus' }))).toBe(
      'session_not_signed_in',
    )
    expect(await rejection(setActiveSession(context(), { clientId, sessionId: session.id }))).toBe(
      'session_not_signed_in',
    )
  })

  it('refuse a session whose time has passed, recording its timeout instead', async () => {
    const { clientId, session } = await signUp()
    const afterExpiry = later(8 * 24 * HOUR)
    expect(await rejection(endSession(context(afterExpiry), { clientId, sessionId: session.id }))).toBe(
      'session_not_signed_in',
    )
    expect(await findSessionRow(db, session.id)).toMatchObject({ status: 'expired', endReason: 'max_lifetime_reached' })
  })

  it('switch the client’s last active session', async () => {
    const first = await signUp()
    const second = await signUp({ clientToken: first.token })
    await setActiveSession(context(later(60)), { clientId: first.clientId, sessionId: first.session.id })
    const [client] = await db.select().from(clients).where(eq(clients.id, first.clientId))
    expect(client?.lastActiveSessionId).toBe(first.session.id)
    expect((await auth(second.token, later(60))).session?.id).toBe(first.session.id)
  })

  it('keep one consistent client under concurrent switches and sign-outs', async () => {
    const first = await signUp()
    const second = await signUp({ clientToken: first.token })
    const third = await signUp({ clientToken: second.token })
    const clientId = first.clientId
    await Promise.allSettled([
      setActiveSession(context(later(30)), { clientId, sessionId: first.session.id }),
      signOut(context(later(30)), { clientId, sessionId: second.session.id }),
      setActiveSession(context(later(30)), { clientId, sessionId: third.session.id }),
      signOut(context(later(30)), { clientId, sessionId: first.session.id }),
    ])
    const rows = await db.select().from(sessions).where(eq(sessions.clientId, clientId))
    const [client] = await db.select().from(clients).where(eq(clients.id, clientId))
    expect(rows).toHaveLength(3)
    const pointer = rows.find((row) => row.id === client?.lastActiveSessionId)
    expect(pointer?.status).toBe('active')
    expect(rows.find((row) => row.id === third.session.id)?.status).toBe('active')
  })
})

describe('activity', () => {
  it('slides abandonAt, at most once per throttle window', async () => {
    const { clientId, session } = await signUp({ config: { sessions: { lifetime: 'aal2' } } })
    const touch = (seconds: number) =>
      touchSession(context(later(seconds)), { clientId, sessionId: session.id, intent: 'focus' })
    await touch(ACTIVITY_WRITE_THROTTLE_SECONDS - 1)
    expect((await findSessionRow(db, session.id))?.lastActiveAt).toEqual(T0)
    await touch(ACTIVITY_WRITE_THROTTLE_SECONDS + 1)
    expect(await findSessionRow(db, session.id)).toMatchObject({
      lastActiveAt: later(ACTIVITY_WRITE_THROTTLE_SECONDS + 1),
      abandonAt: later(ACTIVITY_WRITE_THROTTLE_SECONDS + 1 + HOUR),
    })
  })

  it('keeps a touched session alive past its first inactivity deadline (ASVS 7.3.1)', async () => {
    const { token, clientId, session } = await signUp({ config: { sessions: { lifetime: 'aal2' } } })
    await touchSession(context(later(59 * 60)), { clientId, sessionId: session.id, intent: 'focus' })
    expect((await auth(token, later(HOUR + 60))).session?.id).toBe(session.id)
    expect((await auth(token, later(59 * 60 + HOUR + 1))).session).toBeNull()
  })

  it('makes a focused tab’s session the one a reload shows', async () => {
    const first = await signUp()
    const second = await signUp({ clientToken: first.token })
    await touchSession(context(later(30)), { clientId: first.clientId, sessionId: first.session.id, intent: 'focus' })
    expect((await auth(second.token, later(30))).session?.id).toBe(first.session.id)
  })

  it('writes the client only when the focused session changes', async () => {
    const { clientId, session } = await signUp()
    const clientRow = async () => (await db.select().from(clients).where(eq(clients.id, clientId)))[0]
    const before = await clientRow()
    await touchSession(context(later(HOUR)), { clientId, sessionId: session.id, intent: 'focus' })
    expect((await clientRow())?.updatedAt).toEqual(before?.updatedAt)
  })
})

describe('the user’s devices', () => {
  it('lists signed-in sessions on every device, marking the current one', async () => {
    const { laptop, phone, userId } = await twoDevices()
    const listed = await listDeviceSessions(db, { userId, currentSessionId: laptop.session.id, now: later(60) })
    expect(listed.sessions.map((session) => [session.id, session.current])).toEqual([
      [phone.session.id, false],
      [laptop.session.id, true],
    ])
    expect(listed.sessions[0]).toMatchObject({ ipAddress: META.ipAddress, device: { type: 'unknown' } })
    expect([listed.nextCursor, listed.total]).toEqual([null, 2])
  })

  it('pages through many sessions, each once, in activity order, also when activity differs by microseconds or ties', async () => {
    const { laptop, userId } = await twoDevices()
    // 130 more sessions of the same user, cloned from the laptop's row: pairs 0.3 ms apart, so
    // a cursor (to the millisecond) falls between rows of the same millisecond. Their ids share a
    // random stem (other files share this database) and end in the row's number.
    const extra = 130
    const stem = newId('session').slice(0, -3)
    const [template] = await db.select().from(sessions).where(eq(sessions.id, laptop.session.id))
    if (!template) throw new Error('no session row')
    await db.insert(sessions).values(
      Array.from({ length: extra }, (_, n) => ({
        ...template,
        id: `${stem}${String(n).padStart(3, '0')}`,
        lastActiveAt: new Date(T0.getTime() + 100_000 + Math.floor(n / 2)),
      })),
    )
    // Microseconds the Date above cannot carry: odd rows ending in 1, 3 or 5 0.3 ms later than
    // their even twin; those ending in 7 or 9 tie with theirs to the microsecond (the id decides).
    await db.execute(
      sql`update sessions set last_active_at = last_active_at + interval '300 microseconds' where user_id = ${userId} and id like ${`${stem}%`} and right(id, 1) in ('1','3','5')`,
    )
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page: DevicesPage = await listDeviceSessions(db, {
        userId,
        currentSessionId: laptop.session.id,
        now: later(60),
        cursor: cursor === null ? null : decodeCursor(cursor),
      })
      expect(page.total).toBe(extra + 2)
      expect(page.sessions.length).toBeLessThanOrEqual(DEVICES_PAGE_SIZE)
      seen.push(...page.sessions.map((session) => session.id))
      cursor = page.nextCursor
      pages++
    } while (cursor)
    expect(pages).toBe(Math.ceil((extra + 2) / DEVICES_PAGE_SIZE))
    expect(new Set(seen).size).toBe(extra + 2)
    const rows = await db
      .select({ id: sessions.id })
      .from(sessions)
      .where(eq(sessions.userId, userId))
      .orderBy(desc(sessions.lastActiveAt), desc(sessions.id))
    expect(seen).toEqual(rows.map((row) => row.id))
  })

  it('never lets a user revoke another user’s session', async () => {
    const { laptop, userId } = await twoDevices()
    const stranger = await signUp()
    const attempt = revokeUserSession(context(), {
      userId,
      sessionId: stranger.session.id,
      currentSessionId: laptop.session.id,
    })
    expect(await rejection(attempt)).toBe('session_not_found')
    expect((await findSessionRow(db, stranger.session.id))?.status).toBe('active')
  })

  it('refuses to revoke the current session (sign-out is for that)', async () => {
    const { laptop, userId } = await twoDevices()
    const attempt = revokeUserSession(context(), {
      userId,
      sessionId: laptop.session.id,
      currentSessionId: laptop.session.id,
    })
    expect(await rejection(attempt)).toBe('session_is_current')
  })

  it('refuses to revoke a session twice', async () => {
    const { laptop, phone, userId } = await twoDevices()
    const input = { userId, sessionId: phone.session.id, currentSessionId: laptop.session.id }
    await revokeUserSession(context(), input)
    expect(await rejection(revokeUserSession(context(), input))).toBe('session_not_signed_in')
  })

  it('revokes every other session and keeps the current one', async () => {
    const { laptop, phone, userId } = await twoDevices()
    const tablet = await signIn({ email: laptop.email, now: later(90) })
    const revoked = await revokeOtherUserSessions(context(later(120)), { userId, currentSessionId: laptop.session.id })
    expect(revoked).toBe(2)
    expect((await findSessionRow(db, phone.session.id))?.status).toBe('revoked')
    expect((await findSessionRow(db, tablet.session.id))?.status).toBe('revoked')
    expect((await findSessionRow(db, laptop.session.id))?.status).toBe('active')
  })

  it('tell a session’s history in order, and only to its user', async () => {
    const { laptop, phone, userId } = await twoDevices()
    await revokeUserSession(context(later(120)), {
      userId,
      sessionId: phone.session.id,
      currentSessionId: laptop.session.id,
    })
    const timeline = await sessionTimeline(db, {
      userId,
      sessionId: phone.session.id,
      currentSessionId: laptop.session.id,
      now: later(130),
    })
    expect(timeline.session).toMatchObject({ status: 'revoked', endReason: 'revoked_by_user', current: false })
    expect(timeline.events.map((event) => [event.type, event.toStatus, event.reason])).toEqual([
      ['created', 'active', null],
      ['status_changed', 'revoked', 'revoked_by_user'],
    ])
    const stranger = await signUp()
    const peek = sessionTimeline(db, {
      userId: stranger.session.userId,
      sessionId: phone.session.id,
      currentSessionId: 'x',
      now: T0,
    })
    expect(await rejection(peek)).toBe('session_not_found')
  })
})

describe('the sweeper', () => {
  it('works in bounded batches, leaves live sessions alone and records every timeout', async () => {
    const aal3 = { sessions: { lifetime: 'aal3' as const } }
    // Far in the future, so sessions left by other tests are swept in the first batches; ours last.
    const base = new Date('2031-01-01T00:00:00Z')
    const idle = await Promise.all(Array.from({ length: 25 }, () => signUp({ config: aal3, now: base })))
    const live = await signUp({ config: aal3, now: new Date(base.getTime() + 20 * 60 * 1000) })
    const at = new Date(base.getTime() + 30 * 60 * 1000)
    let total = 0
    for (let run = 0; run < 10; run++) {
      const report = await sweep(db, at, 10)
      expect(report.batches).toBeGreaterThan(0)
      total += report.abandoned + report.expired
      if (report.abandoned + report.expired === 0) break
    }
    expect(total).toBeGreaterThanOrEqual(25)
    for (const { session } of idle) expect((await findSessionRow(db, session.id))?.status).toBe('abandoned')
    expect((await findSessionRow(db, live.session.id))?.status).toBe('active')
    expect((await eventsOf(idle[0]?.session.id ?? '')).at(-1)).toMatchObject({
      reason: 'inactivity_timeout',
      actor: 'system',
    })
  })

  it('reports its batches', async () => {
    const base = new Date('2032-01-01T00:00:00Z')
    await Promise.all(
      Array.from({ length: 5 }, () => signUp({ config: { sessions: { lifetime: 'aal3' } }, now: base })),
    )
    const report = await sweep(db, new Date(base.getTime() + HOUR * 1000), 2)
    expect(report.batches).toBeGreaterThanOrEqual(3)
    expect(report.abandoned).toBeGreaterThanOrEqual(5)
  })
})
