import { createFileRoute } from '@tanstack/react-router'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'

/**
 * A protected backend API, as a third-party backend would write one: `Authorization: Bearer
 * <session JWT>`, verified locally against our keys, no database. Answers who is calling.
 */
export const Route = createFileRoute('/api/me')({
  server: serverRoute({
    GET: endpoint({
      auth: 'session_token',
      handle: ({ auth: claims }) =>
        Response.json({
          userId: claims.sub,
          sessionId: claims.sid,
          orgId: null,
          status: claims.sts ?? 'active',
          actor: claims.act ?? null,
          expiresAt: claims.exp,
        }),
    }),
  }),
})
