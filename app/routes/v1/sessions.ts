import { createFileRoute } from '@tanstack/react-router'
import { sessionListQuery } from '../../functions/backend-api-schemas.ts'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'
import { listSessions } from '../../server/backend-api.server.ts'
import { getDb } from '../../server/db.server.ts'

/** Sessions of the instance, newest first, filtered by user, client and status (ADR 027). */
export const Route = createFileRoute('/v1/sessions')({
  server: serverRoute({
    GET: endpoint({
      auth: 'secret_key',
      query: sessionListQuery,
      handle: async ({ query }) => {
        const page = await listSessions(
          { db: await getDb(), now: new Date() },
          { userId: query.user_id, clientId: query.client_id, status: query.status },
          { limit: query.limit, offset: query.offset },
        )
        return Response.json(query.paginated ? page : page.data)
      },
    }),
  }),
})
