import { createServerFn } from '@tanstack/react-start'
import * as z from 'zod'
import { sensitiveAction } from '../middleware/sensitive-action.ts'
import { parseInput } from '../middleware/validation.ts'
import { disconnectExternalAccount } from '../server/account.server.ts'
import { writeSocialTransactionToken } from '../server/cookies.server.ts'
import { serviceContext } from '../server/request-auth.server.ts'
import { startSocialTrip } from '../server/social-sign-in.server.ts'
import { OAUTH_STRATEGIES, providerOf } from '../session/factors.ts'
import { AFTER_SIGN_IN_PATH, returnPath } from '../session/redirect.ts'
import { externalAccountIdSchema, redirectUrlSchema } from './schemas.ts'

/**
 * Social sign-in (ADR 034): the reference's `authenticateWithRedirect` for `oauth_<provider>`
 * strategies, and connecting or disconnecting such accounts from the security page. Starting a
 * trip answers the provider's URL; the transaction cookie binds the trip to this browser.
 */

export interface SocialRedirect {
  /** Where the browser goes next (the provider's authorization URL). */
  externalVerificationRedirectUrl: string
}

/**
 * Starts a sign-in (or sign-up) at a provider. `redirectUrlComplete` is where the browser lands
 * signed in; `redirectUrl` where it lands when more is needed (a second factor) or the trip failed
 * (with `sso_error`): a page that resumes the sign-in (ours: the sign-in page).
 */
export const $startSocialSignIn = createServerFn({ method: 'POST' })
  .validator(
    parseInput(
      z.strictObject({
        strategy: z.enum(OAUTH_STRATEGIES),
        from: z.enum(['sign_in', 'sign_up']),
        redirectUrl: redirectUrlSchema,
        redirectUrlComplete: redirectUrlSchema,
      }),
    ),
  )
  .handler(async ({ data }): Promise<SocialRedirect> => {
    const ctx = await serviceContext()
    const fallback = data.from === 'sign_up' ? '/sign-up' : '/sign-in'
    const trip = await startSocialTrip(
      ctx,
      providerOf(data.strategy),
      { purpose: data.from },
      {
        redirectPath: returnPath(data.redirectUrlComplete, ctx.origin) ?? AFTER_SIGN_IN_PATH,
        continuePath: returnPath(data.redirectUrl, ctx.origin) ?? fallback,
      },
    )
    writeSocialTransactionToken(trip.browserToken)
    return { externalVerificationRedirectUrl: trip.url }
  })

/** Connects another account to the signed-in user (a sensitive action: a recent verification). */
export const $connectExternalAccount = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('manage_external_accounts')])
  .validator(parseInput(z.strictObject({ strategy: z.enum(OAUTH_STRATEGIES), redirectUrl: redirectUrlSchema })))
  .handler(async ({ data, context }): Promise<SocialRedirect> => {
    const ctx = await serviceContext()
    const back = returnPath(data.redirectUrl, ctx.origin) ?? '/account/security'
    const trip = await startSocialTrip(
      ctx,
      providerOf(data.strategy),
      { purpose: 'connect', sessionId: context.session.id },
      { redirectPath: back, continuePath: back },
    )
    writeSocialTransactionToken(trip.browserToken)
    return { externalVerificationRedirectUrl: trip.url }
  })

/** Disconnects one (refused when it is the user's last way to sign in). */
export const $disconnectExternalAccount = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('manage_external_accounts')])
  .validator(parseInput(z.strictObject({ externalAccountId: externalAccountIdSchema })))
  .handler(async ({ data, context }) =>
    disconnectExternalAccount(
      await serviceContext(),
      {
        id: context.session.id,
        userId: context.session.userId,
        clientId: context.clientId,
        actor: context.session.actor,
      },
      data.externalAccountId,
    ),
  )
