import { createFileRoute } from '@tanstack/react-router'
import { userCountQuery } from '../../functions/backend-api-schemas.ts'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'
import { countUsers } from '../../server/backend-api.server.ts'
import { getDb } from '../../server/db.server.ts'

/** How many users match the filter: `getUserList` asks it for the total beside the page. */
export const Route = createFileRoute('/v1/users/count')({
  server: serverRoute({
    GET: endpoint({
      auth: 'secret_key',
      query: userCountQuery,
      handle: async ({ query }) =>
        Response.json(
          await countUsers(await getDb(), {
            userIds: query.user_id,
            emailAddresses: query.email_address,
            query: query.query,
          }),
        ),
    }),
  }),
})
