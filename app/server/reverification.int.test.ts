/**
 * Step-up verification on a real database, with the clock injected. Guards: the check reads the
 * session row, so stale factors are refused with 403 `reverification_required` and the required
 * level whatever the client claims; a verification asks only for what the level needs from this
 * user, completes within 10 minutes and then expires, caps wrong answers (which also count toward
 * the lockout), refuses steps out of order, and on completion moves the session's factor times,
 * which the next token's `fva` shows.
 */

import { eq } from 'drizzle-orm'
import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { sessionEvents, users } from '../../db/schema.ts'
import { authFixtures, later, newPhone, PASSWORD, rejection, T0 } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import { sessionRow } from '../../test/support/sessions.ts'
import { SoftAuthenticator } from '../../test/support/soft-authenticator.ts'
import { totpCode } from '../../test/support/totp.ts'
import { resolveConfig } from '../config/instance.ts'
import { PRESET_REQUIREMENTS, REVERIFICATION_PRESETS } from '../session/reverification.ts'
import { SENSITIVE_ACTIONS } from '../session/sensitive-actions.ts'
import { addPasskey, startPasskeyRegistration } from './account.server.ts'
import {
  assertReverified,
  attemptFirstFactorVerification,
  attemptSecondFactorVerification,
  prepareFirstFactorVerification,
  prepareSecondFactorVerification,
  startVerification,
} from './reverification.server.ts'
import type { SessionRow } from './session-store.server.ts'
import { mintSessionToken } from './tokens.server.ts'

const { db } = await openTestDatabase()
const { context, createAccount, signIn, lastCode } = authFixtures(db)

/** A signed-in session of a new account (with TOTP when asked), signed in at T0. */
async function signedIn(options: Parameters<typeof createAccount>[0] = {}) {
  const account = await createAccount(options)
  const { session } = await signIn({ email: account.email, totpSecret: account.totpSecret })
  return { account, session }
}

const reverificationError = (fn: () => void) => {
  try {
    fn()
  } catch (error) {
    return error
  }
  return null
}

describe('the check, on the session row', () => {
  // Which server functions declare each action, and that each refuses a stale session over HTTP, is
  // app/architecture.test.ts's and e2e/reverification.spec.ts's to prove; here, the level they get.
  it('holds every sensitive action to `strict` by default: refused once the second factor is 10 minutes old', async () => {
    const config = resolveConfig({})
    const { session } = await signedIn({ totp: true })
    const stored = await sessionRow(db, session.id)
    for (const action of SENSITIVE_ACTIONS) {
      const requirement = config.reverification.actions[action] ?? config.reverification.default
      expect(
        reverificationError(() => assertReverified(stored, requirement, later(9 * 60))),
        action,
      ).toBeNull()
      expect(
        reverificationError(() => assertReverified(stored, requirement, later(10 * 60))),
        action,
      ).toMatchObject({
        code: 'reverification_required',
        status: 403,
        meta: { level: 'second_factor', afterMinutes: 10 },
      })
    }
  })

  it.each(REVERIFICATION_PRESETS)('names the %s requirement in its error', async (preset) => {
    const { session } = await signedIn()
    expect(reverificationError(() => assertReverified(session, preset, later(2 * 24 * 3600)))).toMatchObject({
      meta: PRESET_REQUIREMENTS[preset],
    })
  })

  it('judges a user without a second factor on the first (the fallback)', async () => {
    const { session } = await signedIn()
    expect(session.secondFactorVerifiedAt).toBeNull()
    expect(reverificationError(() => assertReverified(session, 'strict_mfa', later(60)))).toBeNull()
  })

  it('is configurable per action, and refuses a malformed requirement at start-up', () => {
    const config = resolveConfig({ reverification: { actions: { revoke_session: 'lax' } } })
    expect(config.reverification.actions.revoke_session).toBe('lax')
    expect(() => resolveConfig({ reverification: { default: { level: 'second_factor', afterMinutes: 0 } } })).toThrow(
      /reverification/,
    )
  })
})

