/**
 * Authentication for server functions, in tiers named by what they guarantee. Route guards only
 * decide navigation; these decide access, and every function that touches private data uses one.
 *
 * Stateless (a verified session JWT; may honour a revoked session for up to 65 s):
 * - `requireSession`: a signed-in session, active or pending.
 * - `requireActiveSession`: an active session; a pending one gets 403 `session_pending`.
 *
 * Fresh: the session row as the database has it on this request, never the token's word (a
 * revocation counts at once). "Fresh" says where the session is read from, not how recently its
 * factors were verified: that is reverification's question (`sensitiveAction`, which builds on
 * these). Use them for anything sensitive and for refreshing tokens (ADR 008, ADR 009):
 * - `withFreshAuth`: resolves the client and session; the caller may be signed out.
 * - `requireClient`: a browser holding a client token we issued (any session state), for
 *   operations on this browser's own sessions.
 * - `requireFreshSession`: a signed-in session as the database has it now.
 * - `requireFreshActiveSession`: the same, and active (a pending session gets 403 `session_pending`).
 * - `requireFreshSessionFor(task)`: active, or pending with `task` as its current task: the
 *   functions a session task needs (a pending session can reach nothing else).
 */

import { createMiddleware } from '@tanstack/react-start'
import { authenticateRequest, sessionIdentity } from '../server/request-auth.server.ts'
import { TesseraError } from '../session/errors.ts'
import type { SessionTaskKey } from '../session/tasks.ts'
import { SESSION_ID_HEADER } from '../session/transport.ts'
import { getTabSessionId, getTabToken, reportSessionRejected } from './tab-session.ts'

/**
 * In the browser: names this tab's session (and sends its token) on every server-function call,
 * and tells the auth layer when the server says the tab is signed out. Registered globally.
 */
export const tabSessionMiddleware = createMiddleware({ type: 'function' }).client(async ({ next }) => {
  const sessionId = getTabSessionId()
  const token = sessionId ? getTabToken() : null
  const headers: Record<string, string> = {}
  if (sessionId) headers[SESSION_ID_HEADER] = sessionId
  if (token) headers.authorization = `Bearer ${token}`
  try {
    return await next({ headers })
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'signed_out') reportSessionRejected()
    throw error
  }
})

/** Stateless: a signed-in session (active or pending) by its verified session JWT. */
export const requireSession = createMiddleware({ type: 'function' }).server(async ({ next }) => {
  const identity = await sessionIdentity({ treatPendingAsSignedOut: false })
  if (!identity) throw new TesseraError('signed_out')
  return next({ context: { identity } })
})

/** Stateless: an active session by its verified session JWT (a pending one gets 403 `session_pending`). */
export const requireActiveSession = createMiddleware({ type: 'function' })
  .middleware([requireSession])
  .server(async ({ next, context }) => {
    if (context.identity.status !== 'active') throw new TesseraError('session_pending')
    return next()
  })

/** Fresh: the client and session of this request, read from the database; the caller may be signed out. */
export const withFreshAuth = createMiddleware({ type: 'function' }).server(async ({ next }) =>
  next({ context: { auth: await authenticateRequest() } }),
)

/** Fresh: a browser holding a client token we issued, in any session state (its own sessions' operations). */
export const requireClient = createMiddleware({ type: 'function' })
  .middleware([withFreshAuth])
  .server(async ({ next, context }) => {
    const { clientId } = context.auth
    if (!clientId) throw new TesseraError('signed_out')
    return next({ context: { clientId } })
  })

/** Fresh: a signed-in session (active or pending), as the database has it now. */
export const requireFreshSession = createMiddleware({ type: 'function' })
  .middleware([withFreshAuth])
  .server(async ({ next, context }) => {
    const { clientId, session } = context.auth
    if (!clientId || !session) throw new TesseraError('signed_out')
    return next({ context: { clientId, session } })
  })

/** Fresh: an active session as the database has it now, or a pending one whose current task is `task`. */
export function requireFreshSessionFor(task?: SessionTaskKey) {
  return createMiddleware({ type: 'function' })
    .middleware([requireFreshSession])
    .server(async ({ next, context }) => {
      const { status, tasks } = context.session
      const currentTask = tasks[0] ?? null
      if (status !== 'active' && (task === undefined || currentTask !== task)) {
        throw new TesseraError('session_pending', { meta: { currentTask } })
      }
      return next()
    })
}

/** Fresh: an active session as the database has it now (a pending one gets 403 `session_pending`). */
export const requireFreshActiveSession = requireFreshSessionFor()
