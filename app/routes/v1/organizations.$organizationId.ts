import { createFileRoute } from '@tanstack/react-router'
import { organizationParams, organizationQuery } from '../../functions/backend-api-schemas.ts'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'
import { getOrganization } from '../../server/backend-api.server.ts'
import { config } from '../../server/config.server.ts'
import { getDb } from '../../server/db.server.ts'

/** One organization, by id or by slug. */
export const Route = createFileRoute('/v1/organizations/$organizationId')({
  server: serverRoute({
    GET: endpoint({
      auth: 'secret_key',
      params: organizationParams,
      query: organizationQuery,
      handle: async ({ params, query }) =>
        Response.json(
          await getOrganization(
            { db: await getDb(), config },
            params.organizationId,
            query.include_members_count ?? false,
          ),
        ),
    }),
  }),
})
