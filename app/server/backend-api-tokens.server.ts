/**
 * Tokens minted for a backend through the Backend API (`POST /v1/sessions/:id/tokens[/:template]`,
 * ADR 027): the same checks and claims as a token the session's own client asks for — the session
 * must be signed in, a template must exist — for the client the session belongs to.
 */

import { sessionClientId } from './backend-api.server.ts'
import { config } from './config.server.ts'
import { getDb } from './db.server.ts'
import { requestMeta } from './request.server.ts'
import { mintContext } from './request-auth.server.ts'
import { issueToken } from './sessions.server.ts'

export async function mintForSession(sessionId: string, template: string | null): Promise<Record<string, unknown>> {
  const db = await getDb()
  const now = new Date()
  const clientId = await sessionClientId(db, sessionId)
  const issued = await issueToken(
    { db, now, meta: requestMeta(), config, mint: await mintContext(now) },
    { clientId, sessionId, template },
  )
  return { object: 'token', jwt: issued.jwt }
}
