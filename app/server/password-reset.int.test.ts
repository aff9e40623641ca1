/**
 * "Forgot password?" on a real database (docs/decisions/033-password-reset.md): the reference's
 * `reset_password_email_code` and `reset_password_phone_code` first factors, then
 * `resetPassword({ password, signOutOfOtherSessions })`. The code proves the identifier, the new
 * password meets the password policy, a user with a second factor still passes it, and only then
 * is the password stored and a session started: other sessions signed out by default, the owner
 * told by email, the ledger and `user.updated` written. A ban or a lockout that comes after the
 * reset started stops it at the step that would complete it; an administrator's compromised mark
 * is replaced this way and the `reset-password` task resolves; another user's ids are not found;
 * an identifier without an account looks the same and signs nobody in.
 */

import { and, eq, inArray } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { emailAddresses, sessionEvents, signInAttempts, webhookEndpoints, webhookEvents } from '../../db/schema.ts'
import { authFixtures, later, newEmail, newPhone, PASSWORD, rejection, T0 } from '../../test/support/auth-fixtures.ts'
import { openIsolatedDatabase } from '../../test/support/database.ts'
import { findSessionRow } from '../../test/support/sessions.ts'
import { totpCode } from '../../test/support/totp.ts'
import { SignIn, type SignInTransport } from '../auth/sign-in.ts'
import type { InstanceConfigInput } from '../config/instance.ts'
import type { CodeStrategy } from '../session/factors.ts'
import { ONE_TIME_CODE_MAX_ATTEMPTS } from '../session/policy.ts'
import type { SecondFactorAttempt } from '../session/wire.ts'
import type { SignedIn } from './auth.server.ts'
import { newId } from './crypto.server.ts'
import { verifyPassword } from './passwords.server.ts'
import {
  attemptFirstFactor,
  attemptSecondFactor,
  createSignIn,
  type FirstFactorAttempt,
  getSignIn,
  prepareFirstFactor,
  resetPassword,
  type SignInStep,
} from './sign-in.server.ts'
import { passwordHashOf } from './users.server.ts'

// Its own database: it subscribes an endpoint to `user.updated`, which other files must not see.
const { db } = await openIsolatedDatabase('password_reset')
const { context, createAccount, signIn, lastCode, messagesTo } = authFixtures(db)
await db.insert(webhookEndpoints).values({
  id: newId('webhookEndpoint'),
  url: 'http://127.0.0.1:9/hooks',
  secretEncrypted: 'not used here',
  eventTypes: ['user.updated'],
  createdAt: T0,
  updatedAt: T0,
})

const NEW_PASSWORD = 'a brand new and rather long passphrase'

/** A browser's cookies, and the `SignIn` resource's transport over the services (as the server functions do). */
function browser(now = () => T0, config: InstanceConfigInput = {}) {
  const cookies = { signIn: null as string | null, client: null as string | null }
  const ctx = () => context(now(), config)
  const adopt = (signedIn: SignedIn | null) => {
    if (!signedIn) return null
    cookies.client = signedIn.token
    return signedIn.session.id
  }
  const answer = (step: SignInStep) => ({ signIn: step.signIn, sessionId: adopt(step.signedIn) })
  const transport: SignInTransport = {
    get: () => getSignIn(ctx(), cookies.signIn),
    create: async (params) => {
      const created = await createSignIn(ctx(), params as { identifier: string }, {
        signIn: cookies.signIn,
        client: cookies.client,
      })
      cookies.signIn = created.token
      return answer(created)
    },
    prepareFirstFactor: (params) => prepareFirstFactor(ctx(), cookies.signIn, params as { strategy: CodeStrategy }),
    attemptFirstFactor: async (params) =>
      answer(await attemptFirstFactor(ctx(), cookies.signIn, params as unknown as FirstFactorAttempt, cookies.client)),
    prepareSecondFactor: () => Promise.reject(new Error('not in this test')),
    attemptSecondFactor: async (params) =>
      answer(
        await attemptSecondFactor(ctx(), cookies.signIn, params as unknown as SecondFactorAttempt, cookies.client),
      ),
    resetPassword: async (params) => answer(await resetPassword(ctx(), cookies.signIn, params, cookies.client)),
    signInWithPasskey: () => Promise.reject(new Error('not in this test')),
    pollEmailLink: () => Promise.reject(new Error('not in this test')),
    cancel: async () => {
      cookies.signIn = null
    },
  }
  return { cookies, signIn: new SignIn(null, transport) }
}

