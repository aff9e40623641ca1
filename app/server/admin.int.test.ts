/**
 * The admin console's services on a real database. Every action authorizes itself from the
 * database (one service call per permission), leaves exactly one ledger row naming the admin, and
 * is refused on the admin's own account or, below owner, on another admin's. A ban revokes every
 * session of the user in its transaction, and a sign-in racing it never leaves a live session; a
 * banned user learns of the ban only after a correct password. A forced reset sends the next
 * sign-in through `reset-password`. Revoking every session spares the admin's own. A user's own
 * activity names the admin behind an action but not where they acted from. The dashboard
 * counts and buckets what happened, on an injected clock (in databases of their own, as they count
 * or change the whole instance).
 */

import { and, eq, inArray, sql } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import type { Database } from '../../db/client.ts'
import {
  backupCodes,
  passkeys,
  phoneNumbers,
  sessionEvents,
  sessions,
  totpCredentials,
  users,
} from '../../db/schema.ts'
import {
  authFixtures,
  later,
  META,
  newEmail,
  newPhone,
  PASSWORD,
  rejection,
  T0,
} from '../../test/support/auth-fixtures.ts'
import { openIsolatedDatabase, openTestDatabase } from '../../test/support/database.ts'
import { findSessionRow, sessionRow } from '../../test/support/sessions.ts'
import type { InstanceConfigInput } from '../config/instance.ts'
import { type AdminPermission, type AdminRole, adminCan } from '../session/admin.ts'
import type { AuditEventType } from '../session/events.ts'
import { ADMIN_CHART_BUCKET_SECONDS, ADMIN_CHART_WINDOW_SECONDS } from '../session/policy.ts'
import { SIGNED_IN_STATUSES } from '../session/status.ts'
import { userActivity } from './activity.server.ts'
import { type AdminActor, setAdminRole } from './admin.server.ts'
import { assignOrganizationPlan, dashboard, listLedger, rotateKeys } from './admin-instance.server.ts'
import { listSessions, revokeAllSessions, revokeSession, revokeUserSessions } from './admin-sessions.server.ts'
import {
  assignUserPlan,
  banUser,
  markPasswordCompromised,
  removeFactor,
  searchUsers,
  unbanUser,
  userDetail,
} from './admin-users.server.ts'
import { startSession } from './auth.server.ts'
import { newId } from './crypto.server.ts'
import { appendLedger } from './ledger.server.ts'
import { NO_META } from './session-store.server.ts'
import { attemptFirstFactor, createSignIn, prepareFirstFactor } from './sign-in.server.ts'

const handle = await openTestDatabase()
const { db } = handle
// Tests that count or change every session get databases of their own.
const wholeInstance = await openIsolatedDatabase('admin_all')
const dashboardInstance = await openIsolatedDatabase('admin_dashboard')
const { context, createAccount, signIn, signUp, lastCode } = authFixtures(db)

const PLANS: InstanceConfigInput = {
  features: { api_access: { name: 'API access' }, reports: { name: 'Reports' } },
  plans: {
    free: { name: 'Free', for: 'user', default: true },
    pro: { name: 'Pro', for: 'user', features: ['api_access'] },
    team: { name: 'Team', for: 'organization', features: ['reports'] },
  },
}
const ctx = (now = T0, config: InstanceConfigInput = PLANS) => context(now, config)

/** A signed-in user holding `role` (null: not an admin), as the admin services take them. */
async function adminWith(role: AdminRole | null, on: { db: Database; signUp: typeof signUp } = { db, signUp }) {
  const signed = await on.signUp()
  await setAdminRole(on.db, signed.userId, role, T0)
  return { ...signed, id: signed.userId, sessionId: signed.session.id }
}

/** How a session stands: its status and why it ended. */
const statusOf = async (sessionId: string) => {
  const row = await findSessionRow(db, sessionId)
  return row && { status: row.status, endReason: row.endReason }
}

const liveSessionsOf = (userId: string) =>
  db.$count(sessions, and(eq(sessions.userId, userId), inArray(sessions.status, [...SIGNED_IN_STATUSES])))

/** The admin's actions in the ledger: rows from their own session, by them as an admin. */
const adminRows = (admin: AdminActor) =>
  db
    .select()
    .from(sessionEvents)
    .where(and(eq(sessionEvents.sessionId, admin.sessionId), eq(sessionEvents.actor, 'admin')))
    .orderBy(sessionEvents.id)

