import { createFileRoute } from '@tanstack/react-router'
import { membershipListQuery, organizationParams } from '../../functions/backend-api-schemas.ts'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'
import { listOrganizationMemberships } from '../../server/backend-api.server.ts'
import { config } from '../../server/config.server.ts'
import { getDb } from '../../server/db.server.ts'

/** An organization's members, as `{ data, total_count }`. */
export const Route = createFileRoute('/v1/organizations/$organizationId/memberships')({
  server: serverRoute({
    GET: endpoint({
      auth: 'secret_key',
      params: organizationParams,
      query: membershipListQuery,
      handle: async ({ params, query }) =>
        Response.json(
          await listOrganizationMemberships(
            { db: await getDb(), config },
            params.organizationId,
            { userIds: query.user_id, role: query.role },
            { limit: query.limit, offset: query.offset, orderBy: query.order_by },
          ),
        ),
    }),
  }),
})
