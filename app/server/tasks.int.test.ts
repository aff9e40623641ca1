/**
 * Session tasks on a real database. A session that owes a task starts pending (its token says
 * `sts: pending`); tasks complete in order and only once what they ask is done, each in the
 * transaction that did it; the last one makes the session active in place, in the ledger as
 * `tasks_resolved`. A compromised password never signs in alone, and while it stands it proves
 * nothing at step-up either. With two-step verification required, the last second factor stays.
 */

import { and, eq } from 'drizzle-orm'
import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { passwordCredentials, sessionEvents, users } from '../../db/schema.ts'
import { authFixtures, later, ORIGIN, PASSWORD, rejection, T0 } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import { findSessionRow } from '../../test/support/sessions.ts'
import { totpCode } from '../../test/support/totp.ts'
import type { InstanceConfigInput } from '../config/instance.ts'
import { confirmTotp, removeTotp, resetCompromisedPassword, startTotp } from './account.server.ts'
import { firstFactorsOf } from './factors.server.ts'
import { createOrganization } from './organizations.server.ts'
import { acceptTerms, completeSessionTask, issueToken, touchSession } from './sessions.server.ts'
import { attemptFirstFactor, attemptSecondFactor, createSignIn, prepareFirstFactor } from './sign-in.server.ts'

const { db } = await openTestDatabase()
const { context, createAccount, signIn, lastCode } = authFixtures(db)

const TERMS = '2026-11'
const STRICT: InstanceConfigInput = {
  organizations: { allowPersonalAccounts: false },
  factors: { requireMfa: true },
  terms: { version: TERMS, url: '/terms' },
}
const strict = (now = T0) => context(now, STRICT)

async function mintFor(clientId: string, sessionId: string) {
  const ctx = strict()
  const { jwt } = await issueToken(
    { ...ctx, mint: { db, config: ctx.config, now: T0, issuer: ORIGIN, authorizedParty: ORIGIN } },
    { clientId, sessionId, template: null },
  )
  return decodeJwt(jwt)
}

describe('a new session', () => {
  it('owes every task the instance asks for, in order, and is pending with sts in its token', async () => {
    const account = await createAccount()
    const signedIn = await signIn({ email: account.email, config: STRICT })
    expect(signedIn.session).toMatchObject({
      status: 'pending',
      tasks: ['setup-mfa', 'accept-terms', 'choose-organization'],
    })
    expect((await mintFor(signedIn.clientId, signedIn.session.id)).sts).toBe('pending')
  })

  it('owes nothing the user has already done, and acts for their only organization', async () => {
    const account = await createAccount({ totp: true })
    await db.update(users).set({ acceptedTermsVersion: TERMS }).where(eq(users.id, account.id))
    const first = await signIn({ email: account.email, totpSecret: account.totpSecret, config: STRICT })
    const organization = await createOrganization(
      strict(),
      { id: first.session.id, userId: account.id, clientId: first.clientId },
      { name: 'Only One' },
    )
    const second = await signIn({
      email: account.email,
      totpSecret: account.totpSecret,
      config: STRICT,
      now: later(60),
    })
    expect(second.session).toMatchObject({ status: 'active', tasks: [], lastActiveOrganizationId: organization.id })
  })
})

describe('template tokens (issue 20.6)', () => {
  const WITH_TEMPLATE: InstanceConfigInput = {
    ...STRICT,
    tokens: { templates: { supabase: { claims: { aud: 'authenticated', role: 'authenticated' } } } },
  }

  it('are refused to a pending session, which still gets its session token with sts: pending', async () => {
    const account = await createAccount()
    const signedIn = await signIn({ email: account.email, config: WITH_TEMPLATE })
    expect(signedIn.session.status).toBe('pending')
    const ctx = context(T0, WITH_TEMPLATE)
    const mint = { db, config: ctx.config, now: T0, issuer: ORIGIN, authorizedParty: ORIGIN }
    const ask = (template: string | null) =>
      issueToken({ ...ctx, mint }, { clientId: signedIn.clientId, sessionId: signedIn.session.id, template })
    expect(await rejection(ask('supabase'))).toBe('session_pending')
    expect(decodeJwt((await ask(null)).jwt).sts).toBe('pending')
  })

  it('are given to an active session', async () => {
    const account = await createAccount()
    const signedIn = await signIn({ email: account.email, config: { tokens: WITH_TEMPLATE.tokens } })
    expect(signedIn.session.status).toBe('active')
    const ctx = context(T0, { tokens: WITH_TEMPLATE.tokens })
    const mint = { db, config: ctx.config, now: T0, issuer: ORIGIN, authorizedParty: ORIGIN }
    const { jwt } = await issueToken(
      { ...ctx, mint },
      { clientId: signedIn.clientId, sessionId: signedIn.session.id, template: 'supabase' },
    )
    expect(decodeJwt(jwt)).toMatchObject({ role: 'authenticated', sub: account.id, azp: ORIGIN })
  })
})