describe('a verification', () => {
  it('for a user without a second factor asks for the first only, and completing it moves the first factor time', async () => {
    const { session } = await signedIn()
    const now = later(30 * 60)
    const started = await startVerification(context(now), session, { level: 'second_factor' })
    expect(started).toMatchObject({
      status: 'needs_first_factor',
      level: 'second_factor',
      secondFactorVerification: null,
      supportedSecondFactors: null,
    })
    expect(started.supportedFirstFactors?.map((factor) => factor.strategy)).toEqual(['password', 'email_code'])
    const step = await attemptFirstFactorVerification(context(now), session, {
      strategy: 'password',
      password: PASSWORD,
    })
    expect(step.verification.status).toBe('complete')
    expect(step.session).toMatchObject({ firstFactorVerifiedAt: now, secondFactorVerifiedAt: null })
    expect(reverificationError(() => assertReverified(step.session as SessionRow, 'strict', later(60, now)))).toBeNull()
    const events = await db.select().from(sessionEvents).where(eq(sessionEvents.sessionId, session.id))
    expect(events.at(-1)).toMatchObject({ type: 'reverified', detail: 'password' })
  })

  it('for a user with TOTP asks only for the second factor at second_factor, and for both at multi_factor', async () => {
    const { session, account } = await signedIn({ totp: true, backupCodes: true })
    const now = later(30 * 60)
    const second = await startVerification(context(now), session, { level: 'second_factor' })
    expect(second).toMatchObject({ status: 'needs_second_factor', supportedFirstFactors: null })
    expect(second.supportedSecondFactors?.map((factor) => factor.strategy)).toEqual(['totp', 'backup_code'])

    const both = await startVerification(context(now), session, { level: 'multi_factor' })
    expect(both.status).toBe('needs_first_factor')
    const first = await attemptFirstFactorVerification(context(now), session, {
      strategy: 'password',
      password: PASSWORD,
    })
    expect(first.verification.status).toBe('needs_second_factor')
    expect(first.session).toBeNull()
    const done = await attemptSecondFactorVerification(context(now), session, {
      strategy: 'totp',
      code: totpCode(account.totpSecret ?? '', now),
    })
    expect(done.session).toMatchObject({ firstFactorVerifiedAt: now, secondFactorVerifiedAt: now })
    const token = await mintSessionToken(
      {
        db,
        config: resolveConfig({}),
        now: later(60, now),
        issuer: 'http://localhost:3000',
        authorizedParty: 'http://localhost:3000',
      },
      done.session as SessionRow,
    )
    expect(decodeJwt(token.jwt).fva).toEqual([1, 1])
  })

  it('skips a first factor verified within 10 minutes at multi_factor', async () => {
    const { session } = await signedIn({ totp: true })
    expect((await startVerification(context(later(5 * 60)), session, { level: 'multi_factor' })).status).toBe(
      'needs_second_factor',
    )
  })

  it('works with an emailed code and a texted second factor', async () => {
    const phone = newPhone()
    const { session, account } = await signedIn({ phoneNumber: phone, smsSecondFactor: true, totp: true })
    const now = later(3600)
    const started = await startVerification(context(now), session, { level: 'multi_factor' })
    const email = started.supportedFirstFactors?.find((factor) => factor.strategy === 'email_code')
    await prepareFirstFactorVerification(context(now), session, {
      strategy: 'email_code',
      emailAddressId: email?.emailAddressId ?? '',
    })
    const first = await attemptFirstFactorVerification(context(now), session, {
      strategy: 'email_code',
      code: lastCode(account.email),
    })
    expect(first.verification.status).toBe('needs_second_factor')
    await prepareSecondFactorVerification(context(now), session, { strategy: 'phone_code' })
    const done = await attemptSecondFactorVerification(context(now), session, {
      strategy: 'phone_code',
      code: lastCode(phone),
    })
    expect(done.verification.status).toBe('complete')
  })

  it("works with a passkey, which counts as both factors, and only the user's own passkey", async () => {
    const { session, account } = await signedIn({ totp: true })
    const acting = { id: session.id, userId: account.id, clientId: session.clientId }
    const authenticator = new SoftAuthenticator('http://localhost:3000')
    await addPasskey(context(), acting, {
      response: authenticator.register(await startPasskeyRegistration(context(), acting)),
      name: 'Key',
    })
    const now = later(3600)
    await startVerification(context(now), session, { level: 'multi_factor' })
    const prepared = await prepareFirstFactorVerification(context(now), session, { strategy: 'passkey' })
    const options = JSON.parse(prepared.firstFactorVerification?.nonce ?? '{}')
    expect(options.allowCredentials).toHaveLength(1)
    const done = await attemptFirstFactorVerification(context(now), session, {
      strategy: 'passkey',
      publicKeyCredential: authenticator.assert(options),
    })
    expect(done.session).toMatchObject({ firstFactorVerifiedAt: now, secondFactorVerifiedAt: now })

    // Someone else's passkey, answering this session's challenge, does not verify it.
    const other = await signedIn()
    const otherActing = { id: other.session.id, userId: other.account.id, clientId: other.session.clientId }
    const stranger = new SoftAuthenticator('http://localhost:3000')
    await addPasskey(context(), otherActing, {
      response: stranger.register(await startPasskeyRegistration(context(), otherActing)),
      name: 'Theirs',
    })
    await startVerification(context(now), session, { level: 'first_factor' })
    const challenge = await prepareFirstFactorVerification(context(now), session, { strategy: 'passkey' })
    const forged = stranger.assert(JSON.parse(challenge.firstFactorVerification?.nonce ?? '{}'))
    expect(
      await rejection(
        attemptFirstFactorVerification(context(now), session, { strategy: 'passkey', publicKeyCredential: forged }),
      ),
    ).toBe('passkey_verification_failed')
  })

  it('offers the passkey where a second factor is asked, and it completes the verification (issue 22 item 10)', async () => {
    const { session, account } = await signedIn({ totp: true })
    const acting = { id: session.id, userId: account.id, clientId: session.clientId }
    const authenticator = new SoftAuthenticator('http://localhost:3000')
    await addPasskey(context(), acting, {
      response: authenticator.register(await startPasskeyRegistration(context(), acting)),
      name: 'Key',
    })
    const now = later(3600)
    // The default level asks a user with an authenticator app for the second factor only.
    const started = await startVerification(context(now), session, { level: 'second_factor' })
    expect(started.status).toBe('needs_second_factor')
    expect(started.supportedSecondFactors?.map((factor) => factor.strategy)).toEqual(['passkey', 'totp'])
    const prepared = await prepareFirstFactorVerification(context(now), session, { strategy: 'passkey' })
    const done = await attemptFirstFactorVerification(context(now), session, {
      strategy: 'passkey',
      publicKeyCredential: authenticator.assert(JSON.parse(prepared.firstFactorVerification?.nonce ?? '{}')),
    })
    expect(done.verification.status).toBe('complete')
    expect(done.session).toMatchObject({ firstFactorVerifiedAt: now, secondFactorVerifiedAt: now })
    // Other first factors are still refused at the second step.
    await startVerification(context(now), session, { level: 'second_factor' })
    expect(
      await rejection(
        attemptFirstFactorVerification(context(now), session, { strategy: 'password', password: PASSWORD }),
      ),
    ).toBe('verification_step_invalid')
  })

  it('refuses an attempt without a verification, out of order, after completion, and after 10 minutes', async () => {
    const { session, account } = await signedIn({ totp: true })
    const code = totpCode(account.totpSecret ?? '', T0)
    expect(await rejection(attemptSecondFactorVerification(context(), session, { strategy: 'totp', code }))).toBe(
      'verification_missing',
    )
    await startVerification(context(), session, { level: 'second_factor' })
    expect(
      await rejection(attemptFirstFactorVerification(context(), session, { strategy: 'password', password: PASSWORD })),
    ).toBe('verification_step_invalid')
    const now = later(45)
    await startVerification(context(now), session, { level: 'second_factor' })
    await attemptSecondFactorVerification(context(now), session, {
      strategy: 'totp',
      code: totpCode(account.totpSecret ?? '', now),
    })
    expect(
      await rejection(
        attemptSecondFactorVerification(context(now), session, {
          strategy: 'totp',
          code: totpCode(account.totpSecret ?? '', later(30, now)),
        }),
      ),
    ).toBe('verification_step_invalid')

    const expiring = later(1000)
    await startVerification(context(expiring), session, { level: 'second_factor' })
    const tooLate = later(600, expiring)
    expect(
      await rejection(
        attemptSecondFactorVerification(context(tooLate), session, {
          strategy: 'totp',
          code: totpCode(account.totpSecret ?? '', tooLate),
        }),
      ),
    ).toBe('verification_expired')
  })

  it('belongs to its session: another session of the same user has none', async () => {
    const { session, account } = await signedIn()
    const other = await signIn({ email: account.email })
    await startVerification(context(), session, { level: 'first_factor' })
    expect(
      await rejection(
        attemptFirstFactorVerification(context(), other.session, { strategy: 'password', password: PASSWORD }),
      ),
    ).toBe('verification_missing')
  })

  it('caps wrong answers at 5, each also counted toward the account lockout', async () => {
    const { session, account } = await signedIn()
    await startVerification(context(), session, { level: 'first_factor' })
    const codes: string[] = []
    for (let i = 0; i < 6; i++) {
      codes.push(
        await rejection(
          attemptFirstFactorVerification(context(), session, { strategy: 'password', password: 'wrong' }),
        ),
      )
    }
    expect(codes).toEqual([...Array(5).fill('password_incorrect'), 'verification_attempts_exceeded'])
    const [user] = await db.select().from(users).where(eq(users.id, account.id))
    expect(user?.failedVerificationAttempts).toBe(5)
    // Right answer, too late for this verification; a new one works.
    expect(
      await rejection(attemptFirstFactorVerification(context(), session, { strategy: 'password', password: PASSWORD })),
    ).toBe('verification_attempts_exceeded')
    await startVerification(context(), session, { level: 'first_factor' })
    const done = await attemptFirstFactorVerification(context(), session, { strategy: 'password', password: PASSWORD })
    expect(done.verification.status).toBe('complete')
  })

  // expireAt is fixed at sign-in (docs/reference.md#lifetimes).
  it('does not extend the session past its absolute lifetime', async () => {
    const { session } = await signedIn()
    const now = later(6 * 24 * 3600)
    await startVerification(context(now), session, { level: 'first_factor' })
    const done = await attemptFirstFactorVerification(context(now), session, {
      strategy: 'password',
      password: PASSWORD,
    })
    expect(done.session?.expireAt).toEqual(session.expireAt)
  })
})
