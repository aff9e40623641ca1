import { createFileRoute } from '@tanstack/react-router'
import { templateParams, tokenBody } from '../../functions/backend-api-schemas.ts'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'
import { mintForSession } from '../../server/backend-api-tokens.server.ts'

/** A JWT template's token for a signed-in session, as `sessions.getToken(sessionId, template)` asks. */
export const Route = createFileRoute('/v1/sessions/$sessionId/tokens/$template')({
  server: serverRoute({
    POST: endpoint({
      auth: 'secret_key',
      params: templateParams,
      body: { schema: tokenBody },
      handle: async ({ params }) => Response.json(await mintForSession(params.sessionId, params.template)),
    }),
  }),
})
