/**
 * Impersonation and agent sessions on a real database (docs/reference.md#impersonation-and-agents,
 * security.md VULN-09 and JWT-10). An actor token is single use however many redeem it at once;
 * only admins with the permission may impersonate, never themselves, another admin without
 * `admin:impersonate_admins`, or a banned user; the session it creates lives in a fresh client,
 * carries `act` in its token, passes no step-up, is time-boxed by the injected clock, and
 * everything done in it names both identities in the ledger.
 */

import { and, eq } from 'drizzle-orm'
import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { actorTokens, sessionEvents, sessions, users } from '../../db/schema.ts'
import { authFixtures, later, ORIGIN, rejection, T0 } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import { sessionRow } from '../../test/support/sessions.ts'
import type { AdminRole } from '../session/admin.ts'
import { IMPERSONATION_INACTIVITY_TIMEOUT_SECONDS, IMPERSONATION_MAX_LIFETIME_SECONDS } from '../session/policy.ts'
import {
  createAgentTask,
  createImpersonationToken,
  redeemActorToken,
  revokeActorToken,
  stopImpersonation,
} from './actors.server.ts'
import { createOrganization } from './organizations.server.ts'
import { assertReverified, verifyingSession } from './reverification.server.ts'
import { issueToken, signOut, touchSession } from './sessions.server.ts'
import { verifySessionToken } from './tokens.server.ts'

const { db } = await openTestDatabase()
const { context, createAccount, signIn, signUp, auth } = authFixtures(db)

/** An admin of `role`, signed in: their id, role and session. */
async function signedInAdmin(role: AdminRole) {
  const admin = await signUp()
  await db.update(users).set({ adminRole: role }).where(eq(users.id, admin.userId))
  return { id: admin.userId, role, sessionId: admin.session.id }
}

const secretOf = (url: string) => new URL(url).hash.replace('#token=', '')

async function impersonationLink(adminRole: AdminRole = 'admin', now = T0) {
  const admin = await signedInAdmin(adminRole)
  const target = await createAccount()
  const created = await createImpersonationToken(context(now), admin, {
    userId: target.id,
    reason: 'Support ticket 42',
    redirectUrl: '/dashboard',
  })
  return { admin, target, created, secret: secretOf(created.url) }
}

async function mintJwt(clientId: string, sessionId: string, now = T0) {
  const ctx = context(now)
  const { jwt } = await issueToken(
    { ...ctx, mint: { db, config: ctx.config, now, issuer: ORIGIN, authorizedParty: ORIGIN } },
    { clientId, sessionId, template: null },
  )
  return jwt
}

const mint = async (clientId: string, sessionId: string, now = T0) => decodeJwt(await mintJwt(clientId, sessionId, now))

