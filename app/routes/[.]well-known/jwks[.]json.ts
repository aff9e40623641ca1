import { createFileRoute } from '@tanstack/react-router'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'
import { config } from '../../server/config.server.ts'
import { getDb } from '../../server/db.server.ts'
import { getKeyRing, publicJwks } from '../../server/signing-keys.server.ts'
import { JWKS_MAX_AGE_SECONDS } from '../../session/policy.ts'

/** The public keys that verify session tokens: public, credential-free and cacheable. */
export const Route = createFileRoute('/.well-known/jwks.json')({
  server: serverRoute({
    GET: endpoint({
      auth: 'none',
      handle: async () => {
        const ring = await getKeyRing(await getDb(), config.tokens, new Date())
        return Response.json(publicJwks(ring), {
          headers: {
            'cache-control': `public, max-age=${JWKS_MAX_AGE_SECONDS}`,
            'access-control-allow-origin': '*',
          },
        })
      },
    }),
  }),
})
