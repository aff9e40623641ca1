import { createFileRoute } from '@tanstack/react-router'
import * as z from 'zod'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'
import { ssoCallback } from '../../server/sso-callback.server.ts'

/**
 * Where an enterprise IdP sends the browser back, a cross-site navigation: no credential of the
 * wrapper's, since the SSO cookie and the trip's state authorize it (sso-callback.server.ts).
 */
export const Route = createFileRoute('/sso/callback/$connectionId')({
  server: serverRoute({
    GET: endpoint({
      auth: 'none',
      // Any id: an unknown one is the callback's own failure, answered with a redirect like the rest.
      params: z.object({ connectionId: z.string() }),
      handle: ({ request, params }) => ssoCallback(request, params.connectionId),
    }),
  }),
})