describe('an impersonation link', () => {
  it('is redeemed exactly once under 20 concurrent redemptions', async () => {
    const { secret } = await impersonationLink()
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => redeemActorToken(context(later(1)), secret)),
    )
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled')
    expect(won).toHaveLength(1)
    const codes = await Promise.all(
      outcomes
        .filter((outcome) => outcome.status === 'rejected')
        .map((outcome) => rejection(Promise.reject((outcome as PromiseRejectedResult).reason))),
    )
    expect(new Set(codes)).toEqual(new Set(['actor_token_used']))
  })

  it('creates a session in a fresh client whose token carries act, naming the admin', async () => {
    const { admin, target, secret } = await impersonationLink()
    const { signedIn } = await redeemActorToken(context(later(1)), secret)
    expect(signedIn.session).toMatchObject({ userId: target.id, status: 'active', tasks: [] })
    const claims = await mint(signedIn.clientId, signedIn.session.id, later(2))
    expect(claims.act).toMatchObject({ sub: admin.id, sid: admin.sessionId })
    expect(claims.sub).toBe(target.id)
    expect(claims.fva).toEqual([-1, -1])
  })

  it('is refused once used, revoked, expired, or when it is not a token at all; nothing is created', async () => {
    const used = await impersonationLink()
    await redeemActorToken(context(later(1)), used.secret)
    expect(await rejection(redeemActorToken(context(later(2)), used.secret))).toBe('actor_token_used')

    const expired = await impersonationLink()
    expect(await rejection(redeemActorToken(context(later(5 * 60)), expired.secret))).toBe('actor_token_expired')

    const revoked = await impersonationLink()
    await revokeActorToken(
      context(later(1)),
      { userId: revoked.admin.id, sessionId: revoked.admin.sessionId },
      revoked.created.actorToken.id,
    )
    expect(await rejection(redeemActorToken(context(later(2)), revoked.secret))).toBe('actor_token_revoked')
    expect(
      await rejection(
        revokeActorToken(
          context(later(3)),
          { userId: used.admin.id, sessionId: used.admin.sessionId },
          used.created.actorToken.id,
        ),
      ),
    ).toBe('actor_token_not_revocable')

    expect(await rejection(redeemActorToken(context(), 'x'.repeat(43)))).toBe('actor_token_not_found')
    expect(await rejection(redeemActorToken(context(), 'not a token'))).toBe('actor_token_not_found')
    for (const { target } of [expired, revoked]) {
      expect(await db.select().from(sessions).where(eq(sessions.userId, target.id))).toEqual([])
    }
  })

  it('is refused for oneself, for a banned user, for another admin without the permission, and to non-impersonating roles', async () => {
    const admin = await signedInAdmin('admin')
    const reason = { reason: 'why', redirectUrl: '/dashboard' }
    const refusal = async (by: typeof admin, userId: string) => {
      const error = await createImpersonationToken(context(), by, { userId, ...reason }).then(
        () => null,
        (caught: { code: string; meta?: { reason?: string } }) => caught,
      )
      return error && `${error.code}:${error.meta?.reason ?? ''}`
    }
    expect(await refusal(admin, admin.id)).toBe('impersonation_refused:self')

    const banned = await createAccount()
    await db.update(users).set({ bannedAt: T0 }).where(eq(users.id, banned.id))
    expect(await refusal(admin, banned.id)).toBe('impersonation_refused:target_banned')

    const otherAdmin = await signedInAdmin('support')
    expect(await refusal(admin, otherAdmin.id)).toBe('impersonation_refused:target_is_admin')
    const owner = await signedInAdmin('owner')
    expect(await refusal(owner, otherAdmin.id)).toBeNull()

    expect(await refusal({ ...admin, role: 'support' }, (await createAccount()).id)).toBeNull()
    expect(await rejection(createImpersonationToken(context(), admin, { userId: 'user_nobody', ...reason }))).toBe(
      'user_not_found',
    )
  })

  it('is refused at redemption when the admin lost the right since, or the user was banned since', async () => {
    const demoted = await impersonationLink()
    await db.update(users).set({ adminRole: null }).where(eq(users.id, demoted.admin.id))
    expect(await rejection(redeemActorToken(context(later(1)), demoted.secret))).toBe('impersonation_refused')

    const banned = await impersonationLink()
    await db.update(users).set({ bannedAt: T0 }).where(eq(users.id, banned.target.id))
    expect(await rejection(redeemActorToken(context(later(1)), banned.secret))).toBe('impersonation_refused')
    // Refused redemptions roll back: the link is still unused (and will expire).
    const [row] = await db.select().from(actorTokens).where(eq(actorTokens.id, banned.created.actorToken.id))
    expect(row?.status).toBe('pending')
  })
})

