import { createFileRoute } from '@tanstack/react-router'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'
import { decodeAuthorizationClaims } from '../../session/claims.ts'

/**
 * A protected backend API, as a third-party backend would write one: `Authorization: Bearer
 * <session JWT>`, verified locally against our keys, no database. Answers who is calling, and for
 * which organization. A pending session is signed out here, as the reference's backend SDK treats
 * it by default (`treatPendingAsSignedOut`).
 */
export const Route = createFileRoute('/api/me')({
  server: serverRoute({
    GET: endpoint({
      auth: 'session_token',
      handle: ({ auth: claims }) => {
        const { organization } = decodeAuthorizationClaims({ ...claims })
        return Response.json({
          userId: claims.sub,
          sessionId: claims.sid,
          orgId: organization?.id ?? null,
          orgRole: organization?.role ?? null,
          orgSlug: organization?.slug ?? null,
          status: claims.sts ?? 'active',
          actor: claims.act ?? null,
          expiresAt: claims.exp,
        })
      },
    }),
  }),
})