async function expectOneAdminRow(admin: AdminActor, type: AuditEventType, userId: string | null, detail?: string) {
  const rows = await adminRows(admin)
  expect(rows).toHaveLength(1)
  expect(rows[0]).toMatchObject({ type, userId, actorUserId: admin.id, ...(detail !== undefined && { detail }) })
}

describe('authorization', () => {
  // One service call per permission: refused to a role without it, allowed to a role with it.
  const CALLS: Array<[AdminPermission, AdminRole | null, AdminRole, (admin: AdminActor) => Promise<unknown>]> = [
    ['admin:read', null, 'support', (admin) => searchUsers(ctx(), admin, { query: '' })],
    [
      'admin:manage_users',
      'support',
      'admin',
      async (admin) => assignUserPlan(ctx(), admin, { userId: (await createAccount()).id, plan: 'pro' }),
    ],
    [
      'admin:manage_sessions',
      null,
      'support',
      async (admin) => revokeUserSessions(ctx(), admin, { userId: (await createAccount()).id }),
    ],
    ['admin:manage_instance', 'support', 'admin', (admin) => rotateKeys(ctx(), admin)],
  ]

  it.each(CALLS)('%s: refused to %s, allowed to %s', async (permission, without, withIt, call) => {
    expect(adminCan(without, permission)).toBe(false)
    expect(adminCan(withIt, permission)).toBe(true)
    const refused = await adminWith(without)
    const error = await call(refused).then(
      () => null,
      (reason: unknown) => reason,
    )
    expect(error).toMatchObject({ code: 'admin_forbidden', meta: { permission } })
    expect(await adminRows(refused)).toHaveLength(0)
    await call(await adminWith(withIt))
  })

  it('reads the role at the time of the call: a role withdrawn a moment ago stops the next action', async () => {
    const admin = await adminWith('admin')
    const target = await createAccount()
    await setAdminRole(db, admin.id, null, T0)
    expect(await rejection(banUser(ctx(), admin, { userId: target.id, reason: 'spam' }))).toBe('admin_forbidden')
  })
})