/** Up to `needs_new_password` through the resource, as the sign-in page goes: identifier, "Forgot password?", the code. */
async function provenByEmail(email: string, now = () => T0, config: InstanceConfigInput = {}) {
  const tab = browser(now, config)
  await tab.signIn.create({ identifier: email })
  await tab.signIn.prepareFirstFactor({ strategy: 'reset_password_email_code' })
  await tab.signIn.attemptFirstFactor({ strategy: 'reset_password_email_code', code: lastCode(email) })
  return tab
}

const statusOf = async (sessionId: string) => {
  const row = await findSessionRow(db, sessionId)
  return row && { status: row.status, endReason: row.endReason, tasks: row.tasks }
}
const passwordIs = async (userId: string, password: string) =>
  verifyPassword(await passwordHashOf(db, userId), password)
const ledgerOf = (userId: string) =>
  db
    .select({ type: sessionEvents.type, sessionId: sessionEvents.sessionId, detail: sessionEvents.detail })
    .from(sessionEvents)
    .where(and(eq(sessionEvents.userId, userId), eq(sessionEvents.type, 'password_changed')))
const userUpdatedEvents = async (userId: string) =>
  (await db.select().from(webhookEvents).where(eq(webhookEvents.type, 'user.updated'))).filter(
    (event) => (event.payload.data as { id?: string } | undefined)?.id === userId,
  )

