/**
 * The ceiling for the JWT path: a bare node:http server that verifies a session JWT with jose
 * against the app's JWKS (same algorithms, issuer and leeway) and answers a small JSON body.
 */

import { createServer } from 'node:http'
import { createLocalJWKSet, jwtVerify } from 'jose'

const jwks = createLocalJWKSet(await (await fetch(String(process.env.JWKS_URL))).json())
const issuer = String(process.env.ISSUER)

createServer(async (request, response) => {
  if (request.url === '/health') return response.end('ok')
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
  try {
    if (!token) throw new Error('no token')
    const { payload } = await jwtVerify(token, jwks, {
      issuer,
      typ: 'JWT',
      algorithms: ['RS256', 'ES256', 'EdDSA'],
      clockTolerance: 5,
    })
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ userId: payload.sub, sessionId: payload.sid }))
  } catch {
    response.writeHead(401).end()
  }
}).listen(Number(process.env.PORT), '127.0.0.1')
