import { createFileRoute } from '@tanstack/react-router'
import { userListQuery } from '../../functions/backend-api-schemas.ts'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'
import { listUsers } from '../../server/backend-api.server.ts'
import { getDb } from '../../server/db.server.ts'

/** Users, newest first: a plain array, as the reference answers (the SDK counts with `/users/count`). */
export const Route = createFileRoute('/v1/users')({
  server: serverRoute({
    GET: endpoint({
      auth: 'secret_key',
      query: userListQuery,
      handle: async ({ query }) =>
        Response.json(
          await listUsers(
            await getDb(),
            { userIds: query.user_id, emailAddresses: query.email_address, query: query.query },
            { limit: query.limit, offset: query.offset, orderBy: query.order_by },
          ),
        ),
    }),
  }),
})
