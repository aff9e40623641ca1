/**
 * Authentication for server functions, in tiers named by what they guarantee. Route guards only
 * decide navigation; these decide access, and every function that touches private data uses one.
 *
 * - `withAuth`: resolves who is calling; the caller may be signed out.
 * - `requireSession`: a signed-in session (active or pending), else 401 `signed_out`.
 */

import { createMiddleware } from '@tanstack/react-start'
import { authenticateRequest } from '../server/request-auth.server.ts'
import { TesseraError } from '../session/errors.ts'
import { getTabSessionId, SESSION_ID_HEADER } from './tab-session.ts'

/** In the browser: names this tab's session on every server-function call. Registered globally. */
export const tabSessionMiddleware = createMiddleware({ type: 'function' }).client(async ({ next }) => {
  const sessionId = getTabSessionId()
  return next(sessionId ? { headers: { [SESSION_ID_HEADER]: sessionId } } : {})
})

export const withAuth = createMiddleware({ type: 'function' }).server(async ({ next }) =>
  next({ context: { auth: await authenticateRequest() } }),
)

export const requireSession = createMiddleware({ type: 'function' })
  .middleware([withAuth])
  .server(async ({ next, context }) => {
    const { clientId, session } = context.auth
    if (!clientId || !session) throw new TesseraError('signed_out')
    return next({ context: { clientId, session } })
  })