describe('an impersonation session', () => {
  it('cannot be forged: an act claim added to a real token breaks its signature', async () => {
    const user = await signUp()
    const jwt = await mintJwt(user.clientId, user.session.id, later(1))
    const [header, , signature] = jwt.split('.')
    const claims = { ...decodeJwt(jwt), act: { sub: 'user_admin' } }
    const forged = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.')
    const options = { db, config: context().config, now: later(2), issuer: ORIGIN, authorizedParties: [ORIGIN] }
    expect((await verifySessionToken(jwt, options)).act).toBeUndefined()
    expect(await rejection(verifySessionToken(forged, options))).toBe('token_signature_invalid')
  })

  it('passes no step-up and cannot start one, however recent its factors', async () => {
    const { secret } = await impersonationLink()
    const { signedIn } = await redeemActorToken(context(later(1)), secret)
    const row = {
      ...(await sessionRow(db, signedIn.session.id)),
      firstFactorVerifiedAt: later(1),
      secondFactorVerifiedAt: later(1),
    }
    expect(() => assertReverified(row, 'lax', later(2))).toThrow(
      expect.objectContaining({ code: 'impersonation_forbidden' }),
    )
    expect(await rejection(verifyingSession(db, signedIn.clientId, signedIn.session.id, later(2)))).toBe(
      'impersonation_forbidden',
    )
  })

  it('ends after 10 minutes without activity, and after 30 minutes whatever the activity', async () => {
    const idle = await impersonationLink()
    const idleSession = (await redeemActorToken(context(later(1)), idle.secret)).signedIn
    const idleAt = later(1 + IMPERSONATION_INACTIVITY_TIMEOUT_SECONDS)
    expect((await auth(idleSession.token, later(-1, idleAt))).session?.id).toBe(idleSession.session.id)
    expect((await auth(idleSession.token, idleAt)).session).toBeNull()
    expect((await sessionRow(db, idleSession.session.id)).status).toBe('abandoned')

    const busy = await impersonationLink()
    const busySession = (await redeemActorToken(context(later(1)), busy.secret)).signedIn
    // Active every five minutes: inactivity never trips, the absolute limit does.
    for (let minute = 5; minute < 30; minute += 5) {
      await touchSession(context(later(1 + minute * 60)), {
        clientId: busySession.clientId,
        sessionId: busySession.session.id,
        intent: 'focus',
      })
    }
    const endAt = later(1 + IMPERSONATION_MAX_LIFETIME_SECONDS)
    expect((await auth(busySession.token, later(-1, endAt))).session?.id).toBe(busySession.session.id)
    expect((await auth(busySession.token, endAt)).session).toBeNull()
    expect((await sessionRow(db, busySession.session.id)).status).toBe('expired')
  })

  it('keeps the browser to itself: signing in on its client is refused', async () => {
    const { secret } = await impersonationLink()
    const { signedIn } = await redeemActorToken(context(later(1)), secret)
    const someone = await createAccount()
    expect(await rejection(signIn({ email: someone.email, clientToken: signedIn.token, now: later(2) }))).toBe(
      'impersonation_forbidden',
    )
  })

  it('names both identities in the ledger for what it does, and stops into a removed session', async () => {
    const { admin, target, secret } = await impersonationLink()
    const { signedIn } = await redeemActorToken(context(later(1)), secret)
    expect(
      await rejection(stopImpersonation(context(), { clientId: 'x', session: await sessionRow(db, admin.sessionId) })),
    ).toBe('not_impersonating')
    await stopImpersonation(context(later(60)), {
      clientId: signedIn.clientId,
      session: await sessionRow(db, signedIn.session.id),
    })
    expect((await sessionRow(db, signedIn.session.id)).status).toBe('removed')
    const events = await db
      .select()
      .from(sessionEvents)
      .where(and(eq(sessionEvents.userId, target.id)))
      .orderBy(sessionEvents.id)
    expect(events.map((event) => [event.type, event.actor, event.actorUserId, event.impersonatorId])).toEqual([
      ['actor_token_created', 'admin', admin.id, null],
      ['created', 'user', target.id, admin.id],
      ['impersonation_started', 'admin', admin.id, admin.id],
      ['status_changed', 'user', target.id, admin.id],
      ['impersonation_stopped', 'admin', admin.id, admin.id],
    ])
    expect(events.every((event) => event.ipAddress !== null || event.type === 'status_changed')).toBe(true)
  })

  it('is named in the ledger for organization changes it makes, beside the user', async () => {
    const { admin, target, secret } = await impersonationLink()
    const { signedIn } = await redeemActorToken(context(later(1)), secret)
    const acting = {
      id: signedIn.session.id,
      userId: target.id,
      clientId: signedIn.clientId,
      actor: signedIn.session.actor,
    }
    await createOrganization(context(later(2)), acting, { name: 'Made While Impersonating' })
    const [event] = await db
      .select()
      .from(sessionEvents)
      .where(and(eq(sessionEvents.userId, target.id), eq(sessionEvents.type, 'organization_created')))
    expect(event).toMatchObject({
      actorUserId: target.id,
      impersonatorId: admin.id,
      detail: 'Made While Impersonating',
    })
  })

  it('signs out like any session when its user signs out of the client, still attributed to the admin', async () => {
    const { admin, secret } = await impersonationLink()
    const { signedIn } = await redeemActorToken(context(later(1)), secret)
    await signOut(context(later(2)), { clientId: signedIn.clientId, sessionId: null })
    const [change] = await db
      .select()
      .from(sessionEvents)
      .where(and(eq(sessionEvents.sessionId, signedIn.session.id), eq(sessionEvents.type, 'status_changed')))
    expect(change).toMatchObject({ toStatus: 'removed', impersonatorId: admin.id })
  })
})

