/**
 * A hostile (or broken) OpenID provider for the attack table: a real HTTP peer on loopback that
 * serves discovery, a JWKS and a token endpoint, and answers the code exchange with whatever ID
 * token the test crafts — the tokens a well-behaved provider will not produce (another audience, a
 * wrong nonce, `alg: none`, HS256 keyed with the client secret, a forged signature, another
 * issuer, an expired one). It can also refuse to answer at all.
 */

import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type CryptoKey, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose'

export type Crafted = (claims: JWTPayload) => Promise<string>

export interface HostileIdp {
  issuer: string
  /** Claims a correct ID token would have for this nonce (the test then spoils one thing). */
  validClaims: (input: { clientId: string; nonce: string; email: string; sub?: string }) => JWTPayload
  /** RS256 with the key in the JWKS: a correctly signed token. */
  signed: Crafted
  /** `alg: none`, no signature. */
  unsigned: Crafted
  /** HS256 keyed with a shared secret (the client secret, in the classic confusion attack). */
  hmac: (secret: string) => Crafted
  /** RS256 with the published `kid` but another key: a forged signature. */
  forged: Crafted
  /** The ID token the next code exchange returns. */
  respondWith: (claims: JWTPayload, craft: Crafted) => void
  /** The token endpoint stops answering (accepts the connection, never responds). */
  hang: () => void
  /** The issuer its discovery document names (to test an impostor's metadata). */
  claimIssuer: (issuer: string) => void
  close: () => Promise<void>
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

export async function startHostileIdp(): Promise<HostileIdp> {
  const kid = 'hostile-1'
  const { privateKey, publicKey } = await generateKeyPair('RS256')
  const { privateKey: otherKey } = await generateKeyPair('RS256')
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] }

  let next: { claims: JWTPayload; craft: Crafted } | null = null
  let hanging = false
  let discoveryIssuer: string | null = null

  const json = (response: ServerResponse, body: unknown) => {
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(JSON.stringify(body))
  }
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', issuer)
    for await (const _chunk of request) {
      // drain the body
    }
    switch (url.pathname) {
      case '/.well-known/openid-configuration':
        return json(response, {
          issuer: discoveryIssuer ?? issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          // What a hostile IdP advertises does not matter: the client insists on RS256.
          id_token_signing_alg_values_supported: ['none', 'HS256', 'RS256'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['client_secret_basic'],
        })
      case '/jwks':
        return json(response, jwks)
      case '/token': {
        if (hanging) return
        if (!next) {
          response.writeHead(400, { 'content-type': 'application/json' })
          return response.end(JSON.stringify({ error: 'invalid_grant' }))
        }
        const { claims, craft } = next
        next = null
        return json(response, {
          access_token: 'hostile-access-token',
          token_type: 'Bearer',
          expires_in: 60,
          id_token: await craft(claims),
        })
      }
      default:
        response.writeHead(404)
        response.end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const withKey = (key: CryptoKey) => (claims: JWTPayload) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(key)

  return {
    issuer,
    validClaims: ({ clientId, nonce, email, sub }) => {
      const now = Math.floor(Date.now() / 1000)
      return {
        iss: issuer,
        sub: sub ?? 'hostile-subject',
        aud: clientId,
        iat: now,
        exp: now + 300,
        auth_time: now,
        nonce,
        email,
        email_verified: true,
      }
    },
    signed: withKey(privateKey),
    unsigned: async (claims) => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`,
    hmac: (secret) => (claims) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret)),
    forged: withKey(otherKey),
    respondWith: (claims, craft) => {
      next = { claims, craft }
    },
    hang: () => {
      hanging = true
    },
    claimIssuer: (value) => {
      discoveryIssuer = value
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
