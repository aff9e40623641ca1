import { createFileRoute } from '@tanstack/react-router'
import { getDb } from '../../../server/db.server.ts'
import { methodNotAllowed } from '../../../server/http.server.ts'
import { deleteTestUser, refuseTestingRequest } from '../../../server/testing.server.ts'

/** Testing API: deletes a user (their sessions cascade) and their organizations. */
export const Route = createFileRoute('/api/testing/users/$userId')({
  server: {
    handlers: {
      ANY: methodNotAllowed('DELETE'),
      DELETE: async ({ request, params }) => {
        const refused = refuseTestingRequest(request)
        if (refused) return refused
        const deleted = await deleteTestUser(await getDb(), params.userId)
        return new Response(null, { status: deleted ? 204 : 404 })
      },
    },
  },
})