describe('an agent link', () => {
  const task = { agentName: 'Inbox Assistant', taskDescription: 'Sort invoices', redirectUrl: '/dashboard' }

  it('opens a session for the user whose actor is the agent, lasting what was asked (at most an hour)', async () => {
    const user = await signUp()
    const creator = { userId: user.userId, sessionId: user.session.id }
    const created = await createAgentTask(context(), creator, { ...task, maxDurationSeconds: 15 * 60 })
    const { signedIn, kind } = await redeemActorToken(context(later(1)), secretOf(created.url))
    expect(kind).toBe('agent')
    expect(signedIn.session.actor).toMatchObject({
      type: 'agent',
      sub: 'agent_inbox_assistant',
      name: 'Inbox Assistant',
    })
    expect(signedIn.session.expireAt).toEqual(later(1 + 15 * 60))
    expect(signedIn.clientId).not.toBe(user.clientId)
    expect((await mint(signedIn.clientId, signedIn.session.id, later(2))).act).toMatchObject({ type: 'agent' })

    const long = await createAgentTask(context(), creator, { ...task, maxDurationSeconds: 10 * 3600 })
    const { signedIn: capped } = await redeemActorToken(context(later(1)), secretOf(long.url))
    expect(capped.session.expireAt).toEqual(later(1 + 3600))
  })

  it('is capped per user, and revocable by its user until used', async () => {
    const user = await signUp()
    const creator = { userId: user.userId, sessionId: user.session.id }
    const links = []
    for (let index = 0; index < 20; index += 1) {
      links.push(await createAgentTask(context(), creator, { ...task, maxDurationSeconds: null }))
    }
    expect(await rejection(createAgentTask(context(), creator, { ...task, maxDurationSeconds: null }))).toBe(
      'too_many_agent_tasks',
    )
    const [first] = links
    if (!first) throw new Error('no links')
    const stranger = await signUp()
    expect(
      await rejection(
        revokeActorToken(context(), { userId: stranger.userId, sessionId: stranger.session.id }, first.actorToken.id),
      ),
    ).toBe('actor_token_not_found')
    expect((await revokeActorToken(context(), creator, first.actorToken.id)).state).toBe('revoked')
    await createAgentTask(context(), creator, { ...task, maxDurationSeconds: null })
  })
})