describe('resetting a forgotten password by email', () => {
  it('proves the address, takes a new password under the policy, signs in and signs the other sessions out', async () => {
    const account = await createAccount()
    const elsewhere = await signIn({ email: account.email })
    const tab = browser()
    await tab.signIn.create({ identifier: account.email })
    expect(tab.signIn.supportedFirstFactors?.map((factor) => factor.strategy)).toEqual([
      'password',
      'email_code',
      'email_link',
      'reset_password_email_code',
    ])
    await tab.signIn.prepareFirstFactor({ strategy: 'reset_password_email_code' })
    const sent = messagesTo(account.email).at(-1)
    expect(sent).toMatchObject({ channel: 'email', subject: expect.stringContaining('password reset code') })
    expect(tab.signIn.firstFactorVerification).toMatchObject({
      strategy: 'reset_password_email_code',
      status: 'unverified',
    })

    await tab.signIn.attemptFirstFactor({ strategy: 'reset_password_email_code', code: lastCode(account.email) })
    expect(tab.signIn.status).toBe('needs_new_password')
    expect(tab.signIn.createdSessionId).toBeNull()
    expect(tab.signIn.firstFactorVerification).toMatchObject({
      strategy: 'reset_password_email_code',
      status: 'verified',
    })
    // The policy of every new password: too short is refused and nothing moves.
    expect(await rejection(tab.signIn.resetPassword({ password: 'short' }))).toBe('password_too_short')
    expect(await rejection(tab.signIn.resetPassword({ password: 'password123456789' }))).toBe('password_too_common')
    expect((await tab.signIn.reload()).status).toBe('needs_new_password')
    expect(await passwordIs(account.id, PASSWORD)).toBe(true)

    await tab.signIn.resetPassword({ password: NEW_PASSWORD })
    expect(tab.signIn.status).toBe('complete')
    const sessionId = tab.signIn.createdSessionId ?? ''
    expect(await statusOf(sessionId)).toMatchObject({ status: 'active', tasks: [] })
    expect(await statusOf(elsewhere.session.id)).toMatchObject({ status: 'revoked', endReason: 'password_changed' })
    expect(await passwordIs(account.id, NEW_PASSWORD)).toBe(true)
    expect(await passwordIs(account.id, PASSWORD)).toBe(false)
    expect(await ledgerOf(account.id)).toEqual([
      { type: 'password_changed', sessionId, detail: 'password reset by email code' },
    ])
    expect(messagesTo(account.email).at(-1)).toMatchObject({
      subject: expect.stringMatching(/password changed/i),
      text: expect.stringContaining('password reset by email code'),
    })
    expect(await userUpdatedEvents(account.id)).toHaveLength(1)
    const session = await findSessionRow(db, sessionId)
    expect(session?.firstFactorVerifiedAt).toEqual(T0)

    // The old password no longer signs in; the new one does.
    expect(await rejection(signIn({ email: account.email }))).toBe('invalid_credentials')
    await signIn({ email: account.email, password: NEW_PASSWORD })
  })

  it("follows the reference's legacy forgot-password guide: create with the strategy, then code and password in one call", async () => {
    const account = await createAccount()
    const tab = browser()
    await tab.signIn.create({ strategy: 'reset_password_email_code', identifier: account.email })
    const code = lastCode(account.email)
    // A refused password leaves the code spent and the attempt waiting for a better one.
    expect(
      await rejection(
        tab.signIn.attemptFirstFactor({ strategy: 'reset_password_email_code', code, password: 'short' }),
      ),
    ).toBe('password_too_short')
    expect(tab.signIn.status).toBe('needs_new_password')
    await tab.signIn.attemptFirstFactor({ strategy: 'reset_password_email_code', code, password: NEW_PASSWORD })
    expect(tab.signIn.status).toBe('complete')
    expect(await passwordIs(account.id, NEW_PASSWORD)).toBe(true)
  })

  it('keeps the other sessions when asked (signOutOfOtherSessions: false)', async () => {
    const account = await createAccount()
    const elsewhere = await signIn({ email: account.email })
    const tab = await provenByEmail(account.email)
    await tab.signIn.resetPassword({ password: NEW_PASSWORD, signOutOfOtherSessions: false })
    expect(tab.signIn.status).toBe('complete')
    expect(await statusOf(elsewhere.session.id)).toMatchObject({ status: 'active' })
  })

  it('spends the code once: a second try at the step, or the code as a sign-in code, is refused', async () => {
    const account = await createAccount()
    const tab = browser()
    await tab.signIn.create({ identifier: account.email })
    await tab.signIn.prepareFirstFactor({ strategy: 'reset_password_email_code' })
    const code = lastCode(account.email)
    // A reset code is not a sign-in code (its own purpose): it does not sign in.
    expect(await rejection(tab.signIn.attemptFirstFactor({ strategy: 'email_code', code }))).toBe('code_not_sent')
    await tab.signIn.attemptFirstFactor({ strategy: 'reset_password_email_code', code })
    expect(await rejection(tab.signIn.attemptFirstFactor({ strategy: 'reset_password_email_code', code }))).toBe(
      'sign_in_step_invalid',
    )
  })

  it('caps the tries at a code, as for every code', async () => {
    const account = await createAccount()
    const tab = browser()
    await tab.signIn.create({ identifier: account.email })
    await tab.signIn.prepareFirstFactor({ strategy: 'reset_password_email_code' })
    const right = lastCode(account.email)
    const wrong = right === '000000' ? '111111' : '000000'
    for (let i = 0; i < ONE_TIME_CODE_MAX_ATTEMPTS; i++) {
      expect(
        await rejection(tab.signIn.attemptFirstFactor({ strategy: 'reset_password_email_code', code: wrong })),
      ).toBe('code_incorrect')
    }
    expect(await rejection(tab.signIn.attemptFirstFactor({ strategy: 'reset_password_email_code', code: right }))).toBe(
      'code_attempts_exceeded',
    )
  })

  it('answers an identifier without an account exactly alike, sends nothing and signs nobody in', async () => {
    const known = await createAccount()
    const unknown = newEmail()
    const [a, b] = [browser(), browser()]
    await a.signIn.create({ identifier: known.email })
    await b.signIn.create({ identifier: unknown })
    expect(b.signIn.supportedFirstFactors?.map((factor) => factor.strategy)).toEqual(
      a.signIn.supportedFirstFactors?.map((factor) => factor.strategy),
    )
    await a.signIn.prepareFirstFactor({ strategy: 'reset_password_email_code' })
    await b.signIn.prepareFirstFactor({ strategy: 'reset_password_email_code' })
    expect(b.signIn.firstFactorVerification.status).toBe(a.signIn.firstFactorVerification.status)
    expect(messagesTo(unknown)).toEqual([])
    expect(
      await rejection(b.signIn.attemptFirstFactor({ strategy: 'reset_password_email_code', code: '123456' })),
    ).toBe('code_incorrect')
    expect(await rejection(b.signIn.resetPassword({ password: NEW_PASSWORD }))).toBe('sign_in_step_invalid')
  })

  it("finds the identifier's own id, and not another user's (the reference's emailAddressId)", async () => {
    const account = await createAccount()
    const other = await createAccount()
    const idOf = async (userId: string) =>
      (await db.select({ id: emailAddresses.id }).from(emailAddresses).where(eq(emailAddresses.userId, userId)))[0]
        ?.id ?? ''
    const tab = browser()
    await tab.signIn.create({ identifier: account.email })
    expect(
      await rejection(
        tab.signIn.prepareFirstFactor({ strategy: 'reset_password_email_code', emailAddressId: await idOf(other.id) }),
      ),
    ).toBe('identifier_not_found')
    expect(
      await rejection(
        tab.signIn.prepareFirstFactor({ strategy: 'reset_password_phone_code', phoneNumberId: 'phone_whatever' }),
      ),
    ).toBe('strategy_not_allowed')
    expect(messagesTo(account.email)).toEqual([])
    await tab.signIn.prepareFirstFactor({
      strategy: 'reset_password_email_code',
      emailAddressId: await idOf(account.id),
    })
    expect(messagesTo(account.email)).toHaveLength(1)

    // Without an account, any id is not found: the same answer.
    const nobody = browser()
    await nobody.signIn.create({ identifier: newEmail() })
    expect(
      await rejection(
        nobody.signIn.prepareFirstFactor({
          strategy: 'reset_password_email_code',
          emailAddressId: await idOf(other.id),
        }),
      ),
    ).toBe('identifier_not_found')
  })

  it('is not offered where passwords are not a way in', async () => {
    const account = await createAccount()
    const tab = browser(() => T0, { factors: { firstFactors: ['email_code', 'reset_password_email_code'] } })
    await tab.signIn.create({ identifier: account.email })
    expect(tab.signIn.supportedFirstFactors?.map((factor) => factor.strategy)).toEqual(['email_code'])
    expect(await rejection(tab.signIn.prepareFirstFactor({ strategy: 'reset_password_email_code' }))).toBe(
      'strategy_not_allowed',
    )
  })
})

