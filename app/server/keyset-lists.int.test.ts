/**
 * Keyset pagination of the long lists (app/session/keyset.ts): the admin console's sessions, users
 * and ledger, and a user's own activity. Paging from the first page to the last shows every row
 * once, in the list's order, also where rows tie on time to the microsecond (the id decides) or
 * differ by less than a millisecond (what a JavaScript Date cannot carry). A malformed cursor, or
 * another list's, is refused before any query. Sessions carry their device read from the
 * User-Agent when they are created or it changes; rows from before those columns are read by the
 * sweeper.
 *
 * In a database of its own: the admin lists see every row of the instance.
 */

import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { clients, sessionEvents, sessions, users } from '../../db/schema.ts'
import { authFixtures, later, newEmail, PASSWORD, rejection, T0 } from '../../test/support/auth-fixtures.ts'
import { openIsolatedDatabase } from '../../test/support/database.ts'
import { cursorSchema, ledgerIdSchema, sessionIdSchema, userIdSchema } from '../functions/schemas.ts'
import { parseInput } from '../middleware/validation.ts'
import type { CursorPageJSON } from '../session/admin-wire.ts'
import type { KeysetPosition } from '../session/keyset.ts'
import { ADMIN_PAGE_SIZE } from '../session/policy.ts'
import { userActivity } from './activity.server.ts'
import { setAdminRole } from './admin.server.ts'
import { listLedger } from './admin-instance.server.ts'
import { listSessions } from './admin-sessions.server.ts'
import { searchUsers } from './admin-users.server.ts'
import { newClientToken, newId, sha256Hex } from './crypto.server.ts'
import { recordActivity } from './session-store.server.ts'
import { createSignIn } from './sign-in.server.ts'
import { sweep } from './sweeper.server.ts'

const { db } = await openIsolatedDatabase('keyset_lists')
const { context, createAccount, signUp } = authFixtures(db)

const admin = await (async () => {
  const signed = await signUp()
  await setAdminRole(db, signed.userId, 'support', T0)
  return { id: signed.userId, sessionId: signed.session.id }
})()

/** Rows per list: more than two pages, and not a multiple of the page size. */
const ROWS = ADMIN_PAGE_SIZE * 2 + 27

/**
 * Every page of a list from the first, each next cursor read back as the server functions read it
 * (`schema`); the ids in the order shown and how many pages it took.
 */
async function pageThrough<TItem extends { id: string | number }>(
  schema: z.ZodType<KeysetPosition, string>,
  read: (cursor: KeysetPosition | null) => Promise<CursorPageJSON<TItem>>,
) {
  const ids: string[] = []
  let cursor: KeysetPosition | null = null
  let pages = 0
  for (;;) {
    const page: CursorPageJSON<TItem> = await read(cursor)
    pages++
    expect(page.items.length).toBeLessThanOrEqual(ADMIN_PAGE_SIZE)
    ids.push(...page.items.map((item) => String(item.id)))
    if (page.nextCursor === null) break
    expect(page.items).toHaveLength(ADMIN_PAGE_SIZE)
    cursor = schema.parse(page.nextCursor)
    if (pages > 100) throw new Error('the list never ended')
  }
  return { ids, pages }
}

/** Times in triples that tie to the microsecond, each triple 0.4 ms after the one before. */
const tiedTime = (n: number) => new Date(T0.getTime() + 3_600_000 + Math.floor(n / 3))
const subMillisecond = (column: string) =>
  sql.raw(`${column} + (interval '400 microseconds') * (((extract(microseconds from ${column})::bigint / 1000) % 2))`)

