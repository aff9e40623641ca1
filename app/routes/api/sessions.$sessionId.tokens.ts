import { createFileRoute } from '@tanstack/react-router'
import * as z from 'zod'
import { sessionIdSchema } from '../../functions/schemas.ts'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'
import { config } from '../../server/config.server.ts'
import { getDb } from '../../server/db.server.ts'
import { requestMeta } from '../../server/request.server.ts'
import { mintContext } from '../../server/request-auth.server.ts'
import { issueToken } from '../../server/sessions.server.ts'
import { TEMPLATE_NAME_PATTERN } from '../../session/tokens.ts'

/**
 * Session tokens for callers that are not a browser page: a native app or a CLI holding the client
 * token sends it as `Authorization: Bearer <client token>`. A browser may send its cookie instead,
 * in which case the same CSRF rule as for server functions applies (the wrapper's `client_token`).
 */
export const Route = createFileRoute('/api/sessions/$sessionId/tokens')({
  server: serverRoute({
    POST: endpoint({
      auth: 'client_token',
      params: z.object({ sessionId: sessionIdSchema }),
      body: { schema: z.strictObject({ template: z.string().regex(TEMPLATE_NAME_PATTERN).nullish() }).nullish() },
      handle: async ({ auth, params, body }) => {
        const now = new Date()
        const issued = await issueToken(
          { db: await getDb(), now, meta: requestMeta(), config, mint: await mintContext(now) },
          { clientId: auth.clientId, sessionId: params.sessionId, template: body?.template ?? null },
        )
        return Response.json({ jwt: issued.jwt, expiresInSeconds: issued.expiresInSeconds })
      },
    }),
  }),
})
