/**
 * Instance secret keys and the Backend API's services on a real database (ADR 027). A key is
 * shown once and stored only as its hash; unknown, malformed and revoked keys are refused alike;
 * use is marked at most once a throttle period; every change made with a key — a key created or
 * revoked, a session revoked, a ban, an unban, a deletion — leaves ledger rows naming the key.
 * Lists filter and paginate as the reference's do.
 */

import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { secretKeys, sessionEvents, users } from '../../db/schema.ts'
import { authFixtures, later, META, rejection, T0 } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import { findSessionRow } from '../../test/support/sessions.ts'
import { SECRET_KEY_USE_WRITE_THROTTLE_SECONDS } from '../session/policy.ts'
import { SECRET_KEY_PATTERN } from '../session/secret-keys.ts'
import {
  banUser,
  countUsers,
  deleteUserAccount,
  getSession,
  getUser,
  listSessions,
  listUsers,
  revokeSession,
  unbanUser,
} from './backend-api.server.ts'
import { sha256Hex } from './crypto.server.ts'
import {
  createSecretKey,
  listSecretKeys,
  revokeSecretKey,
  secretKeyEnvironment,
  verifySecretKey,
} from './secret-keys.server.ts'

const handle = await openTestDatabase()
const { db } = handle
const { context, signUp, signIn } = authFixtures(db)
const CLI = { userId: null, sessionId: null, meta: null }

async function newKey(name = 'integration backend', now = T0) {
  return createSecretKey(db, { name, environment: 'test', actor: CLI, now })
}

const ledgerOfKey = (keyId: string) =>
  db.select().from(sessionEvents).where(eq(sessionEvents.secretKeyId, keyId)).orderBy(sessionEvents.id)

describe('secret keys', () => {
  it('are 256-bit sk_test_/sk_live_ keys, shown once and stored only as a hash', async () => {
    const { key, secret } = await newKey()
    expect(secret).toMatch(SECRET_KEY_PATTERN)
    expect(secret.startsWith('sk_test_')).toBe(true)
    expect(Buffer.from(secret.slice('sk_test_'.length), 'base64url')).toHaveLength(32)
    const [row] = await db.select().from(secretKeys).where(eq(secretKeys.id, key.id))
    expect(row?.keyHash).toBe(sha256Hex(secret))
    expect(JSON.stringify(row)).not.toContain(secret.slice('sk_test_'.length + 4))
    expect(JSON.stringify(await listSecretKeys(db))).not.toContain(secret)
    expect(key.hint).toBe(`${secret.slice(0, 12)}…`)
    expect(secretKeyEnvironment('https://auth.example.com')).toBe('live')
    expect(secretKeyEnvironment('http://localhost:3000')).toBe('test')
  })

  it('verify only while not revoked; unknown, malformed and revoked keys all answer null', async () => {
    const { key, secret } = await newKey()
    expect(await verifySecretKey(db, secret, T0)).toEqual({ id: key.id, name: key.name })
    const unknown = `sk_test_${'A'.repeat(43)}`
    for (const presented of [unknown, 'sk_test_short', `${secret}x`, secret.replace('sk_test_', 'sk_live_'), '']) {
      expect(await verifySecretKey(db, presented, T0)).toBeNull()
    }
    await revokeSecretKey(db, { id: key.id, actor: CLI, now: later(1) })
    expect(await verifySecretKey(db, secret, later(2))).toBeNull()
  })

  it('mark their use at most once a throttle period', async () => {
    const { key, secret } = await newKey()
    await verifySecretKey(db, secret, T0)
    await verifySecretKey(db, secret, later(SECRET_KEY_USE_WRITE_THROTTLE_SECONDS - 1))
    const lastUsed = async () => (await db.select().from(secretKeys).where(eq(secretKeys.id, key.id)))[0]?.lastUsedAt
    expect(await lastUsed()).toEqual(T0)
    await verifySecretKey(db, secret, later(SECRET_KEY_USE_WRITE_THROTTLE_SECONDS + 1))
    expect(await lastUsed()).toEqual(later(SECRET_KEY_USE_WRITE_THROTTLE_SECONDS + 1))
  })

  it('are created and revoked on the record, revoked once however often asked', async () => {
    const { key } = await newKey('billing')
    await revokeSecretKey(db, { id: key.id, actor: CLI, now: later(5) })
    const again = await revokeSecretKey(db, { id: key.id, actor: CLI, now: later(9) })
    expect(again.revokedAt).toBe(later(5).getTime())
    const rows = await ledgerOfKey(key.id)
    expect(rows.map((row) => [row.type, row.actor, row.detail])).toEqual([
      ['secret_key_created', 'system', `billing (${key.hint})`],
      ['secret_key_revoked', 'system', `billing (${key.hint})`],
    ])
    expect(await rejection(revokeSecretKey(db, { id: 'skey_00000000000000000000000000', actor: CLI, now: T0 }))).toBe(
      'secret_key_not_found',
    )
  })
})

