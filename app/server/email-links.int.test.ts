/**
 * Email links (`email_link`, docs/decisions/036-email-links.md) on a real database, clock injected:
 * the token is kept only as its SHA-256, works once and only until EMAIL_LINK_TTL_SECONDS, for the
 * sign-in, sign-up or address that asked for it; by default only in the browser that asked for it
 * (the reference's "Require the same device and browser"); otherwise it verifies in another browser,
 * which is not signed in, and the browser that asked completes on its poll. Opening counts against
 * the per-IP rate limit. (Twenty concurrent openings: one-time-artefacts.int.test.ts.)
 */

import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { emailAddresses, sessions, signInAttempts, users, verificationCodes } from '../../db/schema.ts'
import { authFixtures, later, newEmail, rejection, T0 } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import type { InstanceConfigInput } from '../config/instance.ts'
import { EMAIL_LINK_TTL_SECONDS } from '../session/policy.ts'
import { addEmailAddress, resendEmailVerification } from './account.server.ts'
import { newClientToken, sha256Hex } from './crypto.server.ts'
import { openEmailLink } from './email-links.server.ts'
import { completeEmailLinkSignIn, createSignIn, getSignIn, prepareFirstFactor } from './sign-in.server.ts'
import { completeEmailLinkSignUp, createSignUp, prepareSignUpVerification } from './sign-up.server.ts'

const { db } = await openTestDatabase()
const { context, createAccount, signUp, lastLinkToken, messagesTo } = authFixtures(db)

const ANY_BROWSER: InstanceConfigInput = { factors: { emailLinkRequireSameClient: false } }
const sessionsOf = (userId: string) => db.$count(sessions, eq(sessions.userId, userId))

/** A browser that started a sign-in by email link for `email`: its sign-in cookie and the link's token. */
async function askForLink(email: string, now = T0, config: InstanceConfigInput = {}) {
  const { token } = await createSignIn(context(now, config), { identifier: email }, { signIn: null, client: null })
  const signIn = await prepareFirstFactor(context(now, config), token, {
    strategy: 'email_link',
    redirectUrl: '/sign-in/verify',
  })
  return { signInToken: token, link: lastLinkToken(email), signIn }
}

