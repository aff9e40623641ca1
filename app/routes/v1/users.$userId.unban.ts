import { createFileRoute } from '@tanstack/react-router'
import { userParams } from '../../functions/backend-api-schemas.ts'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'
import { unbanUser } from '../../server/backend-api.server.ts'
import { serviceContext } from '../../server/request-auth.server.ts'

/** Lifts a ban; the ledger names the secret key (ADR 027). */
export const Route = createFileRoute('/v1/users/$userId/unban')({
  server: serverRoute({
    POST: endpoint({
      auth: 'secret_key',
      params: userParams,
      handle: async ({ auth, params }) => Response.json(await unbanUser(await serviceContext(), auth, params.userId)),
    }),
  }),
})
