/**
 * Where a social provider sends the browser back (`/oauth/callback/$provider`, the redirect URI
 * registered at the provider). It always answers with a redirect: to where the sign-in was going,
 * to the sign-in page's second step, or — with the error's code, never its detail — to the page
 * the trip started from. The transaction cookie is cleared whatever happens: a trip is one use.
 */

import { isTesseraError } from '../session/errors.ts'
import type { OAuthProvider } from '../session/factors.ts'
import {
  clearSocialTransactionToken,
  readAttemptToken,
  readClientToken,
  readSocialTransactionToken,
  writeAttemptToken,
} from './cookies.server.ts'
import { log } from './log.server.ts'
import { adoptSignedIn, serviceContext } from './request-auth.server.ts'
import { claimSocialTrip, finishSocialTrip, type SocialCallbackInput } from './social-sign-in.server.ts'

export async function socialCallback(request: Request, provider: OAuthProvider): Promise<Response> {
  const ctx = await serviceContext()
  const input: SocialCallbackInput = {
    provider,
    params: new URL(request.url).searchParams,
    browserToken: readSocialTransactionToken(),
    clientToken: readClientToken(),
    signInToken: readAttemptToken('signIn'),
  }
  clearSocialTransactionToken()
  let failTo = '/sign-in'
  try {
    const claimed = await claimSocialTrip(ctx, {
      provider,
      state: input.params.get('state'),
      browserToken: input.browserToken,
    })
    failTo = claimed.transaction.continuePath
    const outcome = await finishSocialTrip(ctx, claimed, input)
    switch (outcome.kind) {
      case 'signed_in':
        await adoptSignedIn(outcome.signedIn, 'signIn')
        return seeOther(outcome.redirectPath)
      case 'needs_second_factor':
        writeAttemptToken('signIn', outcome.signInToken)
        return seeOther(outcome.continuePath)
      case 'connected':
        return seeOther(outcome.redirectPath)
    }
  } catch (error) {
    if (!isTesseraError(error)) throw error
    log.warn('auth.social_callback_failed', { errorCode: error.code, provider, ip: ctx.meta.ipAddress })
    return seeOther(withError(failTo, error.code))
  }
}

function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store' } })
}

/** `path` with `sso_error=<code>` in its query (the pages show the code's user message). */
function withError(path: string, code: string): string {
  const url = new URL(path, 'http://same-origin.invalid')
  url.searchParams.set('sso_error', code)
  return `${url.pathname}${url.search}${url.hash}`
}
