/**
 * Authentication for server functions, in tiers named by what they guarantee. Route guards only
 * decide navigation; these decide access, and every function that touches private data uses one.
 *
 * - `withAuth`: resolves who is calling; the caller may be signed out.
 * - `requireClient`: a browser holding a client token we issued (any session state). For
 *   operations on this browser's own sessions: switching, touching, ending, removing, signing out.
 * - `requireSession`: a signed-in session (active or pending), else 401 `signed_out`.
 * - `requireActiveSession`: an active session; a pending one gets 403 `session_pending`.
 */

import { createMiddleware } from '@tanstack/react-start'
import { authenticateRequest } from '../server/request-auth.server.ts'
import { TesseraError } from '../session/errors.ts'
import { getTabSessionId, reportSessionRejected, SESSION_ID_HEADER } from './tab-session.ts'

/**
 * In the browser: names this tab's session on every server-function call, and tells the auth
 * layer when the server says the tab is signed out (its session ended elsewhere). Registered
 * globally in app/start.ts.
 */
export const tabSessionMiddleware = createMiddleware({ type: 'function' }).client(async ({ next }) => {
  const sessionId = getTabSessionId()
  try {
    return await next(sessionId ? { headers: { [SESSION_ID_HEADER]: sessionId } } : {})
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'signed_out') reportSessionRejected()
    throw error
  }
})

export const withAuth = createMiddleware({ type: 'function' }).server(async ({ next }) =>
  next({ context: { auth: await authenticateRequest() } }),
)

export const requireClient = createMiddleware({ type: 'function' })
  .middleware([withAuth])
  .server(async ({ next, context }) => {
    const { clientId } = context.auth
    if (!clientId) throw new TesseraError('signed_out')
    return next({ context: { clientId } })
  })

export const requireSession = createMiddleware({ type: 'function' })
  .middleware([withAuth])
  .server(async ({ next, context }) => {
    const { clientId, session } = context.auth
    if (!clientId || !session) throw new TesseraError('signed_out')
    return next({ context: { clientId, session } })
  })

export const requireActiveSession = createMiddleware({ type: 'function' })
  .middleware([requireSession])
  .server(async ({ next, context }) => {
    if (context.session.status !== 'active') throw new TesseraError('session_pending')
    return next()
  })
