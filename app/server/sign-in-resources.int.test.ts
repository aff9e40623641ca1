/**
 * The browser's `SignIn` and `SignUp` resources (app/auth/sign-in.ts, sign-up.ts) driving the real
 * attempt records on a real database, step by step as the reference's legacy custom-flow guides
 * call them: email and password with an authenticator app as second factor, an email code, and a
 * sign-up by email code. The transport here stands in for the server functions: it calls the same
 * services and keeps the cookies a browser would.
 */

import { describe, expect, it } from 'vitest'
import { authFixtures, later, newEmail, newPhone, PASSWORD, rejection, T0 } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import { totpCode } from '../../test/support/totp.ts'
import type { EmailCodeFactor } from '../auth/session.ts'
import type { SignInFirstFactor, SignInTransport } from '../auth/sign-in.ts'
import { SignIn } from '../auth/sign-in.ts'
import { SignUp, type SignUpTransport } from '../auth/sign-up.ts'
import type { CodeStrategy } from '../session/factors.ts'
import type { SecondFactorAttempt, SecondFactorCodeTarget } from '../session/wire.ts'
import type { SignedIn } from './auth.server.ts'
import { openEmailLink } from './email-links.server.ts'
import {
  attemptFirstFactor,
  attemptSecondFactor,
  completeEmailLinkSignIn,
  createSignIn,
  type FirstFactorAttempt,
  getSignIn,
  prepareFirstFactor,
  prepareSecondFactor,
  resetPassword,
  type SignInStep,
} from './sign-in.server.ts'
import {
  completeEmailLinkSignUp,
  createSignUp,
  getSignUp,
  type NewSignUp,
  prepareSignUpVerification,
  updateSignUp,
  verifySignUp,
} from './sign-up.server.ts'

const { db } = await openTestDatabase()
const { context, createAccount, lastCode, lastLinkToken } = authFixtures(db)

/** A browser's cookies, and the resources' transports over the services. */
function browser(now = () => T0) {
  const cookies = { signIn: null as string | null, signUp: null as string | null, client: null as string | null }
  const adopt = (signedIn: SignedIn | null) => {
    if (!signedIn) return null
    cookies.client = signedIn.token
    return signedIn.session.id
  }
  const answer = (step: SignInStep) => ({ signIn: step.signIn, sessionId: adopt(step.signedIn) })
  const signIn: SignInTransport = {
    get: () => getSignIn(context(now()), cookies.signIn),
    create: async (params) => {
      const created = await createSignIn(context(now()), params as { identifier: string; password?: string }, {
        signIn: cookies.signIn,
        client: cookies.client,
      })
      cookies.signIn = created.token
      return answer(created)
    },
    prepareFirstFactor: (params) =>
      prepareFirstFactor(context(now()), cookies.signIn, params as { strategy: CodeStrategy }),
    attemptFirstFactor: async (params) =>
      answer(
        await attemptFirstFactor(
          context(now()),
          cookies.signIn,
          params as unknown as FirstFactorAttempt,
          cookies.client,
        ),
      ),
    prepareSecondFactor: (params) =>
      prepareSecondFactor(context(now()), cookies.signIn, params as unknown as SecondFactorCodeTarget),
    attemptSecondFactor: async (params) =>
      answer(
        await attemptSecondFactor(
          context(now()),
          cookies.signIn,
          params as unknown as SecondFactorAttempt,
          cookies.client,
        ),
      ),
    resetPassword: async (params) =>
      answer(await resetPassword(context(now()), cookies.signIn, params, cookies.client)),
    signInWithPasskey: () => Promise.reject(new Error('not in this test')),
    cancel: async () => {
      cookies.signIn = null
    },
    pollEmailLink: async () => answer(await completeEmailLinkSignIn(context(now()), cookies.signIn, cookies.client)),
  }
  const signUp: SignUpTransport = {
    get: () => getSignUp(db, cookies.signUp, now()),
    create: async (params) => {
      const { email, password = null, firstName = null, lastName = null } = params as Partial<NewSignUp>
      const created = await createSignUp(
        context(now()),
        { email: email ?? '', password, firstName, lastName },
        cookies.signUp,
      )
      cookies.signUp = created.token
      return created.signUp
    },
    update: (params) => updateSignUp(context(now()), cookies.signUp, params as Parameters<typeof updateSignUp>[2]),
    prepareVerification: (params) =>
      prepareSignUpVerification(context(now()), cookies.signUp, params as { strategy: 'email_code' | 'email_link' }),
    pollEmailLink: async () => {
      const { signUp: json, signedIn } = await completeEmailLinkSignUp(context(now()), cookies.signUp, cookies.client)
      return { signUp: json, sessionId: adopt(signedIn) ?? json.createdSessionId }
    },
    attemptVerification: async (params) => {
      const { signUp: json, signedIn } = await verifySignUp(
        context(now()),
        cookies.signUp,
        { code: String(params.code) },
        cookies.client,
      )
      return { signUp: json, sessionId: adopt(signedIn) }
    },
    cancel: async () => {
      cookies.signUp = null
    },
  }
  return { cookies, signIn, signUp }
}

