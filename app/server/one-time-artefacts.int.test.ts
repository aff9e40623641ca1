/**
 * One-time artefacts under concurrent use (security.md REL-04, VULN-02/03/04): 20 simultaneous
 * submissions of one TOTP code, one emailed code, one backup code or one passkey challenge, over
 * many rounds, give exactly one success each round; the others get a coded refusal, never an
 * internal error, and exactly one session is created.
 */

import { eq } from 'drizzle-orm'
import { Secret, TOTP } from 'otpauth'
import { describe, expect, it } from 'vitest'
import { sessions } from '../../db/schema.ts'
import { authFixtures, later, PASSWORD } from '../../test/auth-fixtures.ts'
import { openTestDatabase } from '../../test/database.ts'
import { SoftAuthenticator } from '../../test/soft-authenticator.ts'
import { isTesseraError } from '../session/errors.ts'
import { addPasskey, startPasskeyRegistration } from './account.server.ts'
import {
  attemptFirstFactor,
  attemptSecondFactor,
  createSignIn,
  passkeySignInOptions,
  prepareFirstFactor,
  signInWithPasskey,
} from './sign-in.server.ts'

const { db } = await openTestDatabase()
const { context, createAccount, signIn, lastCode } = authFixtures(db)

const CONCURRENCY = 20
const ROUNDS = 8

/** Runs `submit` CONCURRENCY times at once; returns how many succeeded and every refusal's code. */
async function race(submit: (index: number) => Promise<unknown>) {
  const results = await Promise.allSettled(Array.from({ length: CONCURRENCY }, (_, index) => submit(index)))
  const refusals = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []))
  for (const reason of refusals) expect(isTesseraError(reason), String(reason)).toBe(true)
  return {
    successes: results.filter((result) => result.status === 'fulfilled').length,
    codes: new Set(refusals.map((reason) => (reason as { code: string }).code)),
  }
}

const sessionsOf = (userId: string) => db.$count(sessions, eq(sessions.userId, userId))

describe('twenty concurrent submissions of one artefact', () => {
  it('of one TOTP code, each from its own sign-in that passed the password: one session per round', async () => {
    const { id, email, totpSecret } = await createAccount({ totp: true })
    for (let round = 0; round < ROUNDS; round++) {
      const now = later(round * 30)
      const attempts = await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          const { token } = await createSignIn(context(now), { identifier: email }, { signIn: null, client: null })
          await attemptFirstFactor(context(now), token, { strategy: 'password', password: PASSWORD }, null)
          return token
        }),
      )
      const code = TOTP.generate({ secret: Secret.fromBase32(totpSecret ?? ''), timestamp: now.getTime() })
      const before = await sessionsOf(id)
      const { successes, codes } = await race((index) =>
        attemptSecondFactor(context(now), attempts[index] ?? null, { strategy: 'totp', code }, null),
      )
      expect(successes).toBe(1)
      expect([...codes]).toEqual(['code_reused'])
      expect(await sessionsOf(id)).toBe(before + 1)
    }
  })

  it('of one emailed code in one sign-in (a double-submitting browser): one session per round', async () => {
    const { id, email } = await createAccount()
    for (let round = 0; round < ROUNDS; round++) {
      const now = later(round * 60, later(10_000))
      const { token } = await createSignIn(context(now), { identifier: email }, { signIn: null, client: null })
      await prepareFirstFactor(context(now), token, { strategy: 'email_code' })
      const code = lastCode(email)
      const before = await sessionsOf(id)
      const { successes, codes } = await race(() =>
        attemptFirstFactor(context(now), token, { strategy: 'email_code', code }, null),
      )
      expect(successes).toBe(1)
      for (const code of codes) expect(['code_reused', 'sign_in_not_found', 'sign_in_step_invalid']).toContain(code)
      expect(await sessionsOf(id)).toBe(before + 1)
    }
  })

  it('of one backup code from twenty sign-ins: one session, and the code is spent', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { id, email, backupCodes } = await createAccount({ totp: true, backupCodes: true })
      const attempts = await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          const { token } = await createSignIn(context(), { identifier: email }, { signIn: null, client: null })
          await attemptFirstFactor(context(), token, { strategy: 'password', password: PASSWORD }, null)
          return token
        }),
      )
      const code = backupCodes?.[round % 10] ?? ''
      const { successes, codes } = await race((index) =>
        attemptSecondFactor(context(), attempts[index] ?? null, { strategy: 'backup_code', code }, null),
      )
      expect(successes).toBe(1)
      expect([...codes]).toEqual(['code_reused'])
      expect(await sessionsOf(id)).toBe(1)
    }
  })

  it('of one passkey assertion (one challenge): one session per round', async () => {
    const account = await createAccount()
    const authenticator = new SoftAuthenticator('http://localhost:3000')
    const owner = await signIn({ email: account.email })
    const session = { id: owner.session.id, userId: account.id, clientId: owner.clientId }
    const options = await startPasskeyRegistration(context(), session)
    await addPasskey(context(), session, { response: authenticator.register(options), name: 'Test key' })
    for (let round = 0; round < ROUNDS; round++) {
      const challenge = await passkeySignInOptions(context())
      const response = authenticator.assert(challenge)
      const before = await sessionsOf(account.id)
      const { successes, codes } = await race(() =>
        signInWithPasskey(context(), { response }, { signIn: null, client: null }),
      )
      expect(successes).toBe(1)
      expect([...codes]).toEqual(['passkey_challenge_invalid'])
      expect(await sessionsOf(account.id)).toBe(before + 1)
    }
  })
})