describe('banning', () => {
  it('revokes every session of the user in the same transaction, and is recorded once', async () => {
    const admin = await adminWith('admin')
    const target = await signUp()
    const elsewhere = await signIn({ email: target.email })
    const bystander = await signUp()

    expect(await banUser(ctx(), admin, { userId: target.userId, reason: 'Sending spam' })).toEqual({
      revokedSessions: 2,
    })
    for (const id of [target.session.id, elsewhere.session.id]) {
      expect(await statusOf(id)).toEqual({ status: 'revoked', endReason: 'user_banned' })
    }
    expect(await statusOf(bystander.session.id)).toMatchObject({ status: 'active' })
    const [user] = await db.select().from(users).where(eq(users.id, target.userId))
    expect(user).toMatchObject({ bannedAt: T0, banReason: 'Sending spam' })
    await expectOneAdminRow(admin, 'user_banned', target.userId, 'Sending spam')
    // Each revocation names the admin too.
    const revocations = await db
      .select()
      .from(sessionEvents)
      .where(and(eq(sessionEvents.userId, target.userId), eq(sessionEvents.reason, 'user_banned')))
    expect(revocations.map((row) => [row.actor, row.actorUserId])).toEqual([
      ['admin', admin.id],
      ['admin', admin.id],
    ])

    // Banning again changes nothing and records nothing.
    expect(await banUser(ctx(), admin, { userId: target.userId, reason: 'again' })).toEqual({ revokedSessions: 0 })
    expect(await adminRows(admin)).toHaveLength(1)
  })

  it('tells a banned user so only after a correct password; unbanning lets them in again', async () => {
    const admin = await adminWith('admin')
    const target = await createAccount()
    await banUser(ctx(), admin, { userId: target.id, reason: 'Chargebacks' })
    const attempt = (password: string) =>
      rejection(createSignIn(ctx(later(60)), { identifier: target.email, password }, { signIn: null, client: null }))
    expect(await attempt('not the password at all')).toBe('invalid_credentials')
    expect(await attempt(PASSWORD)).toBe('user_banned')
    expect(await liveSessionsOf(target.id)).toBe(0)

    await unbanUser(ctx(later(120)), admin, { userId: target.id, reason: 'Appeal accepted' })
    const [user] = await db.select().from(users).where(eq(users.id, target.id))
    expect(user).toMatchObject({ bannedAt: null, banReason: null })
    expect(await signIn({ email: target.email, now: later(180) })).toMatchObject({ session: { status: 'active' } })
    const rows = await adminRows(admin)
    expect(rows.map((row) => [row.type, row.detail])).toEqual(
      expect.arrayContaining([
        ['user_banned', 'Chargebacks'],
        ['user_unbanned', 'Appeal accepted'],
      ]),
    )
    expect(rows).toHaveLength(2)
  })

  it('is refused on the admin themself, and on another admin unless an owner bans them', async () => {
    const admin = await adminWith('admin')
    const other = await adminWith('support')
    const owner = await adminWith('owner')
    const error = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (reason: unknown) => reason,
      )
    expect(await error(banUser(ctx(), admin, { userId: admin.id, reason: 'x' }))).toMatchObject({
      code: 'admin_action_refused',
      meta: { reason: 'self' },
    })
    expect(await error(banUser(ctx(), admin, { userId: owner.id, reason: 'x' }))).toMatchObject({
      code: 'admin_action_refused',
      meta: { reason: 'target_is_admin' },
    })
    expect(await rejection(markPasswordCompromised(ctx(), admin, { userId: other.id, reason: 'x' }))).toBe(
      'admin_action_refused',
    )
    expect(await adminRows(admin)).toHaveLength(0)
    expect(await banUser(ctx(), owner, { userId: other.id, reason: 'Left the company' })).toEqual({
      revokedSessions: 1,
    })
  })

  it.skipIf(handle.driver === 'pglite')(
    'lands between a sign-in’s ban check and its new session: the ban waits, then revokes that session',
    async () => {
      const admin = await adminWith('admin')
      const target = await createAccount()
      // Signing in again on the same browser replaces this session, which the sign-in must lock
      // after its ban check: holding it here stops the sign-in right there.
      const first = await signIn({ email: target.email })
      const lockWaits = () =>
        db.$count(sql`pg_stat_activity`, sql`datname = current_database() and wait_event_type = 'Lock'`)
      let banSettled = false
      const racing = await db.transaction(async (tx) => {
        await tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, first.session.id)).for('update')
        const again = signIn({ email: target.email, clientToken: first.token }).then(
          (signedIn) => signedIn,
          (error: unknown) => error,
        )
        await vi.waitFor(async () => expect(await lockWaits()).toBeGreaterThanOrEqual(1), { timeout: 5_000 })
        const ban = banUser(ctx(), admin, { userId: target.id, reason: 'Fraud' }).finally(() => {
          banSettled = true
        })
        // The ban queues behind the sign-in (were the sign-in's check unlocked, it would run ahead).
        await vi.waitFor(async () => expect(banSettled || (await lockWaits()) >= 2).toBe(true), { timeout: 5_000 })
        return { again, ban }
      })
      expect(await racing.ban).toEqual({ revokedSessions: 1 })
      const again = await racing.again
      if (!('session' in (again as object))) throw again
      expect(await statusOf((again as { session: { id: string } }).session.id)).toEqual({
        status: 'revoked',
        endReason: 'user_banned',
      })
      expect(await liveSessionsOf(target.id)).toBe(0)
    },
  )

  it('never leaves a live session when a sign-in races the ban', async () => {
    const admin = await adminWith('admin')
    for (let round = 0; round < 6; round++) {
      const target = await createAccount()
      const [banned, signedIn] = await Promise.allSettled([
        banUser(ctx(), admin, { userId: target.id, reason: `round ${round}` }),
        signIn({ email: target.email }),
      ])
      expect(banned.status).toBe('fulfilled')
      if (signedIn.status === 'rejected') expect(signedIn.reason).toMatchObject({ code: 'user_banned' })
      else expect(await statusOf(signedIn.value.session.id)).toMatchObject({ status: 'revoked' })
      expect(await liveSessionsOf(target.id)).toBe(0)
    }
  })
})

