import { createFileRoute } from '@tanstack/react-router'
import { sessionParams } from '../../functions/backend-api-schemas.ts'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'
import { getSession } from '../../server/backend-api.server.ts'
import { getDb } from '../../server/db.server.ts'

export const Route = createFileRoute('/v1/sessions/$sessionId')({
  server: serverRoute({
    GET: endpoint({
      auth: 'secret_key',
      params: sessionParams,
      handle: async ({ params }) =>
        Response.json(await getSession({ db: await getDb(), now: new Date() }, params.sessionId)),
    }),
  }),
})
