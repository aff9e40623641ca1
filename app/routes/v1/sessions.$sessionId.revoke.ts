import { createFileRoute } from '@tanstack/react-router'
import { sessionParams } from '../../functions/backend-api-schemas.ts'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'
import { revokeSession } from '../../server/backend-api.server.ts'
import { serviceContext } from '../../server/request-auth.server.ts'

/** Revokes a signed-in session; the ledger names the secret key (ADR 027). */
export const Route = createFileRoute('/v1/sessions/$sessionId/revoke')({
  server: serverRoute({
    POST: endpoint({
      auth: 'secret_key',
      params: sessionParams,
      handle: async ({ auth, params }) =>
        Response.json(await revokeSession(await serviceContext(), auth, params.sessionId)),
    }),
  }),
})