describe('forcing a password reset', () => {
  it('revokes every session, and the next sign-in proves the email address and owes a new password', async () => {
    const admin = await adminWith('admin')
    const target = await signUp()
    expect(await markPasswordCompromised(ctx(), admin, { userId: target.userId, reason: 'Found in a leak' })).toEqual({
      revokedSessions: 1,
    })
    expect(await statusOf(target.session.id)).toEqual({ status: 'revoked', endReason: 'revoked_by_admin' })
    await expectOneAdminRow(admin, 'password_reset_required', target.userId, 'Found in a leak')

    const next = ctx(later(60))
    const { token } = await createSignIn(next, { identifier: target.email }, { signIn: null, client: null })
    expect(await rejection(attemptFirstFactor(next, token, { strategy: 'password', password: PASSWORD }, null))).toBe(
      'password_compromised',
    )
    await prepareFirstFactor(next, token, { strategy: 'email_code' })
    const { signedIn } = await attemptFirstFactor(
      next,
      token,
      { strategy: 'email_code', code: lastCode(target.email) },
      null,
    )
    expect(signedIn?.session).toMatchObject({ status: 'pending', tasks: ['reset-password'] })
  })

  it('is refused for an account without a password', async () => {
    const admin = await adminWith('admin')
    const target = await createAccount({ password: null })
    expect(await rejection(markPasswordCompromised(ctx(), admin, { userId: target.id, reason: 'x' }))).toBe(
      'factor_not_found',
    )
    expect(await adminRows(admin)).toHaveLength(0)
  })
})

describe('removing a factor', () => {
  it('removes the authenticator app; with no second factor left the backup codes go and no session claims one', async () => {
    const admin = await adminWith('admin')
    const target = await createAccount({ totp: true, backupCodes: true })
    const signed = await signIn({ email: target.email, totpSecret: target.totpSecret })
    await removeFactor(ctx(), admin, { userId: target.id, factor: { kind: 'totp' }, reason: 'Lost phone' })
    expect(await db.$count(totpCredentials, eq(totpCredentials.userId, target.id))).toBe(0)
    expect(await db.$count(backupCodes, eq(backupCodes.userId, target.id))).toBe(0)
    const session = await sessionRow(db, signed.session.id)
    expect(session).toMatchObject({ status: 'active', secondFactorVerifiedAt: null })
    await expectOneAdminRow(admin, 'factor_removed_by_admin', target.id, 'Authenticator app — Lost phone')
    expect(
      await rejection(removeFactor(ctx(), admin, { userId: target.id, factor: { kind: 'totp' }, reason: 'again' })),
    ).toBe('factor_not_found')
  })

  it('where a second factor is required, leaves the user’s sessions owing setup-mfa', async () => {
    const admin = await adminWith('admin')
    const phone = newPhone()
    const strict: InstanceConfigInput = { factors: { requireMfa: true } }
    const target = await createAccount({ phoneNumber: phone, smsSecondFactor: true })
    const [row] = await db.select().from(phoneNumbers).where(eq(phoneNumbers.userId, target.id))
    const signed = await sessionFor(target.id)
    await removeFactor(context(T0, strict), admin, {
      userId: target.id,
      factor: { kind: 'sms_second_factor', phoneNumberId: row?.id ?? '' },
      reason: 'Number reassigned',
    })
    expect((await db.select().from(phoneNumbers).where(eq(phoneNumbers.userId, target.id)))[0]?.secondFactor).toBe(
      false,
    )
    expect(await findSessionRow(db, signed)).toMatchObject({
      status: 'pending',
      tasks: ['setup-mfa'],
    })
  })

  it('removes a passkey by id, unless it is the last way the user can sign in', async () => {
    const admin = await adminWith('admin')
    const target = await createAccount()
    const passkeyId = await addPasskey(target.id)
    expect(
      await rejection(
        removeFactor(ctx(), admin, {
          userId: target.id,
          factor: { kind: 'passkey', passkeyId: newId('passkey') },
          reason: 'x',
        }),
      ),
    ).toBe('factor_not_found')
    await removeFactor(ctx(), admin, { userId: target.id, factor: { kind: 'passkey', passkeyId }, reason: 'Stolen' })
    expect(await db.$count(passkeys, eq(passkeys.userId, target.id))).toBe(0)
    await expectOneAdminRow(admin, 'factor_removed_by_admin', target.id, 'Passkey “Laptop” — Stolen')

    const lonely = await createAccount()
    const passkeyOnly = await addPasskey(lonely.id)
    const onlyPasskeys = ctx(T0, { ...PLANS, factors: { firstFactors: ['passkey'] } })
    expect(
      await rejection(
        removeFactor(onlyPasskeys, admin, {
          userId: lonely.id,
          factor: { kind: 'passkey', passkeyId: passkeyOnly },
          reason: 'x',
        }),
      ),
    ).toBe('factor_required')
    expect(await db.$count(passkeys, eq(passkeys.id, passkeyOnly))).toBe(1)
  })
})