describe('the admin console’s sessions', () => {
  it('pages through every session once, most recently active first, ties broken by id', async () => {
    const owner = await createAccount()
    const clientId = newId('client')
    await db
      .insert(clients)
      .values({ id: clientId, tokenHash: sha256Hex(newClientToken()), createdAt: T0, updatedAt: T0 })
    const ids = Array.from({ length: ROWS }, () => newId('session'))
    await db.insert(sessions).values(
      ids.map((id, n) => ({
        id,
        clientId,
        userId: owner.id,
        status: 'active' as const,
        createdAt: T0,
        updatedAt: T0,
        lastActiveAt: tiedTime(n),
        expireAt: later(86_400 * 30),
        abandonAt: later(86_400 * 30),
      })),
    )
    // Odd milliseconds move 0.4 ms on: microseconds between two pages' worth of rows.
    await db
      .update(sessions)
      .set({ lastActiveAt: sql`${subMillisecond('last_active_at')}` })
      .where(inArray(sessions.id, ids))
    const expected = await db
      .select({ id: sessions.id })
      .from(sessions)
      .orderBy(desc(sessions.lastActiveAt), desc(sessions.id))
    const all = await pageThrough(cursorSchema(sessionIdSchema), (cursor) =>
      listSessions(context(later(60)), admin, { cursor }),
    )
    expect(all.ids).toEqual(expected.map((row) => row.id))
    expect(new Set(all.ids).size).toBe(expected.length)
    expect(all.pages).toBe(Math.ceil(expected.length / ADMIN_PAGE_SIZE))
    // A filter pages the same way, through its own rows only.
    const mine = await pageThrough(cursorSchema(sessionIdSchema), (cursor) =>
      listSessions(context(later(60)), admin, { userId: owner.id, status: 'active', cursor }),
    )
    expect(mine.ids).toEqual(expected.map((row) => row.id).filter((id) => ids.includes(id)))
  })
})

describe('the admin console’s users', () => {
  it('pages through every user once, newest first, ties broken by id, and with a search', async () => {
    const stem = `Keyset${Math.random().toString(36).slice(2, 8)}`
    const ids = Array.from({ length: ROWS }, () => newId('user'))
    await db.insert(users).values(
      ids.map((id, n) => ({
        id,
        firstName: n % 2 === 0 ? stem : 'Other',
        lastName: String(n),
        createdAt: tiedTime(n),
        updatedAt: T0,
      })),
    )
    await db
      .update(users)
      .set({ createdAt: sql`${subMillisecond('created_at')}` })
      .where(inArray(users.id, ids))
    const expected = (await db.select({ id: users.id }).from(users).orderBy(desc(users.createdAt), desc(users.id))).map(
      (row) => row.id,
    )
    const all = await pageThrough(cursorSchema(userIdSchema), (cursor) =>
      searchUsers(context(), admin, { query: '', cursor }),
    )
    expect(all.ids).toEqual(expected)
    const found = await pageThrough(cursorSchema(userIdSchema), (cursor) =>
      searchUsers(context(), admin, { query: stem.toLowerCase(), cursor }),
    )
    expect(found.ids).toEqual(expected.filter((id) => ids.indexOf(id) % 2 === 0 && ids.includes(id)))
    expect(found.ids).toHaveLength(Math.ceil(ROWS / 2))
  })
})

describe('the ledger', () => {
  it('pages through every event once, newest first, ties broken by row number, for the console and the user', async () => {
    const owner = await createAccount()
    await db.insert(sessionEvents).values(
      Array.from({ length: ROWS }, (_, n) => ({
        type: 'password_changed' as const,
        userId: owner.id,
        actor: 'user' as const,
        actorUserId: owner.id,
        detail: `event ${n}`,
        userAgent: n % 2 === 0 ? 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0' : null,
        createdAt: tiedTime(n),
      })),
    )
    await db
      .update(sessionEvents)
      .set({ createdAt: sql`${subMillisecond('created_at')}` })
      .where(eq(sessionEvents.userId, owner.id))
    const order = [desc(sessionEvents.createdAt), desc(sessionEvents.id)]
    const everything = (
      await db
        .select({ id: sessionEvents.id })
        .from(sessionEvents)
        .orderBy(...order)
    ).map((row) => String(row.id))
    const all = await pageThrough(cursorSchema(ledgerIdSchema), (cursor) => listLedger(context(), admin, { cursor }))
    expect(all.ids).toEqual(everything)
    const theirs = (
      await db
        .select({ id: sessionEvents.id })
        .from(sessionEvents)
        .where(eq(sessionEvents.userId, owner.id))
        .orderBy(...order)
    ).map((row) => String(row.id))
    const filtered = await pageThrough(cursorSchema(ledgerIdSchema), (cursor) =>
      listLedger(context(), admin, { userId: owner.id, type: 'password_changed', cursor }),
    )
    expect(filtered.ids).toEqual(theirs)
    const own = await pageThrough(cursorSchema(ledgerIdSchema), (cursor) =>
      userActivity(db, { userId: owner.id, cursor }),
    )
    expect(own.ids).toEqual(theirs)
    // Devices of ledger rows are still read from their User-Agent, once per string on a page.
    const first = await listLedger(context(), admin, { userId: owner.id })
    expect(first.items.some((event) => event.device?.browser === 'Firefox 133')).toBe(true)
  })
})