describe('a user with a second factor', () => {
  it('still passes it: the password is stored only when the sign-in completes', async () => {
    const account = await createAccount({ totp: true })
    const tab = await provenByEmail(account.email)
    await tab.signIn.resetPassword({ password: NEW_PASSWORD })
    expect(tab.signIn.status).toBe('needs_second_factor')
    expect(tab.signIn.supportedSecondFactors?.map((factor) => factor.strategy)).toEqual(['totp'])
    expect(await passwordIs(account.id, PASSWORD)).toBe(true)
    expect(await rejection(tab.signIn.attemptSecondFactor({ strategy: 'totp', code: '000000' }))).toMatch(/code_/)
    expect(await passwordIs(account.id, PASSWORD)).toBe(true)

    await tab.signIn.attemptSecondFactor({ strategy: 'totp', code: totpCode(account.totpSecret ?? '', T0) })
    expect(tab.signIn.status).toBe('complete')
    expect(await passwordIs(account.id, NEW_PASSWORD)).toBe(true)
    const session = await findSessionRow(db, tab.signIn.createdSessionId ?? '')
    expect(session).toMatchObject({ status: 'active' })
    expect(session?.secondFactorVerifiedAt).toEqual(T0)
    const [attempt] = await db
      .select()
      .from(signInAttempts)
      .where(eq(signInAttempts.sessionId, session?.id ?? ''))
    expect(attempt?.newPasswordHash).toBeNull()
  })
})

describe('a ban or a lockout after the reset started', () => {
  it('a ban stops it at the new password', async () => {
    const account = await createAccount()
    const tab = await provenByEmail(account.email)
    await db.execute(`update users set banned_at = now() where id = '${account.id}'`)
    expect(await rejection(tab.signIn.resetPassword({ password: NEW_PASSWORD }))).toBe('user_banned')
    expect(await passwordIs(account.id, PASSWORD)).toBe(true)
    const failures = await db
      .select({ detail: sessionEvents.detail })
      .from(sessionEvents)
      .where(and(eq(sessionEvents.userId, account.id), eq(sessionEvents.type, 'sign_in_failed')))
    expect(failures).toEqual([{ detail: 'reset_password_email_code: user_banned' }])
  })

  it('a ban after the new password stops it at the second factor', async () => {
    const account = await createAccount({ totp: true })
    const tab = await provenByEmail(account.email)
    await tab.signIn.resetPassword({ password: NEW_PASSWORD })
    await db.execute(`update users set banned_at = now() where id = '${account.id}'`)
    const code = totpCode(account.totpSecret ?? '', T0)
    expect(await rejection(tab.signIn.attemptSecondFactor({ strategy: 'totp', code }))).toBe('user_banned')
    expect(await passwordIs(account.id, PASSWORD)).toBe(true)
  })

  it('a lockout stops it at the new password, and at the second factor', async () => {
    const config: InstanceConfigInput = { lockout: { maxFailures: 5, durationMinutes: 15 } }
    const lockOut = async (email: string) => {
      for (let i = 0; i < 5; i++) {
        await rejection(
          createSignIn(context(T0, config), { identifier: email, password: 'wrong!' }, { signIn: null, client: null }),
        )
      }
    }
    const plain = await createAccount()
    const tab = await provenByEmail(plain.email, () => T0, config)
    await lockOut(plain.email)
    expect(await rejection(tab.signIn.resetPassword({ password: NEW_PASSWORD }))).toBe('user_locked')
    expect(await passwordIs(plain.id, PASSWORD)).toBe(true)

    const withTotp = await createAccount({ totp: true })
    const second = await provenByEmail(withTotp.email, () => T0, config)
    await second.signIn.resetPassword({ password: NEW_PASSWORD })
    await lockOut(withTotp.email)
    const code = totpCode(withTotp.totpSecret ?? '', T0)
    expect(await rejection(second.signIn.attemptSecondFactor({ strategy: 'totp', code }))).toBe('user_locked')
    expect(await passwordIs(withTotp.id, PASSWORD)).toBe(true)
  })
})