/** A passkey row for the user (the console only lists and deletes them). */
async function addPasskey(userId: string): Promise<string> {
  const id = newId('passkey')
  await db.insert(passkeys).values({
    id,
    userId,
    credentialId: id,
    publicKey: 'AQID',
    counter: 0,
    transports: ['internal'],
    deviceType: 'multiDevice',
    backedUp: true,
    name: 'Laptop',
    createdAt: T0,
  })
  return id
}

/** A signed-in session for a user whatever their factors (as the last step of any sign-in makes it). */
async function sessionFor(userId: string): Promise<string> {
  const started = await db.transaction((tx) =>
    startSession(ctx(), tx, userId, null, {
      firstFactorVerifiedAt: T0,
      secondFactorVerifiedAt: T0,
      strategies: 'password, phone_code',
      firstFactor: 'password',
    }),
  )
  return started.session.id
}

describe('plans', () => {
  it('assigns plans app.config.ts defines for the scope, and refuses others', async () => {
    const admin = await adminWith('admin')
    const target = await createAccount({ organizations: [{ name: 'Planned Co' }] })
    const organizationId = target.organizations[0]?.id ?? ''
    expect(await rejection(assignUserPlan(ctx(), admin, { userId: target.id, plan: 'team' }))).toBe('plan_not_found')
    expect(await rejection(assignUserPlan(ctx(), admin, { userId: target.id, plan: 'gold' }))).toBe('plan_not_found')
    expect(await rejection(assignOrganizationPlan(ctx(), admin, { organizationId, plan: 'pro' }))).toBe(
      'plan_not_found',
    )
    expect(await adminRows(admin)).toHaveLength(0)

    await assignUserPlan(ctx(), admin, { userId: target.id, plan: 'pro' })
    expect((await userDetail(ctx(), admin, { userId: target.id })).user.plan).toEqual({
      assigned: 'pro',
      effective: 'pro',
    })
    await expectOneAdminRow(admin, 'plan_changed', target.id, 'the default plan → Pro')

    await assignOrganizationPlan(ctx(), admin, { organizationId, plan: 'team' })
    const rows = await adminRows(admin)
    expect(rows.at(-1)).toMatchObject({ type: 'plan_changed', userId: null, detail: expect.stringContaining('→ Team') })
  })
})

describe('sessions', () => {
  it('revokes one session or all of a user’s, never the admin’s own, each recorded once', async () => {
    const admin = await adminWith('support')
    const target = await signUp()
    const second = await signIn({ email: target.email })
    const third = await signIn({ email: target.email })

    expect(await rejection(revokeSession(ctx(), admin, { sessionId: admin.sessionId }))).toBe('session_is_current')
    await revokeSession(ctx(), admin, { sessionId: second.session.id })
    expect(await statusOf(second.session.id)).toEqual({ status: 'revoked', endReason: 'revoked_by_admin' })
    await expectOneAdminRow(admin, 'sessions_revoked_by_admin', target.userId)
    expect(await rejection(revokeSession(ctx(), admin, { sessionId: second.session.id }))).toBe('session_not_signed_in')

    const other = await adminWith('support')
    expect(await revokeUserSessions(ctx(), other, { userId: target.userId })).toEqual({ revoked: 2 })
    expect(await statusOf(third.session.id)).toMatchObject({ status: 'revoked' })
    await expectOneAdminRow(other, 'sessions_revoked_by_admin', target.userId, '2 sessions revoked')

    // An admin revoking their own user's sessions keeps the one they are using.
    const self = await adminWith('support')
    const selfElsewhere = await signIn({ email: self.email })
    expect(await revokeUserSessions(ctx(), self, { userId: self.id })).toEqual({ revoked: 1 })
    expect(await statusOf(self.sessionId)).toMatchObject({ status: 'active' })
    expect(await statusOf(selfElsewhere.session.id)).toMatchObject({ status: 'revoked' })
  })

  it('lists sessions by user, status and client, most recently active first, with their users', async () => {
    const admin = await adminWith('support')
    const target = await signUp()
    const later1 = await signIn({ email: target.email, now: later(60) })
    await revokeSession(ctx(later(90)), admin, { sessionId: target.session.id })
    const all = await listSessions(ctx(later(120)), admin, { userId: target.userId })
    expect(all.items.map((row) => [row.id, row.status])).toEqual([
      [later1.session.id, 'active'],
      [target.session.id, 'revoked'],
    ])
    expect(all.items[0]).toMatchObject({ user: { id: target.userId, email: target.email }, current: false })
    const active = await listSessions(ctx(later(120)), admin, { userId: target.userId, status: 'active' })
    expect(active.items.map((row) => row.id)).toEqual([later1.session.id])
    const byClient = await listSessions(ctx(later(120)), admin, { clientId: later1.clientId })
    expect(byClient.items.map((row) => row.id)).toEqual([later1.session.id])
  })
})

