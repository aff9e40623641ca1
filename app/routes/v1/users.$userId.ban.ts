import { createFileRoute } from '@tanstack/react-router'
import { userParams } from '../../functions/backend-api-schemas.ts'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'
import { banUser } from '../../server/backend-api.server.ts'
import { serviceContext } from '../../server/request-auth.server.ts'

/** Bans a user and revokes their sessions; the ledger names the secret key (ADR 027). */
export const Route = createFileRoute('/v1/users/$userId/ban')({
  server: serverRoute({
    POST: endpoint({
      auth: 'secret_key',
      params: userParams,
      handle: async ({ auth, params }) => Response.json(await banUser(await serviceContext(), auth, params.userId)),
    }),
  }),
})