describe('a password an administrator marked compromised', () => {
  it('is replaced this way, and the reset-password task of a session kept resolves', async () => {
    const account = await createAccount({ passwordCompromised: true })
    // Signed in with an email code since the mark: the session owes a new password.
    const first = browser()
    await first.signIn.create({ identifier: account.email })
    await first.signIn.prepareFirstFactor({ strategy: 'email_code' })
    await first.signIn.attemptFirstFactor({ strategy: 'email_code', code: lastCode(account.email) })
    const owing = first.signIn.createdSessionId ?? ''
    expect(await statusOf(owing)).toMatchObject({ status: 'pending', tasks: ['reset-password'] })

    const tab = await provenByEmail(account.email, () => later(60))
    expect(await rejection(tab.signIn.resetPassword({ password: PASSWORD }))).toBe('password_reused')
    await tab.signIn.resetPassword({ password: NEW_PASSWORD, signOutOfOtherSessions: false })
    expect(tab.signIn.status).toBe('complete')
    expect(await statusOf(tab.signIn.createdSessionId ?? '')).toMatchObject({ status: 'active', tasks: [] })
    expect(await statusOf(owing)).toMatchObject({ status: 'active', tasks: [] })
    expect(await passwordIs(account.id, NEW_PASSWORD)).toBe(true)
    await signIn({ email: account.email, password: NEW_PASSWORD })
  })
})

describe('resetting by text message (the phone variant)', () => {
  it('proves the number, takes the new password and signs in', async () => {
    const phoneNumber = newPhone()
    const account = await createAccount({ phoneNumber })
    const elsewhere = await signIn({ email: account.email })
    const tab = browser()
    await tab.signIn.create({ identifier: phoneNumber })
    expect(tab.signIn.supportedFirstFactors?.map((factor) => factor.strategy)).toEqual([
      'phone_code',
      'password',
      'reset_password_phone_code',
    ])
    await tab.signIn.prepareFirstFactor({
      strategy: 'reset_password_phone_code',
      phoneNumberId: account.phoneNumberId ?? '',
    })
    expect(messagesTo(phoneNumber).at(-1)).toMatchObject({
      channel: 'sms',
      text: expect.stringContaining('password reset code'),
    })
    await tab.signIn.attemptFirstFactor({ strategy: 'reset_password_phone_code', code: lastCode(phoneNumber) })
    expect(tab.signIn.status).toBe('needs_new_password')
    await tab.signIn.resetPassword({ password: NEW_PASSWORD })
    expect(tab.signIn.status).toBe('complete')
    expect(await passwordIs(account.id, NEW_PASSWORD)).toBe(true)
    expect(await statusOf(elsewhere.session.id)).toMatchObject({ status: 'revoked', endReason: 'password_changed' })
    expect(await ledgerOf(account.id)).toEqual([
      {
        type: 'password_changed',
        sessionId: tab.signIn.createdSessionId,
        detail: 'password reset by text message code',
      },
    ])
    const revoked = await db
      .select({ id: signInAttempts.id })
      .from(signInAttempts)
      .where(and(eq(signInAttempts.userId, account.id), inArray(signInAttempts.status, ['needs_new_password'])))
    expect(revoked).toEqual([])
  })
})