describe('users and the ledger', () => {
  it('finds users by email, phone (as typed), name or id, and shows one in detail', async () => {
    const admin = await adminWith('support')
    const email = newEmail()
    const phone = newPhone()
    const target = await createAccount({ email, phoneNumber: phone, totp: true, backupCodes: true })
    const find = async (query: string) => (await searchUsers(ctx(), admin, { query })).items.map((row) => row.id)
    expect(await find(email.slice(5, 20).toUpperCase())).toContain(target.id)
    expect(await find(`${phone.slice(0, 5)} ${phone.slice(5, 8)}-${phone.slice(8)}`)).toContain(target.id)
    expect(await find(target.id)).toEqual([target.id])
    expect(await find('%')).not.toContain(target.id)

    const detail = await userDetail(ctx(), admin, { userId: target.id })
    expect(detail).toMatchObject({
      user: { id: target.id, email, phoneNumber: phone, adminRole: null, bannedAt: null },
      factors: { password: { enrolled: true, compromised: false }, totp: true, backupCodesRemaining: 10 },
      sessions: { active: 0, pending: 0, total: 0 },
      plans: [
        { key: 'free', default: true },
        { key: 'pro', default: false },
      ],
    })
    expect(await rejection(userDetail(ctx(), admin, { userId: newId('user') }))).toBe('user_not_found')
  })

  it('lists everyone’s events newest first, filtered by user and type, naming the people', async () => {
    const admin = await adminWith('admin')
    const target = await signUp()
    await banUser(ctx(later(30)), admin, { userId: target.userId, reason: 'Abuse' })
    const page = await listLedger(ctx(), admin, { userId: target.userId })
    expect(page.items.map((row) => [row.type, row.reason])).toEqual([
      ['user_banned', null],
      ['status_changed', 'user_banned'],
      ['created', null],
    ])
    expect(page.items[0]).toMatchObject({
      actor: 'admin',
      sessionId: admin.sessionId,
      user: { id: target.userId, email: target.email },
      actorUser: { id: admin.id, name: 'Test', email: admin.email },
      impersonator: null,
    })
    const banned = await listLedger(ctx(), admin, { userId: target.userId, type: 'user_banned' })
    expect(banned.items).toHaveLength(1)
  })
})

describe('a user’s own activity', () => {
  it('names the admin behind an action but not where they acted from, and whoever acted as the user', async () => {
    const admin = await adminWith('admin')
    const target = await signUp()
    await banUser(ctx(later(30)), admin, { userId: target.userId, reason: 'Chargebacks' })
    // A change made in an impersonated session: the ledger names the impersonating admin too.
    await appendLedger(
      db,
      [
        {
          type: 'password_changed',
          sessionId: target.session.id,
          userId: target.userId,
          actor: 'user',
          actorUserId: target.userId,
          impersonatorId: admin.id,
          meta: META,
        },
      ],
      later(60),
    )
    const { items } = await userActivity(db, { userId: target.userId })
    expect(items.map((event) => event.type)).toEqual(['password_changed', 'user_banned', 'status_changed', 'created'])
    const [changed, banned, revoked, created] = items
    expect(changed).toMatchObject({ impersonator: { id: admin.id, name: 'Test', email: null } })
    expect(banned).toMatchObject({
      actor: 'admin',
      detail: 'Chargebacks',
      actorUser: { id: admin.id, name: 'Test', email: null },
      ipAddress: null,
      device: null,
      sessionId: null,
    })
    expect(revoked).toMatchObject({ reason: 'user_banned', ipAddress: null, sessionId: null })
    expect(created).toMatchObject({ sessionId: target.session.id, ipAddress: META.ipAddress })
  })
})

