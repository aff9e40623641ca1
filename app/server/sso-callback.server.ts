/**
 * Where an enterprise IdP sends the browser back (`/sso/callback/$connectionId`, the redirect URI
 * registered for the connection). It always answers with a redirect: to where the sign-in or
 * step-up was going, to the sign-in page's second step, or — with the error's code, never its
 * detail — to the sign-in page or the page the step-up started from. The SSO cookie is cleared
 * whatever happens: a trip is one use.
 */

import { isTesseraError } from '../session/errors.ts'
import { AFTER_SIGN_IN_PATH } from '../session/redirect.ts'
import { clearSsoTransactionToken, readClientToken, readSsoTransactionToken } from './cookies.server.ts'
import { type CallbackInput, claimCallback, finishTrip } from './enterprise-sso.server.ts'
import { log } from './log.server.ts'
import {
  adoptSignedIn,
  refreshSessionCookieIfShown,
  rotateBrowserClientToken,
  serviceContext,
} from './request-auth.server.ts'

export async function ssoCallback(request: Request, connectionId: string): Promise<Response> {
  const ctx = await serviceContext()
  const input: CallbackInput = {
    connectionId,
    params: new URL(request.url).searchParams,
    browserToken: readSsoTransactionToken(),
    clientToken: readClientToken(),
  }
  clearSsoTransactionToken()
  let failTo = (code: string) => signInPath(null, code)
  try {
    const claimed = await claimCallback(ctx, input)
    const { purpose, redirectPath } = claimed.transaction
    failTo = (code) =>
      purpose === 'sign_in'
        ? signInPath(redirectPath, code)
        : withFragment(redirectPath, `sso_reverification_error=${code}`)
    const outcome = await finishTrip(ctx, claimed, input)
    switch (outcome.kind) {
      case 'signed_in':
        await adoptSignedIn(outcome.signedIn, 'signIn')
        return seeOther(outcome.redirectPath)
      case 'needs_second_factor':
        return seeOther(signInPath(outcome.redirectPath, null))
      case 'reverified':
        // As after any step-up (ADR 011): a new client token, a session token with the new ages.
        await rotateBrowserClientToken(outcome.session.clientId)
        await refreshSessionCookieIfShown(outcome.session)
        return seeOther(
          withFragment(outcome.redirectPath, `sso_reverification=${outcome.complete ? 'complete' : 'continue'}`),
        )
    }
  } catch (error) {
    if (!isTesseraError(error)) throw error
    log.warn('auth.sso_callback_failed', { errorCode: error.code, connectionId, ip: ctx.meta.ipAddress })
    return seeOther(failTo(error.code))
  }
}

function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store' } })
}

/** The sign-in page, resuming the attempt (its second step) or showing why the trip failed. */
function signInPath(redirectPath: string | null, code: string | null): string {
  const search = new URLSearchParams()
  if (redirectPath && redirectPath !== AFTER_SIGN_IN_PATH) search.set('redirect_url', redirectPath)
  if (code) search.set('sso_error', code)
  const query = search.toString()
  return query ? `/sign-in?${query}` : '/sign-in'
}

/** `path` with its fragment replaced: how the page learns the step-up's outcome (read by the dialog's provider). */
function withFragment(path: string, fragment: string): string {
  const hash = path.indexOf('#')
  return `${hash === -1 ? path : path.slice(0, hash)}#${fragment}`
}