describe('completing tasks', () => {
  it('refuses a task out of order, one not owed, or one not done; the last one makes the session active in place', async () => {
    const account = await createAccount()
    const signedIn = await signIn({ email: account.email, config: STRICT })
    const { clientId } = signedIn
    const sessionId = signedIn.session.id
    const acting = { id: sessionId, userId: account.id, clientId }
    const complete = (key: 'setup-mfa' | 'accept-terms' | 'choose-organization' | 'reset-password', now = T0) =>
      completeSessionTask(strict(now), { clientId, sessionId, key })

    expect(await rejection(complete('accept-terms'))).toBe('task_out_of_order')
    expect(await rejection(complete('reset-password'))).toBe('task_not_owed')
    expect(await rejection(complete('setup-mfa'))).toBe('task_incomplete')
    // Accepting the terms out of turn is refused, and the acceptance is not kept.
    expect(await rejection(acceptTerms(strict(), { clientId, sessionId }))).toBe('task_out_of_order')
    expect((await db.select().from(users).where(eq(users.id, account.id)))[0]?.acceptedTermsVersion).toBeNull()

    const setup = await startTotp(strict(), acting)
    const now = later(30)
    await confirmTotp(strict(now), acting, totpCode(setup.secret, now))
    expect((await complete('setup-mfa', now)).tasks).toEqual(['accept-terms', 'choose-organization'])
    expect((await acceptTerms(strict(now), { clientId, sessionId })).tasks).toEqual(['choose-organization'])
    expect(
      await rejection(touchSession(strict(now), { clientId, sessionId, intent: 'select_org', organizationId: null })),
    ).toBe('personal_account_not_allowed')
    const organization = await createOrganization(strict(now), acting, { name: 'Task Force' })
    const chosen = await touchSession(strict(now), {
      clientId,
      sessionId,
      intent: 'select_org',
      organizationId: organization.id,
    })
    expect(chosen).toMatchObject({
      id: sessionId,
      status: 'active',
      tasks: [],
      lastActiveOrganizationId: organization.id,
    })

    const events = await db
      .select()
      .from(sessionEvents)
      .where(and(eq(sessionEvents.sessionId, sessionId), eq(sessionEvents.type, 'status_changed')))
    expect(events.map((event) => [event.fromStatus, event.toStatus, event.reason])).toEqual([
      ['pending', 'active', 'tasks_resolved'],
    ])
    expect((await mintFor(clientId, sessionId)).sts).toBeUndefined()
  })

  it('keeps the last second factor while two-step verification is required', async () => {
    const account = await createAccount({ totp: true })
    const signedIn = await signIn({ email: account.email, totpSecret: account.totpSecret })
    const acting = { id: signedIn.session.id, userId: account.id, clientId: signedIn.clientId }
    expect(await rejection(removeTotp(strict(), acting))).toBe('factor_required')
    await removeTotp(context(), acting)
  })
})

describe('a compromised password', () => {
  it('never signs in alone and does not count as a failure; a code does, and the session owes a new password', async () => {
    const account = await createAccount({ totp: true })
    await db.update(users).set({ acceptedTermsVersion: TERMS }).where(eq(users.id, account.id))
    // Signed in elsewhere already (with an organization), before the password was marked.
    const other = await signIn({ email: account.email, totpSecret: account.totpSecret, config: STRICT })
    const acting = { id: other.session.id, userId: account.id, clientId: other.clientId }
    await createOrganization(strict(), acting, { name: 'Compromised Co' })
    await db.update(passwordCredentials).set({ compromisedAt: T0 }).where(eq(passwordCredentials.userId, account.id))

    const ctx = strict(later(60))
    const { token } = await createSignIn(ctx, { identifier: account.email }, { signIn: null, client: null })
    expect(await rejection(attemptFirstFactor(ctx, token, { strategy: 'password', password: PASSWORD }, null))).toBe(
      'password_compromised',
    )
    expect((await db.select().from(users).where(eq(users.id, account.id)))[0]?.failedVerificationAttempts).toBe(0)
    // While it stands, the password proves nothing at step-up either.
    expect((await firstFactorsOf(ctx, account.id)).map((factor) => factor.strategy)).not.toContain('password')

    await prepareFirstFactor(ctx, token, { strategy: 'email_code' })
    await attemptFirstFactor(ctx, token, { strategy: 'email_code', code: lastCode(account.email) }, null)
    const { signedIn } = await attemptSecondFactor(
      ctx,
      token,
      { strategy: 'totp', code: totpCode(account.totpSecret ?? '', later(90)) },
      null,
    )
    if (!signedIn) throw new Error('not signed in')
    expect(signedIn.session).toMatchObject({ status: 'pending', tasks: ['reset-password'] })

    const resetting = { id: signedIn.session.id, userId: account.id, clientId: signedIn.clientId }
    expect(await rejection(resetCompromisedPassword(ctx, resetting, PASSWORD))).toBe('password_reused')
    const reset = await resetCompromisedPassword(ctx, resetting, 'a brand new passphrase for this')
    expect(reset).toMatchObject({ status: 'active', tasks: [] })
    // Whoever knew the old password may have had a session: it is gone.
    expect((await findSessionRow(db, other.session.id))?.status).toBe('revoked')
    expect(
      await signIn({
        email: account.email,
        password: 'a brand new passphrase for this',
        totpSecret: account.totpSecret,
        now: later(150),
        config: STRICT,
      }),
    ).toMatchObject({
      session: { status: 'active' },
    })
  })
})
