/**
 * The client's `lastAuthenticationStrategy` (the reference's, on `useClerk().client`): the first
 * factor of the latest sign-in or sign-up in the browser, recorded with the session it started,
 * read back with the client.
 */

import { describe, expect, it } from 'vitest'
import { authFixtures, later, T0 } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import { totpCode } from '../../test/support/totp.ts'
import { loadClientSnapshot } from './client-snapshot.server.ts'
import { attemptFirstFactor, attemptSecondFactor, createSignIn, prepareFirstFactor } from './sign-in.server.ts'

const { db } = await openTestDatabase()
const { context, createAccount, signIn, lastCode } = authFixtures(db)

const strategyOf = async (clientId: string) =>
  (await loadClientSnapshot(db, context().config.access, clientId, T0))?.lastAuthenticationStrategy

describe('the client’s last authentication strategy', () => {
  it('is the first factor of the latest sign-in in the browser, whatever the second', async () => {
    const account = await createAccount({ totp: true })
    const first = await signIn({ email: account.email, totpSecret: account.totpSecret })
    expect(await strategyOf(first.clientId)).toBe('password')

    // The same browser, the other way in: an emailed code, then the authenticator app.
    const ctx = context(later(60))
    const { token } = await createSignIn(ctx, { identifier: account.email }, { signIn: null, client: first.token })
    await prepareFirstFactor(ctx, token, { strategy: 'email_code' })
    await attemptFirstFactor(ctx, token, { strategy: 'email_code', code: lastCode(account.email) }, first.token)
    const { signedIn } = await attemptSecondFactor(
      ctx,
      token,
      { strategy: 'totp', code: totpCode(account.totpSecret ?? '', later(60)) },
      first.token,
    )
    expect(signedIn?.clientId).toBe(first.clientId)
    expect(await strategyOf(first.clientId)).toBe('email_code')
  })
})
