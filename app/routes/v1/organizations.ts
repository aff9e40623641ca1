import { createFileRoute } from '@tanstack/react-router'
import { organizationListQuery } from '../../functions/backend-api-schemas.ts'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'
import { listOrganizations } from '../../server/backend-api.server.ts'
import { config } from '../../server/config.server.ts'
import { getDb } from '../../server/db.server.ts'

/** Organizations of the instance, newest first, as `{ data, total_count }` (ADR 027). */
export const Route = createFileRoute('/v1/organizations')({
  server: serverRoute({
    GET: endpoint({
      auth: 'secret_key',
      query: organizationListQuery,
      handle: async ({ query }) =>
        Response.json(
          await listOrganizations(
            { db: await getDb(), config },
            { query: query.query, includeMembersCount: query.include_members_count ?? false },
            { limit: query.limit, offset: query.offset, orderBy: query.order_by },
          ),
        ),
    }),
  }),
})