describe('signing in by email link', () => {
  it('is offered for an email address, stores only the SHA-256 of a 256-bit token, and mails the landing page', async () => {
    const account = await createAccount()
    const { link, signIn } = await askForLink(account.email)
    expect(signIn.supportedFirstFactors.map((factor) => factor.strategy)).toContain('email_link')
    expect(signIn.firstFactorVerification).toMatchObject({ strategy: 'email_link', status: 'unverified' })
    expect(link).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const [row] = await db
      .select()
      .from(verificationCodes)
      .where(eq(verificationCodes.codeHash, sha256Hex(link)))
    expect(row).toMatchObject({
      strategy: 'email_link',
      purpose: 'sign_in_first_factor',
      redirectUrl: '/sign-in/verify',
    })
    expect(JSON.stringify(row)).not.toContain(link)
    expect(messagesTo(account.email).at(-1)?.text).toContain(`http://localhost:3000/email-link/verify#token=${link}`)
  })

  it('signs in the browser that asked, once: a second opening fails and changes nothing', async () => {
    const account = await createAccount()
    const { signInToken, link } = await askForLink(account.email)
    const opened = await openEmailLink(context(later(5)), link, { signIn: signInToken, signUp: null, client: null })
    expect(opened.outcome).toMatchObject({
      status: 'verified',
      purpose: 'sign_in_first_factor',
      redirectUrl: '/sign-in/verify',
    })
    expect(opened.outcome.createdSessionId).toBe(opened.signedIn?.session.id)
    expect(await sessionsOf(account.id)).toBe(1)
    const again = await openEmailLink(context(later(6)), link, { signIn: signInToken, signUp: null, client: null })
    expect(again).toMatchObject({ outcome: { status: 'failed' }, signedIn: null })
    expect(await sessionsOf(account.id)).toBe(1)
    // The tab that asked sees the sign-in complete, with the session to adopt.
    const polled = await completeEmailLinkSignIn(context(later(7)), signInToken, null)
    expect(polled.signIn).toMatchObject({ status: 'complete', createdSessionId: opened.outcome.createdSessionId })
  })

  it('expires after its time: nothing is spent, nobody is signed in', async () => {
    const account = await createAccount()
    const { signInToken, link } = await askForLink(account.email)
    const late = later(EMAIL_LINK_TTL_SECONDS)
    const opened = await openEmailLink(context(late), link, { signIn: signInToken, signUp: null, client: null })
    expect(opened).toMatchObject({ outcome: { status: 'expired' }, signedIn: null })
    expect(await sessionsOf(account.id)).toBe(0)
    const [row] = await db
      .select()
      .from(verificationCodes)
      .where(eq(verificationCodes.codeHash, sha256Hex(link)))
    expect(row?.consumedAt).toBeNull()
    // The waiting tab's poll stops on it (the reference's terminal `expired`).
    const polled = await completeEmailLinkSignIn(context(later(-1, late)), signInToken, null)
    expect(polled.signIn.firstFactorVerification?.status).toBe('unverified')
  })

  it('is refused in another browser by default (client_mismatch) and still works in the one that asked', async () => {
    const account = await createAccount()
    const { signInToken, link } = await askForLink(account.email)
    const elsewhere = await openEmailLink(context(later(5)), link, { signIn: null, signUp: null, client: null })
    expect(elsewhere).toMatchObject({ outcome: { status: 'client_mismatch', createdSessionId: null }, signedIn: null })
    expect(await sessionsOf(account.id)).toBe(0)
    const here = await openEmailLink(context(later(6)), link, { signIn: signInToken, signUp: null, client: null })
    expect(here.outcome.status).toBe('verified')
    expect(await sessionsOf(account.id)).toBe(1)
  })

  it('when any browser may open it: verifies elsewhere without signing that browser in; the asking tab completes on its poll', async () => {
    const account = await createAccount()
    const { signInToken, link } = await askForLink(account.email, T0, ANY_BROWSER)
    const other = await signUp() // another browser, signed in as someone else
    const elsewhere = await openEmailLink(context(later(5), ANY_BROWSER), link, {
      signIn: null,
      signUp: null,
      client: other.token,
    })
    expect(elsewhere).toMatchObject({ outcome: { status: 'verified', createdSessionId: null }, signedIn: null })
    expect(await sessionsOf(account.id)).toBe(0)
    const waiting = await getSignIn(context(later(6), ANY_BROWSER), signInToken)
    expect(waiting?.firstFactorVerification).toMatchObject({ status: 'verified', verifiedFromSameClient: false })
    const polled = await completeEmailLinkSignIn(context(later(7), ANY_BROWSER), signInToken, null)
    expect(polled.signIn.status).toBe('complete')
    expect(polled.signedIn?.session.userId).toBe(account.id)
    expect(await sessionsOf(account.id)).toBe(1)
    // Polled again (a second tab of the same browser): the same session, no second one.
    const again = await completeEmailLinkSignIn(context(later(8), ANY_BROWSER), signInToken, null)
    expect(again.signIn.createdSessionId).toBe(polled.signedIn?.session.id)
    expect(await sessionsOf(account.id)).toBe(1)
  })

  it('moves a user with a second factor on to it, in the browser that asked', async () => {
    const account = await createAccount({ totp: true })
    const { signInToken, link } = await askForLink(account.email)
    const opened = await openEmailLink(context(later(5)), link, { signIn: signInToken, signUp: null, client: null })
    expect(opened).toMatchObject({ outcome: { status: 'verified', createdSessionId: null }, signedIn: null })
    const [attempt] = await db
      .select()
      .from(signInAttempts)
      .where(eq(signInAttempts.tokenHash, sha256Hex(signInToken)))
    expect(attempt).toMatchObject({ status: 'needs_second_factor', firstFactorStrategy: 'email_link' })
    expect(await sessionsOf(account.id)).toBe(0)
  })

  it('is replaced by a newer link or code, and dies with an abandoned sign-in', async () => {
    const account = await createAccount()
    const first = await askForLink(account.email)
    await prepareFirstFactor(context(later(31)), first.signInToken, { strategy: 'email_link' })
    const replaced = await openEmailLink(context(later(32)), first.link, {
      signIn: first.signInToken,
      signUp: null,
      client: null,
    })
    expect(replaced.outcome.status).toBe('failed')
    const second = await askForLink(account.email, later(40))
    await createSignIn(context(later(41)), { identifier: account.email }, { signIn: second.signInToken, client: null })
    const abandoned = await openEmailLink(context(later(42)), second.link, {
      signIn: second.signInToken,
      signUp: null,
      client: null,
    })
    expect(abandoned.outcome.status).toBe('failed')
    expect(await sessionsOf(account.id)).toBe(0)
  })

  it('goes nowhere for an address without an account, and an unknown token fails', async () => {
    const email = newEmail()
    const { token } = await createSignIn(context(), { identifier: email }, { signIn: null, client: null })
    const signIn = await prepareFirstFactor(context(), token, { strategy: 'email_link' })
    expect(signIn.firstFactorVerification?.strategy).toBe('email_link')
    expect(messagesTo(email)).toEqual([])
    const unknown = await openEmailLink(context(), newClientToken(), { signIn: token, signUp: null, client: null })
    expect(unknown.outcome).toEqual({ status: 'failed', purpose: null, createdSessionId: null, redirectUrl: null })
  })

  it('counts every opening against the per-IP rate limit, known link or not', async () => {
    const limited: InstanceConfigInput = { rateLimits: { sign_in_ip: { limit: 3, windowSeconds: 60 } } }
    const opener = { signIn: null, signUp: null, client: null }
    const meta = { ipAddress: '198.51.100.23', userAgent: 'integration-test' }
    const open = () => openEmailLink(context(later(100), limited, meta), newClientToken(), opener)
    for (let i = 0; i < 3; i++) expect((await open()).outcome.status).toBe('failed')
    expect(await rejection(open())).toBe('rate_limited')
  })

  it('keeps the resend cooldown and send limits of codes', async () => {
    const account = await createAccount()
    const { signInToken } = await askForLink(account.email)
    expect(await rejection(prepareFirstFactor(context(later(10)), signInToken, { strategy: 'email_link' }))).toBe(
      'code_resend_too_soon',
    )
  })
})

