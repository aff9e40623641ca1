/**
 * Sign-up with email verification on a real database. Guards: no account exists until the emailed
 * code comes back; an address that already has an account gets a notice instead of a code, and the
 * form cannot tell the difference; the password rules hold; nothing is half-created.
 */

import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { emailAddresses, passwordCredentials, sessionEvents, users } from '../../db/schema.ts'
import { authFixtures, later, newEmail, rejection, T0 } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import type { InstanceConfigInput } from '../config/instance.ts'
import { createSignUp, getSignUp, prepareSignUpVerification, verifySignUp } from './sign-up.server.ts'

const { db } = await openTestDatabase()
const { context, createAccount, lastCode, messagesTo } = authFixtures(db)

const details = (email = newEmail()) => ({
  email,
  password: 'correct horse battery staple',
  firstName: 'Ada',
  lastName: 'Lovelace',
})

/** Creates the sign-up and sends its code, as the sign-up page does. */
async function start(input = details(), config: InstanceConfigInput = {}) {
  const created = await createSignUp(context(T0, config), input, null)
  const signUp = await prepareSignUpVerification(context(T0, config), created.token)
  return { ...created, signUp }
}

describe('sign-up', () => {
  it('sends nothing until the verification is prepared', async () => {
    const input = details()
    const { signUp, token } = await createSignUp(context(T0), input, null)
    expect(signUp).toMatchObject({ status: 'needs_verification', verification: null })
    expect(messagesTo(input.email)).toHaveLength(0)
    expect(await prepareSignUpVerification(context(T0), token)).toMatchObject({
      verification: { strategy: 'email_code', status: 'unverified' },
    })
    expect(messagesTo(input.email)).toHaveLength(1)
  })

  it('creates nothing until the code comes back, then the user (address verified), password and session', async () => {
    const input = details()
    const { signUp, token } = await start(input)
    expect(signUp).toMatchObject({
      status: 'needs_verification',
      emailAddress: input.email,
      verification: { strategy: 'email_code' },
    })
    expect(await db.$count(emailAddresses, eq(emailAddresses.email, input.email))).toBe(0)
    expect(messagesTo(input.email)[0]).toMatchObject({ subject: expect.stringMatching(/verification code$/) })

    const { signedIn, signUp: done } = await verifySignUp(
      context(later(30)),
      token,
      { code: lastCode(input.email) },
      null,
    )
    expect(done).toMatchObject({ status: 'complete', createdSessionId: signedIn.session.id })
    const [address] = await db.select().from(emailAddresses).where(eq(emailAddresses.email, input.email))
    expect(address).toMatchObject({ isPrimary: true, verifiedAt: later(30) })
    const [user] = await db.select().from(users).where(eq(users.id, signedIn.session.userId))
    expect(user).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace' })
    const [credential] = await db
      .select()
      .from(passwordCredentials)
      .where(eq(passwordCredentials.userId, user?.id ?? ''))
    expect(credential?.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(signedIn.session).toMatchObject({
      status: 'active',
      firstFactorVerifiedAt: later(30),
      secondFactorVerifiedAt: null,
    })
    const events = await db.select().from(sessionEvents).where(eq(sessionEvents.sessionId, signedIn.session.id))
    expect(events).toMatchObject([{ type: 'created', detail: 'email_code' }])
  })

  it('answers the same for an address that has an account, mails it a notice, and never lets a code in', async () => {
    const { email } = await createAccount()
    const before = await db.$count(users)
    const { signUp, token } = await start(details(email))
    const fresh = (await start()).signUp
    const shape = (json: typeof signUp) => ({
      ...json,
      id: null,
      emailAddress: null,
      expireAt: null,
      verification: null,
    })
    expect(shape(signUp)).toEqual(shape(fresh))
    const [notice] = messagesTo(email)
    expect(notice).toMatchObject({ subject: 'You already have a Tessera account' })
    expect(notice?.text).not.toMatch(/\b\d{6}\b/)
    expect(await rejection(verifySignUp(context(), token, { code: '123456' }, null))).toBe('code_incorrect')
    expect(await db.$count(users)).toBe(before)
  })

  it.each([
    ['short', 'password_too_short'],
    ['password123', 'password_too_common'],
    ['Lovelace1843!', 'password_too_common'],
    ['x'.repeat(257), 'password_too_long'],
  ])('refuses the password %j with %s before anything is sent', async (password, code) => {
    const input = { ...details(), password }
    expect(await rejection(start(input))).toBe(code)
    expect(messagesTo(input.email)).toHaveLength(0)
  })

  it('requires 15 characters when the instance asks for the single-factor minimum', async () => {
    const input = { ...details(), password: 'fourteen chars' }
    expect(await rejection(start(input, { passwords: { requireSingleFactorLength: true } }))).toBe('password_too_short')
  })

  it('lets exactly one of two sign-ups racing for one address finish', async () => {
    const email = newEmail()
    const a = await start(details(email))
    const codeA = lastCode(email)
    const b = await start(details(email))
    const codeB = lastCode(email)
    const results = await Promise.allSettled([
      verifySignUp(context(), a.token, { code: codeA }, null),
      verifySignUp(context(), b.token, { code: codeB }, null),
    ])
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1)
    const refused = results.find((result) => result.status === 'rejected')
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'identifier_exists' })
    expect(await db.$count(emailAddresses, eq(emailAddresses.email, email))).toBe(1)
  })

  it('resends after the cooldown, resumes from the cookie, and expires after 10 minutes', async () => {
    const input = details()
    const { token } = await start(input)
    expect(await rejection(prepareSignUpVerification(context(later(5)), token))).toBe('code_resend_too_soon')
    await prepareSignUpVerification(context(later(30)), token)
    expect(messagesTo(input.email)).toHaveLength(2)
    expect(await getSignUp(db, token, later(60))).toMatchObject({ emailAddress: input.email })
    expect(await getSignUp(db, token, later(600))).toBeNull()
    expect(await rejection(verifySignUp(context(later(600)), token, { code: lastCode(input.email) }, null))).toBe(
      'sign_up_expired',
    )
  })
})
