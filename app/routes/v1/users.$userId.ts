import { createFileRoute } from '@tanstack/react-router'
import { userParams } from '../../functions/backend-api-schemas.ts'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'
import { deleteUserAccount, getUser } from '../../server/backend-api.server.ts'
import { getDb } from '../../server/db.server.ts'
import { serviceContext } from '../../server/request-auth.server.ts'

export const Route = createFileRoute('/v1/users/$userId')({
  server: serverRoute({
    GET: endpoint({
      auth: 'secret_key',
      params: userParams,
      handle: async ({ params }) => Response.json(await getUser(await getDb(), params.userId)),
    }),
    // Deletes the account and everything of it; the ledger names the secret key (ADR 027).
    DELETE: endpoint({
      auth: 'secret_key',
      params: userParams,
      handle: async ({ auth, params }) =>
        Response.json(await deleteUserAccount(await serviceContext(), auth, params.userId)),
    }),
  }),
})
