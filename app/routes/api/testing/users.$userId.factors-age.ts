import { createFileRoute } from '@tanstack/react-router'
import * as z from 'zod'
import { getDb } from '../../../server/db.server.ts'
import { errorResponse, methodNotAllowed } from '../../../server/http.server.ts'
import { ageVerifiedFactors, refuseTestingRequest } from '../../../server/testing.server.ts'
import { TesseraError } from '../../../session/errors.ts'

/**
 * Testing API: makes the user's sessions' factor verifications `minutes` older, as if that much time
 * had passed since sign-in, so e2e tests reach a stale session without waiting.
 */
export const Route = createFileRoute('/api/testing/users/$userId/factors-age')({
  server: {
    handlers: {
      ANY: methodNotAllowed('POST'),
      POST: async ({ request, params }) => {
        const refused = refuseTestingRequest(request)
        if (refused) return refused
        const parsed = z
          .strictObject({ minutes: z.number().int().min(1).max(100_000) })
          .safeParse(await request.json().catch(() => null))
        if (!parsed.success) return errorResponse(new TesseraError('invalid_input'))
        const sessions = await ageVerifiedFactors(await getDb(), params.userId, parsed.data.minutes)
        return Response.json({ sessions })
      },
    },
  },
})
