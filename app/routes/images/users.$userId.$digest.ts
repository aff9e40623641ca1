import { createFileRoute } from '@tanstack/react-router'
import * as z from 'zod'
import { userIdSchema } from '../../functions/schemas.ts'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'
import { getDb } from '../../server/db.server.ts'
import { profileImageResponse } from '../../server/profile.server.ts'
import { IMAGE_DIGEST_PATTERN } from '../../session/profile-image.ts'

/** A profile image, public and immutable under its content hash (profile.server.ts). */
export const Route = createFileRoute('/images/users/$userId/$digest')({
  server: serverRoute({
    GET: endpoint({
      auth: 'none',
      params: z.object({ userId: userIdSchema, digest: z.string().regex(IMAGE_DIGEST_PATTERN) }),
      handle: async ({ request, params }) => profileImageResponse(await getDb(), request, params),
    }),
  }),
})