describe('a malformed cursor', () => {
  const input = (id: z.ZodType<string, string>) => parseInput(z.strictObject({ cursor: cursorSchema(id).nullish() }))

  it.each([
    ['not a cursor', userIdSchema],
    ['1.', userIdSchema],
    ['-5.user_x', userIdSchema],
    [`1765000000000000.${newId('session')}`, userIdSchema],
    [`1765000000000000.${newId('user')}`, ledgerIdSchema],
    ['1765000000000000.12abc', ledgerIdSchema],
    ['1765000000000000.0', ledgerIdSchema],
    [`99999999999999999.${newId('session')}`, sessionIdSchema],
    [{ atUs: 1, id: newId('session') }, sessionIdSchema],
  ] as const)('is refused as invalid input: %j', async (cursor, id) => {
    expect(await rejection(Promise.resolve().then(() => input(id)({ cursor: cursor as never })))).toBe('invalid_input')
  })

  it('is accepted when it is one of this list’s', () => {
    const id = newId('session')
    expect(input(sessionIdSchema)({ cursor: `1765000000000123.${id}` }).cursor).toEqual({ atUs: 1765000000000123, id })
    expect(input(ledgerIdSchema)({ cursor: '0.42' }).cursor).toEqual({ atUs: 0, id: '42' })
  })
})

describe('a session’s device', () => {
  const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'
  const IPHONE =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1'
  const deviceOf = async (id: string) =>
    (
      await db
        .select({ browser: sessions.deviceBrowser, os: sessions.deviceOs, type: sessions.deviceType })
        .from(sessions)
        .where(eq(sessions.id, id))
    )[0]

  it('is read from the User-Agent when the session is created, again when it changes, and shown as stored', async () => {
    const email = newEmail()
    await createAccount({ email })
    const meta = { ipAddress: '203.0.113.9', userAgent: FIREFOX }
    const { signedIn } = await createSignIn(
      context(T0, {}, meta),
      { identifier: email, password: PASSWORD },
      { signIn: null, client: null },
    )
    if (!signedIn) throw new Error('not signed in')
    const id = signedIn.session.id
    expect(await deviceOf(id)).toEqual({ browser: 'Firefox 133', os: 'Linux', type: 'desktop' })

    const [row] = await db.select().from(sessions).where(eq(sessions.id, id))
    if (!row) throw new Error('no row')
    await recordActivity(db, row, later(3600), { ipAddress: meta.ipAddress, userAgent: IPHONE })
    expect(await deviceOf(id)).toEqual({ browser: 'Safari 18', os: 'iOS 18', type: 'mobile' })

    // The lists show the columns: a column changed behind the parser's back shows as changed.
    await db.update(sessions).set({ deviceBrowser: 'Stored 1' }).where(eq(sessions.id, id))
    const listed = await listSessions(context(later(3600)), admin, { userId: signedIn.session.userId })
    expect(listed.items.map((session) => session.device)).toEqual([
      { browser: 'Stored 1', os: 'iOS 18', type: 'mobile' },
    ])
  })

  it('of a session from before the columns existed is read by the sweeper', async () => {
    const { session, userId } = await signUp()
    await db
      .update(sessions)
      .set({ userAgent: FIREFOX, deviceBrowser: null, deviceOs: null, deviceType: null })
      .where(eq(sessions.id, session.id))
    const listed = await listSessions(context(), admin, { userId })
    expect(listed.items[0]?.device).toEqual({ browser: null, os: null, type: 'unknown' })
    const report = await sweep(db, T0)
    expect(report.byTable.session_devices).toBeGreaterThanOrEqual(1)
    expect(await deviceOf(session.id)).toEqual({ browser: 'Firefox 133', os: 'Linux', type: 'desktop' })
    const unread = await db.$count(
      sessions,
      and(sql`${sessions.deviceType} is null`, sql`${sessions.userAgent} is not null`),
    )
    expect(unread).toBe(0)
  })
})
