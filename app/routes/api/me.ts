import { createFileRoute } from '@tanstack/react-router'
import { toTesseraError } from '../../server/errors.server.ts'
import { errorResponse, methodNotAllowed } from '../../server/http.server.ts'
import { bearerToken, verifyOptions } from '../../server/request-auth.server.ts'
import { verifySessionToken } from '../../server/tokens.server.ts'
import { isTesseraError, TesseraError } from '../../session/errors.ts'

/**
 * A protected backend API, as a third-party backend would write one: `Authorization: Bearer
 * <session JWT>`, verified locally against our keys, no database. Answers who is calling.
 */
export const Route = createFileRoute('/api/me')({
  server: {
    handlers: {
      ANY: methodNotAllowed('GET'),
      GET: async () => {
        const token = bearerToken()
        if (!token) return errorResponse(new TesseraError('signed_out'), { 'www-authenticate': 'Bearer' })
        try {
          const claims = await verifySessionToken(token, await verifyOptions())
          return Response.json({
            userId: claims.sub,
            sessionId: claims.sid,
            orgId: null,
            status: claims.sts ?? 'active',
            actor: claims.act ?? null,
            expiresAt: claims.exp,
          })
        } catch (error) {
          // Only when the keys cannot be read (an outage past the grace): 503 with Retry-After, not 500.
          if (!isTesseraError(error)) return errorResponse(toTesseraError(error))
          return errorResponse(error as TesseraError, { 'www-authenticate': `Bearer error="invalid_token"` })
        }
      },
    },
  },
})
