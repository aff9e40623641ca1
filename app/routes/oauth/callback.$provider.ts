import { createFileRoute } from '@tanstack/react-router'
import * as z from 'zod'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'
import { socialCallback } from '../../server/social-callback.server.ts'
import { OAUTH_PROVIDERS } from '../../session/factors.ts'

/**
 * Where a social provider sends the browser back, a cross-site navigation: no credential of the
 * wrapper's, since the transaction cookie and the trip's state authorize it (social-callback.server.ts).
 */
export const Route = createFileRoute('/oauth/callback/$provider')({
  server: serverRoute({
    GET: endpoint({
      auth: 'none',
      params: z.object({ provider: z.enum(OAUTH_PROVIDERS) }),
      handle: ({ request, params }) => socialCallback(request, params.provider),
    }),
  }),
})