describe('the SignIn resource over the real attempt', () => {
  it("an email link (the reference's legacy guide): startEmailLinkFlow resolves once the link is opened in this browser", async () => {
    const account = await createAccount()
    const { signIn: transport, cookies } = browser()
    const signIn = new SignIn(null, transport)
    const { supportedFirstFactors } = await signIn.create({ identifier: account.email })
    const factor = supportedFirstFactors?.find((candidate) => candidate.strategy === 'email_link')
    expect(factor).toMatchObject({ strategy: 'email_link', safeIdentifier: expect.any(String) })
    const { startEmailLinkFlow } = signIn.createEmailLinkFlow()
    const done = startEmailLinkFlow({ emailAddressId: 'idn_ignored', redirectUrl: '/sign-in/verify' })
    await expect.poll(() => signIn.firstFactorVerification.status).toBe('unverified')
    const opened = await openEmailLink(context(), lastLinkToken(account.email), {
      signIn: cookies.signIn,
      signUp: null,
      client: cookies.client,
    })
    const settled = await done
    expect(settled).toBe(signIn)
    expect(signIn).toMatchObject({ status: 'complete', createdSessionId: opened.outcome.createdSessionId })
    expect(signIn.firstFactorVerification.verifiedFromTheSameClient()).toBe(true)
  }, 15_000)

  it('email and password, then the authenticator app (the MFA guide): create, attemptSecondFactor, complete', async () => {
    const account = await createAccount({ totp: true })
    const { signIn: transport } = browser()
    const signIn = new SignIn(null, transport)

    const created = await signIn.create({ identifier: account.email, password: PASSWORD })
    expect(created).toBe(signIn)
    expect(signIn).toMatchObject({
      status: 'needs_second_factor',
      identifier: account.email,
      createdSessionId: null,
      firstFactorVerification: { status: 'verified', strategy: 'password' },
    })
    expect(signIn.supportedSecondFactors?.map((factor) => factor.strategy)).toEqual(['totp'])

    await signIn.attemptSecondFactor({ strategy: 'totp', code: totpCode(account.totpSecret ?? '', T0) })
    expect(signIn.status).toBe('complete')
    expect(signIn.createdSessionId).toMatch(/^sess_/)
  })

  it('an email code (the OTP guide): create, the factor from supportedFirstFactors, prepare, attempt', async () => {
    const account = await createAccount()
    const { signIn: transport } = browser()
    const signIn = new SignIn(null, transport)

    const { supportedFirstFactors } = await signIn.create({ identifier: account.email })
    expect(signIn.status).toBe('needs_first_factor')
    const isEmailCode = (factor: SignInFirstFactor): factor is EmailCodeFactor => factor.strategy === 'email_code'
    const factor = supportedFirstFactors?.find(isEmailCode)
    expect(factor?.safeIdentifier).toMatch(/•/)
    await signIn.prepareFirstFactor({ strategy: 'email_code', emailAddressId: factor?.emailAddressId })
    expect(signIn.firstFactorVerification).toMatchObject({ status: 'unverified', strategy: 'email_code' })

    expect(await rejection(signIn.attemptFirstFactor({ strategy: 'email_code', code: '000000' }))).toBe(
      'code_incorrect',
    )
    expect(signIn.status).toBe('needs_first_factor')
    await signIn.attemptFirstFactor({ strategy: 'email_code', code: lastCode(account.email) })
    expect(signIn).toMatchObject({ status: 'complete', createdSessionId: expect.stringMatching(/^sess_/) })
  })

  it('an email code, then a texted second factor: prepareSecondFactor, attemptSecondFactor', async () => {
    const phoneNumber = newPhone()
    const account = await createAccount({ phoneNumber, smsSecondFactor: true })
    const { signIn: transport } = browser()
    const signIn = new SignIn(null, transport)
    await signIn.create({ identifier: account.email })
    await signIn.prepareFirstFactor({ strategy: 'email_code' })
    await signIn.attemptFirstFactor({ strategy: 'email_code', code: lastCode(account.email) })
    expect(signIn.status).toBe('needs_second_factor')
    const phone = signIn.supportedSecondFactors?.find((factor) => factor.strategy === 'phone_code')
    expect(phone).toBeDefined()
    await signIn.prepareSecondFactor({ strategy: 'phone_code' })
    expect(signIn.secondFactorVerification).toMatchObject({ status: 'unverified', strategy: 'phone_code' })
    await signIn.attemptSecondFactor({ strategy: 'phone_code', code: lastCode(phoneNumber) })
    expect(signIn).toMatchObject({ status: 'complete', createdSessionId: expect.stringMatching(/^sess_/) })
  })

  it('a second resource of the page drives the same attempt, and reload() reads it', async () => {
    const account = await createAccount({ totp: true })
    const { signIn: transport } = browser()
    await new SignIn(null, transport).create({ identifier: account.email, password: PASSWORD })
    const other = new SignIn(null, transport)
    expect(other.status).toBeNull()
    await other.reload()
    expect(other).toMatchObject({ status: 'needs_second_factor', identifier: account.email })
  })

  it('refuses a step out of order with a code, and changes nothing', async () => {
    const account = await createAccount()
    const { signIn: transport } = browser()
    const signIn = new SignIn(null, transport)
    await signIn.create({ identifier: account.email })
    expect(await rejection(signIn.attemptSecondFactor({ strategy: 'totp', code: '123456' }))).toBe(
      'sign_in_step_invalid',
    )
    expect(signIn.status).toBe('needs_first_factor')
  })
})

