/**
 * Password sign-in, request authentication and sign-out against a real database, with the clock
 * injected. Guards: only hashes of bearer secrets are stored; tokens are per sign-in and rotate;
 * forged or stale credentials never authenticate; the multi-session rules hold.
 */

import { asc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { clients, sessionEvents, sessions } from '../../db/schema.ts'
import { authFixtures, later, META, newEmail, rejection, T0 } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import { sessionRow } from '../../test/support/sessions.ts'
import { newClientToken, sha256Hex } from './crypto.server.ts'
import { signOut } from './sessions.server.ts'

const { db } = await openTestDatabase()
const { context, signUp, signIn, auth } = authFixtures(db)

describe('password sign-in', () => {
  it('creates a client and an active session whose first factor was verified now, with a ledger entry', async () => {
    const { session, clientId } = await signUp()
    expect(session).toMatchObject({
      clientId,
      status: 'active',
      firstFactorVerifiedAt: T0,
      secondFactorVerifiedAt: null,
    })
    expect(session.expireAt).toEqual(later(7 * 24 * 3600))
    const events = await db.select().from(sessionEvents).where(eq(sessionEvents.sessionId, session.id))
    expect(events).toMatchObject([
      { type: 'created', detail: 'password', toStatus: 'active', actor: 'user', ipAddress: META.ipAddress },
    ])
  })

  it('stores only the hash of the client token', async () => {
    const { clientId, token, session } = await signUp()
    const [client] = await db.select().from(clients).where(eq(clients.id, clientId))
    expect(client?.tokenHash).toBe(sha256Hex(token))
    const stored = JSON.stringify([client, await db.select().from(sessions).where(eq(sessions.id, session.id))])
    expect(stored).not.toContain(token)
  })

  it('gives every sign-in its own session and token (ASVS 7.2.2)', async () => {
    const { email } = await signUp()
    const first = await signIn({ email })
    const second = await signIn({ email })
    expect(first.token).not.toBe(second.token)
    expect(first.session.id).not.toBe(second.session.id)
    expect(first.clientId).not.toBe(second.clientId)
  })

  it('rotates the client token, so a token planted before sign-in stops working (ASVS 7.2.4)', async () => {
    const { email, token: planted } = await signUp()
    const signedIn = await signIn({ email, clientToken: planted })
    expect(signedIn.token).not.toBe(planted)
    expect((await auth(planted)).session).toBeNull()
    expect((await auth(signedIn.token)).session?.id).toBe(signedIn.session.id)
  })

  it('answers an unknown email and a wrong password with the same error', async () => {
    const { email } = await signUp()
    expect(await rejection(signIn({ email, password: 'not the password' }))).toBe('invalid_credentials')
    expect(await rejection(signIn({ email: newEmail() }))).toBe('invalid_credentials')
  })

  it('accepts the email in any case', async () => {
    const { email } = await signUp()
    const signedIn = await signIn({ email: email.toUpperCase() })
    expect(signedIn.session.status).toBe('active')
  })
})

describe('authenticate', () => {
  it('treats a missing, malformed, forged or unknown token as signed out without creating anything', async () => {
    const before = await db.$count(clients)
    for (const token of [null, '', 'garbage', 'x'.repeat(43), newClientToken(), `${newClientToken()}'--`]) {
      expect(await auth(token)).toEqual({ clientId: null, session: null })
    }
    expect(await db.$count(clients)).toBe(before)
  })

  it('never lets a tab act as a session of another client', async () => {
    const mine = await signUp()
    const theirs = await signUp()
    const result = await auth(mine.token, T0, theirs.session.id)
    expect(result.clientId).toBe(mine.clientId)
    expect(result.session).toBeNull()
  })

  it('refuses a malformed session id from the tab', async () => {
    const { token } = await signUp()
    expect((await auth(token, T0, "sess_' or 1=1 --")).session).toBeNull()
  })

  it('does not authenticate a session past its absolute lifetime, even before the sweeper, and records why', async () => {
    const { token, session } = await signUp()
    expect((await auth(token, later(7 * 24 * 3600 - 1))).session?.id).toBe(session.id)
    expect((await auth(token, later(7 * 24 * 3600 + 1))).session).toBeNull()
    const row = await sessionRow(db, session.id)
    expect(row).toMatchObject({ status: 'expired', endReason: 'max_lifetime_reached' })
    const events = await db
      .select()
      .from(sessionEvents)
      .where(eq(sessionEvents.sessionId, session.id))
      .orderBy(asc(sessionEvents.id))
    expect(events.at(-1)).toMatchObject({
      fromStatus: 'active',
      toStatus: 'expired',
      reason: 'max_lifetime_reached',
      actor: 'system',
    })
  })

  it('abandons an idle session under a profile with an inactivity timeout', async () => {
    const { token, session } = await signUp({ config: { sessions: { lifetime: 'aal2' } } })
    expect((await auth(token, later(3600 - 1))).session?.id).toBe(session.id)
    expect((await auth(token, later(3600 + 1))).session).toBeNull()
    const row = await sessionRow(db, session.id)
    expect(row?.status).toBe('abandoned')
  })
})

describe('multi-session clients', () => {
  it('adds a second account to the same client and makes it the last active one', async () => {
    const first = await signUp()
    const second = await signUp({ clientToken: first.token, now: later(60) })
    expect(second.clientId).toBe(first.clientId)
    expect((await auth(second.token)).session?.id).toBe(second.session.id)
    expect((await auth(second.token, T0, first.session.id)).session?.id).toBe(first.session.id)
  })

  it('replaces the older session when the same identity signs in again on the client', async () => {
    const first = await signUp()
    const again = await signIn({ email: first.email, clientToken: first.token, now: later(60) })
    const old = await sessionRow(db, first.session.id)
    expect(old).toMatchObject({ status: 'replaced', endReason: 'replaced_by_sign_in' })
    expect(again.session.status).toBe('active')
  })

  it('replaces the current session in single-session mode', async () => {
    const single = { sessions: { multiSession: false } }
    const first = await signUp({ config: single })
    const second = await signUp({ clientToken: first.token, config: single })
    const old = await sessionRow(db, first.session.id)
    expect(old?.status).toBe('replaced')
    expect(second.clientId).toBe(first.clientId)
  })

  it('refuses a sign-in beyond the per-client limit and creates no session', async () => {
    const limit = { sessions: { maxSessionsPerClient: 2 } }
    const first = await signUp({ config: limit })
    const second = await signUp({ clientToken: first.token, config: limit })
    const before = await db.$count(sessions, eq(sessions.clientId, first.clientId))
    const email = newEmail()
    expect(await rejection(signUp({ email, clientToken: second.token, config: limit }))).toBe('max_sessions_reached')
    expect(await db.$count(sessions, eq(sessions.clientId, first.clientId))).toBe(before)
  })

  it('falls back to the most recently active remaining session when the active one signs out', async () => {
    const first = await signUp()
    const second = await signUp({ clientToken: first.token, now: later(60) })
    const third = await signUp({ clientToken: second.token, now: later(120) })
    await signOut(context(later(180)), {
      clientId: first.clientId,
      sessionId: third.session.id,
    })
    expect((await auth(third.token, later(180))).session?.id).toBe(second.session.id)
    const removed = await sessionRow(db, third.session.id)
    expect(removed).toMatchObject({ status: 'removed', endReason: 'removed_by_user' })
  })
})

describe('sign-out', () => {
  it('of everything removes every signed-in session of the client', async () => {
    const first = await signUp()
    const second = await signUp({ clientToken: first.token })
    await signOut(context(), { clientId: first.clientId, sessionId: null })
    const rows = await db.select().from(sessions).where(eq(sessions.clientId, first.clientId))
    expect(rows.map((row) => row.status)).toEqual(['removed', 'removed'])
    expect(await auth(second.token)).toMatchObject({ session: null })
  })

  it('refuses a session of another client without touching it', async () => {
    const mine = await signUp()
    const theirs = await signUp()
    const attempt = signOut(context(), {
      clientId: mine.clientId,
      sessionId: theirs.session.id,
    })
    expect(await rejection(attempt)).toBe('session_not_found')
    expect((await auth(theirs.token)).session?.id).toBe(theirs.session.id)
  })

  it('refuses a session that has already ended', async () => {
    const { clientId, session } = await signUp()
    await signOut(context(), { clientId, sessionId: session.id })
    const again = signOut(context(), { clientId, sessionId: session.id })
    expect(await rejection(again)).toBe('session_not_signed_in')
  })
})