describe('the whole instance', () => {
  const isolated = wholeInstance
  const fixtures = authFixtures(isolated.db)

  it('revokes every signed-in session but the calling admin’s own, and records the count', async () => {
    const admin = await adminWith('support', { db: isolated.db, signUp: fixtures.signUp })
    const adminElsewhere = await fixtures.signIn({ email: admin.email })
    const [first, second] = await Promise.all([fixtures.signUp(), fixtures.signUp()])
    const result = await revokeAllSessions(fixtures.context(later(60)), admin)
    expect(result).toEqual({ revoked: 3 })
    const statuses = await isolated.db.select({ id: sessions.id, status: sessions.status }).from(sessions)
    expect(Object.fromEntries(statuses.map((row) => [row.id, row.status]))).toEqual({
      [admin.sessionId]: 'active',
      [adminElsewhere.session.id]: 'revoked',
      [first.session.id]: 'revoked',
      [second.session.id]: 'revoked',
    })
    const [row] = await isolated.db
      .select()
      .from(sessionEvents)
      .where(eq(sessionEvents.type, 'sessions_revoked_by_admin'))
    expect(row).toMatchObject({ userId: null, actorUserId: admin.id, detail: 'Every session: 3 sessions revoked' })
  })
})

describe('the dashboard', () => {
  const isolated = dashboardInstance
  const fixtures = authFixtures(isolated.db)
  // Not on a minute boundary: the window is the 60 whole minutes up to the one `now` is in.
  const NOW = later(ADMIN_CHART_WINDOW_SECONDS + 30)
  const minute = (index: number) => later(index * ADMIN_CHART_BUCKET_SECONDS + 60)

  it('counts what is live now, and sign-ins against failures per minute', async () => {
    const admin = await adminWith('owner', { db: isolated.db, signUp: fixtures.signUp })
    await setAdminRole(isolated.db, (await fixtures.createAccount()).id, 'support', T0)
    const regular = await fixtures.createAccount({ organizations: [{ name: 'Dash Co' }] })
    const banned = await fixtures.createAccount()
    await banUser(fixtures.context(T0), admin, { userId: banned.id, reason: 'x' })
    // Sign-ins in the first minute of the window (twice), its last, and one just before it.
    await fixtures.signIn({ email: regular.email, now: minute(0) })
    await fixtures.signIn({ email: regular.email, now: minute(0) })
    await fixtures.signIn({ email: regular.email, now: NOW })
    await fixtures.signIn({ email: regular.email, now: later(-1, minute(0)) })
    // A pending session, and one that has expired by now.
    await fixtures.signIn({ email: regular.email, now: minute(10), config: { factors: { requireMfa: true } } })
    await fixtures.signIn({ email: regular.email, now: later(-8 * 24 * 3600, NOW) })
    const failed = (at: Date) =>
      appendLedger(
        isolated.db,
        [
          {
            type: 'sign_in_failed',
            sessionId: null,
            userId: regular.id,
            actor: 'user',
            actorUserId: null,
            meta: NO_META,
          },
        ],
        at,
      )
    await failed(minute(30))
    await failed(minute(30))
    await failed(later(5, minute(30)))

    const board = await dashboard(fixtures.context(NOW), admin)
    expect(board.counts).toEqual({
      // The admin's own (made at T0, in time for 7 days), and four of the regular user's.
      activeSessions: 5,
      pendingSessions: 1,
      users: 4,
      bannedUsers: 1,
      organizations: 1,
      admins: 2,
    })
    expect(board.bucketSeconds).toBe(ADMIN_CHART_BUCKET_SECONDS)
    expect(board.chart).toHaveLength(ADMIN_CHART_WINDOW_SECONDS / ADMIN_CHART_BUCKET_SECONDS)
    expect(board.chart[0]).toEqual({ start: minute(0).getTime(), signIns: 2, failedSignIns: 0 })
    expect(board.chart[10]).toMatchObject({ signIns: 1 })
    expect(board.chart[30]).toMatchObject({ signIns: 0, failedSignIns: 3 })
    expect(board.chart.at(-1)).toMatchObject({ signIns: 1, failedSignIns: 0 })
    expect(board.chart.reduce((sum, bucket) => sum + bucket.signIns, 0)).toBe(4)
  })
})