describe('the Backend API services', () => {
  const credential = async () => {
    const { key } = await newKey()
    return { id: key.id, name: key.name }
  }

  it('revoke a session as the key, on the record, and refuse one that is not signed in', async () => {
    const key = await credential()
    const user = await signUp()
    const revoked = await revokeSession(context(later(10)), key, user.session.id)
    expect(revoked).toMatchObject({ object: 'session', id: user.session.id, status: 'revoked' })
    expect((await findSessionRow(db, user.session.id))?.endReason).toBe('revoked_by_admin')
    const [row] = await ledgerOfKey(key.id).then((rows) => rows.filter((r) => r.type === 'status_changed'))
    expect(row).toMatchObject({
      sessionId: user.session.id,
      actor: 'secret_key',
      actorUserId: null,
      reason: 'revoked_by_admin',
      ipAddress: META.ipAddress,
    })
    expect(await rejection(revokeSession(context(later(11)), key, user.session.id))).toBe('session_not_signed_in')
    expect(await rejection(getSession(context(), 'sess_00000000000000000000000000'))).toBe('session_not_found')
  })

  it('ban (revoking every session), unban and delete a user, each on the record as the key', async () => {
    const key = await credential()
    const user = await signUp()
    const second = await signIn({ email: user.email })
    const banned = await banUser(context(later(20)), key, user.userId)
    expect(banned).toMatchObject({ object: 'user', id: user.userId, banned: true })
    for (const sessionId of [user.session.id, second.session.id]) {
      expect((await findSessionRow(db, sessionId))?.status).toBe('revoked')
    }
    await banUser(context(later(21)), key, user.userId) // banning twice changes nothing
    expect((await unbanUser(context(later(22)), key, user.userId)).banned).toBe(false)
    expect(await deleteUserAccount(context(later(23)), key, user.userId)).toEqual({
      object: 'user',
      id: user.userId,
      deleted: true,
    })
    expect(await db.$count(users, eq(users.id, user.userId))).toBe(0)
    const rows = await ledgerOfKey(key.id)
    expect(rows.map((row) => [row.type, row.actor, row.actorUserId])).toEqual([
      ['secret_key_created', 'system', null],
      ['user_deleted', 'secret_key', null],
    ])
    // The ban's and unban's rows (and the sessions' revocations) cascaded with the user; the deletion's stays.
    expect(rows.at(-1)?.detail).toContain(user.userId)
    expect(await rejection(getUser(db, user.userId))).toBe('user_not_found')
  })

  it('record a ban as the key while the user exists', async () => {
    const key = await credential()
    const user = await signUp()
    await banUser(context(later(30)), key, user.userId)
    const rows = await db
      .select()
      .from(sessionEvents)
      .where(and(eq(sessionEvents.userId, user.userId), eq(sessionEvents.secretKeyId, key.id)))
      .orderBy(sessionEvents.id)
    expect(rows.map((row) => [row.type, row.reason])).toEqual([
      ['status_changed', 'user_banned'],
      ['user_banned', null],
    ])
  })

  it('list sessions by user, client and status, paginated with a total', async () => {
    const user = await signUp()
    const other = await signIn({ email: user.email, now: later(1) })
    const third = await signIn({ email: user.email, now: later(2) })
    const now = later(3)
    const all = await listSessions({ db, now }, { userId: user.userId }, { limit: 2, offset: 0 })
    expect(all.total_count).toBe(3)
    expect(all.data.map((session) => session.id)).toEqual([third.session.id, other.session.id])
    const rest = await listSessions({ db, now }, { userId: user.userId }, { limit: 2, offset: 2 })
    expect(rest.data.map((session) => session.id)).toEqual([user.session.id])
    const byClient = await listSessions({ db, now }, { clientId: user.session.clientId }, { limit: 10, offset: 0 })
    expect(byClient.data.every((session) => session.client_id === user.session.clientId)).toBe(true)
    const revoked = await listSessions(
      { db, now },
      { userId: user.userId, status: 'revoked' },
      { limit: 10, offset: 0 },
    )
    expect(revoked).toEqual({ data: [], total_count: 0 })
  })

  it('list and count users by id, email address and query', async () => {
    const first = await signUp()
    const second = await signUp()
    const filter = { userIds: [first.userId, second.userId], emailAddresses: [] }
    expect(await countUsers(db, filter)).toEqual({ object: 'total_count', total_count: 2 })
    const page = await listUsers(db, filter, { limit: 1, offset: 1, orderBy: 'created_at' })
    expect(page).toHaveLength(1)
    const byEmail = await listUsers(
      db,
      { userIds: [], emailAddresses: [second.email.toUpperCase()] },
      { limit: 10, offset: 0 },
    )
    expect(byEmail.map((user) => user.id)).toEqual([second.userId])
    expect(byEmail[0]).toMatchObject({
      object: 'user',
      password_enabled: true,
      email_addresses: [{ object: 'email_address', email_address: second.email }],
    })
    expect(await rejection(listUsers(db, filter, { limit: 1, offset: 0, orderBy: 'password' }))).toBe('invalid_input')
  })
})
