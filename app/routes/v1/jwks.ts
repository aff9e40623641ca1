import { createFileRoute } from '@tanstack/react-router'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'
import { config } from '../../server/config.server.ts'
import { getDb } from '../../server/db.server.ts'
import { getKeyRing, publicJwks } from '../../server/signing-keys.server.ts'

/**
 * The Backend API's key set (ADR 027): what `verifyToken(token, { secretKey, apiUrl })` fetches.
 * The same keys as the public `/.well-known/jwks.json`, behind a secret key as the reference's is.
 */
export const Route = createFileRoute('/v1/jwks')({
  server: serverRoute({
    GET: endpoint({
      auth: 'secret_key',
      handle: async () =>
        Response.json(publicJwks(await getKeyRing(await getDb(), config.tokens.algorithm, new Date()))),
    }),
  }),
})
