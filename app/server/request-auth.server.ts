/**
 * The current request's authentication, resolved once per request from the client cookie and the
 * tab's session header, however many middlewares and functions ask for it.
 */

import { getRequest, getRequestHeader } from '@tanstack/react-start/server'
import { config } from '../config/index.ts'
import { SESSION_ID_HEADER } from '../middleware/tab-session.ts'
import { type AuthState, authenticate, type ServiceContext } from './auth.server.ts'
import { readClientToken } from './cookies.server.ts'
import { getDb } from './db.server.ts'
import { requestMeta } from './request.server.ts'

const resolved = new WeakMap<Request, Promise<AuthState>>()

export function authenticateRequest(): Promise<AuthState> {
  const request = getRequest()
  let auth = resolved.get(request)
  if (!auth) {
    auth = getDb().then((db) =>
      authenticate(db, {
        token: readClientToken(),
        requestedSessionId: getRequestHeader(SESSION_ID_HEADER) ?? null,
        now: new Date(),
      }),
    )
    resolved.set(request, auth)
  }
  return auth
}

/** What the services need from the current request: the database, the time and where it came from. */
export async function serviceContext(): Promise<ServiceContext> {
  return { db: await getDb(), now: new Date(), meta: requestMeta(), config }
}