describe('the SignUp resource over the real attempt', () => {
  it('create, prepareEmailAddressVerification, attemptEmailAddressVerification (the email/password guide)', async () => {
    const email = newEmail()
    let now = T0
    const { signUp: transport } = browser(() => now)
    const signUp = new SignUp(null, transport)

    await signUp.create({ emailAddress: email, password: 'correct horse battery staple' })
    expect(signUp).toMatchObject({
      status: 'missing_requirements',
      emailAddress: email,
      missingFields: [],
      unverifiedFields: ['email_address'],
      verifications: { emailAddress: { status: null } },
    })
    await signUp.prepareEmailAddressVerification({ strategy: 'email_code' })
    expect(signUp.verifications.emailAddress).toMatchObject({ status: 'unverified', strategy: 'email_code' })
    expect(await rejection(signUp.prepareEmailAddressVerification())).toBe('code_resend_too_soon')

    now = later(30)
    const done = await signUp.attemptEmailAddressVerification({ code: lastCode(email) })
    expect(done).toBe(signUp)
    expect(signUp).toMatchObject({ status: 'complete', unverifiedFields: [] })
    expect(signUp.createdSessionId).toMatch(/^sess_/)
  })

  it('update() changes the names of the sign-up in progress, once it has ended nothing', async () => {
    const email = newEmail()
    let now = T0
    const { signUp: transport } = browser(() => now)
    const signUp = new SignUp(null, transport)
    await signUp.create({ emailAddress: email, password: 'correct horse battery staple', firstName: 'Ada' })
    await signUp.update({ lastName: 'Lovelace' })
    expect(signUp).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', emailAddress: email })
    await signUp.update({ firstName: null } as never)
    expect([signUp.firstName, signUp.lastName]).toEqual([null, 'Lovelace'])
    await signUp.prepareEmailAddressVerification()
    now = later(30)
    await signUp.attemptEmailAddressVerification({ code: lastCode(email) })
    expect(signUp.status).toBe('complete')
    // The attempt has ended: nothing more to change.
    expect(await rejection(signUp.update({ firstName: 'Grace' }))).toBe('sign_up_not_found')
    // Expired.
    const late = new SignUp(null, browser(() => now).signUp)
    await late.create({ emailAddress: newEmail(), password: 'correct horse battery staple' })
    now = later(24 * 3600)
    expect(await rejection(late.update({ firstName: 'Grace' }))).toBe('sign_up_expired')
  })

  it("update() without a sign-up in progress, or with another browser's, finds none", async () => {
    const ada = browser()
    await new SignUp(null, ada.signUp).create({ emailAddress: newEmail(), password: 'correct horse battery staple' })
    const eve = browser()
    expect(await rejection(new SignUp(null, eve.signUp).update({ firstName: 'Eve' }))).toBe('sign_up_not_found')
    expect((await ada.signUp.get())?.firstName).toBeNull()
  })
})
