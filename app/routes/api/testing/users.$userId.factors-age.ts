import { createFileRoute } from '@tanstack/react-router'
import * as z from 'zod'
import { userIdSchema } from '../../../functions/schemas.ts'
import { endpoint, serverRoute } from '../../../middleware/server-route.server.ts'
import { getDb } from '../../../server/db.server.ts'
import { ageVerifiedFactors } from '../../../server/testing.server.ts'

/**
 * Testing API: makes the user's sessions' factor verifications `minutes` older, as if that much time
 * had passed since sign-in, so e2e tests reach a stale session without waiting.
 */
export const Route = createFileRoute('/api/testing/users/$userId/factors-age')({
  server: serverRoute({
    POST: endpoint({
      auth: 'testing_token',
      params: z.object({ userId: userIdSchema }),
      body: { schema: z.strictObject({ minutes: z.number().int().min(1).max(100_000) }) },
      handle: async ({ params, body }) => {
        const sessions = await ageVerifiedFactors(await getDb(), params.userId, body.minutes)
        return Response.json({ sessions })
      },
    }),
  }),
})