describe('signing up by email link', () => {
  it('creates the account in the browser that asked; elsewhere it is refused by default', async () => {
    const email = newEmail()
    const input = { email, password: null, firstName: 'Ada', lastName: null }
    const { token } = await createSignUp(context(), input, null)
    await prepareSignUpVerification(context(), token, { strategy: 'email_link', redirectUrl: '/sign-up/verify' })
    const link = lastLinkToken(email)
    const elsewhere = await openEmailLink(context(later(5)), link, { signIn: null, signUp: null, client: null })
    expect(elsewhere.outcome).toMatchObject({ status: 'client_mismatch', purpose: 'sign_up' })
    const here = await openEmailLink(context(later(6)), link, { signIn: null, signUp: token, client: null })
    expect(here.outcome).toMatchObject({ status: 'verified', purpose: 'sign_up', redirectUrl: '/sign-up/verify' })
    const [user] = await db
      .select()
      .from(users)
      .where(eq(users.id, here.signedIn?.session.userId ?? ''))
    expect(user).toBeDefined()
    const polled = await completeEmailLinkSignUp(context(later(7)), token, null)
    expect(polled.signUp).toMatchObject({ status: 'complete', createdSessionId: here.outcome.createdSessionId })
  })

  it('when any browser may open it, the browser that asked completes the sign-up on its poll', async () => {
    const email = newEmail()
    const input = { email, password: null, firstName: null, lastName: null }
    const { token } = await createSignUp(context(T0, ANY_BROWSER), input, null)
    await prepareSignUpVerification(context(T0, ANY_BROWSER), token, { strategy: 'email_link' })
    const opened = await openEmailLink(context(later(5), ANY_BROWSER), lastLinkToken(email), {
      signIn: null,
      signUp: null,
      client: null,
    })
    expect(opened).toMatchObject({ outcome: { status: 'verified', createdSessionId: null }, signedIn: null })
    const polled = await completeEmailLinkSignUp(context(later(6), ANY_BROWSER), token, null)
    expect(polled.signUp.status).toBe('complete')
    expect(polled.signedIn).not.toBeNull()
  })
})

describe('verifying an added address by email link', () => {
  it('verifies it for the session that asked, once; another browser is refused by default', async () => {
    const owner = await signUp()
    const acting = { id: owner.session.id, userId: owner.userId, clientId: owner.clientId }
    const added = newEmail()
    const { emailAddressId } = await addEmailAddress(context(), acting, added, { sendCode: false })
    await resendEmailVerification(context(), acting, emailAddressId, { redirectUrl: '/account/add-email/verify' })
    const link = lastLinkToken(added)
    const stranger = await signUp()
    const elsewhere = await openEmailLink(context(later(5)), link, {
      signIn: null,
      signUp: null,
      client: stranger.token,
    })
    expect(elsewhere.outcome.status).toBe('client_mismatch')
    const here = await openEmailLink(context(later(6)), link, { signIn: null, signUp: null, client: owner.token })
    expect(here.outcome).toMatchObject({ status: 'verified', purpose: 'verify_email', createdSessionId: null })
    const [row] = await db.select().from(emailAddresses).where(eq(emailAddresses.id, emailAddressId))
    expect(row?.verifiedAt).toEqual(later(6))
    const again = await openEmailLink(context(later(7)), link, { signIn: null, signUp: null, client: owner.token })
    expect(again.outcome.status).toBe('failed')
  })
})
