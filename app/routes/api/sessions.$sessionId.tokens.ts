import { createFileRoute } from '@tanstack/react-router'
import * as z from 'zod'
import { authenticate } from '../../server/auth.server.ts'
import { config } from '../../server/config.server.ts'
import { readClientToken } from '../../server/cookies.server.ts'
import { checkCsrf } from '../../server/csrf.server.ts'
import { getDb } from '../../server/db.server.ts'
import { toTesseraError } from '../../server/errors.server.ts'
import { errorResponse, methodNotAllowed } from '../../server/http.server.ts'
import { appOrigin, requestMeta } from '../../server/request.server.ts'
import { mintContext } from '../../server/request-auth.server.ts'
import { issueToken } from '../../server/sessions.server.ts'
import { TesseraError } from '../../session/errors.ts'
import { isPublicId } from '../../session/identifiers.ts'
import { TEMPLATE_NAME_PATTERN } from '../../session/tokens.ts'
import { BEARER_SECRET_PATTERN } from '../../session/transport.ts'

const bodySchema = z.strictObject({ template: z.string().regex(TEMPLATE_NAME_PATTERN).nullish() }).nullish()

/**
 * Session tokens for callers that are not a browser page: a native app or a CLI holding the client
 * token sends it as `Authorization: Bearer <client token>`. A browser may send its cookie instead,
 * in which case the same CSRF rule as for server functions applies.
 */
export const Route = createFileRoute('/api/sessions/$sessionId/tokens')({
  server: {
    handlers: {
      ANY: methodNotAllowed('POST'),
      POST: async ({ request, params }) => {
        try {
          const header = /^Bearer ([A-Za-z0-9_-]{43})$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? null
          if (!header) {
            const verdict = checkCsrf({ method: 'POST', headers: request.headers, allowedOrigin: appOrigin() })
            if (!verdict.allowed) return errorResponse(new TesseraError('cross_origin_request'))
          }
          const clientToken = header ?? readClientToken()
          if (!clientToken || !BEARER_SECRET_PATTERN.test(clientToken)) throw new TesseraError('signed_out')
          if (!isPublicId('session', params.sessionId)) throw new TesseraError('session_not_found')
          const text = await request.text()
          const body = bodySchema.safeParse(text.length > 0 ? JSON.parse(text) : null)
          if (!body.success) throw new TesseraError('invalid_input')
          const db = await getDb()
          const now = new Date()
          const { clientId } = await authenticate(db, { token: clientToken, requestedSessionId: null, now })
          if (!clientId) throw new TesseraError('signed_out')
          const issued = await issueToken(
            { db, now, meta: requestMeta(), config, mint: await mintContext(now) },
            { clientId, sessionId: params.sessionId, template: body.data?.template ?? null },
          )
          return Response.json({ jwt: issued.jwt, expiresInSeconds: issued.expiresInSeconds })
        } catch (error) {
          return errorResponse(error instanceof SyntaxError ? new TesseraError('invalid_input') : toTesseraError(error))
        }
      },
    },
  },
})
