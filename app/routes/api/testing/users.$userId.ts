import { createFileRoute } from '@tanstack/react-router'
import * as z from 'zod'
import { userIdSchema } from '../../../functions/schemas.ts'
import { endpoint, serverRoute } from '../../../middleware/server-route.server.ts'
import { getDb } from '../../../server/db.server.ts'
import { deleteTestUser } from '../../../server/testing.server.ts'

/** Testing API: deletes a user (their sessions cascade) and their organizations. */
export const Route = createFileRoute('/api/testing/users/$userId')({
  server: serverRoute({
    DELETE: endpoint({
      auth: 'testing_token',
      params: z.object({ userId: userIdSchema }),
      handle: async ({ params }) => {
        const deleted = await deleteTestUser(await getDb(), params.userId)
        return new Response(null, { status: deleted ? 204 : 404 })
      },
    }),
  }),
})
