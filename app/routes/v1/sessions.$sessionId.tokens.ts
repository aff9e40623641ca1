import { createFileRoute } from '@tanstack/react-router'
import { sessionParams, tokenBody } from '../../functions/backend-api-schemas.ts'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'
import { mintForSession } from '../../server/backend-api-tokens.server.ts'

/** A session token for a signed-in session, as `sessions.getToken(sessionId)` asks (ADR 027). */
export const Route = createFileRoute('/v1/sessions/$sessionId/tokens')({
  server: serverRoute({
    POST: endpoint({
      auth: 'secret_key',
      params: sessionParams,
      body: { schema: tokenBody },
      handle: async ({ params }) => Response.json(await mintForSession(params.sessionId, null)),
    }),
  }),
})
