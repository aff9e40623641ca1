import { createFileRoute } from '@tanstack/react-router'
import { getDb } from '../../../server/db.server.ts'
import { refuseTestingRequest } from '../../../server/testing.server.ts'
import { deleteUser } from '../../../server/users.server.ts'

/** Testing API: deletes a user and, by cascade, their sessions. */
export const Route = createFileRoute('/api/testing/users/$userId')({
  server: {
    handlers: {
      DELETE: async ({ request, params }) => {
        const refused = refuseTestingRequest(request)
        if (refused) return refused
        const deleted = await deleteUser(await getDb(), params.userId)
        return new Response(null, { status: deleted ? 204 : 404 })
      },
    },
  },
})
