/**
 * Security headers on every response, and a fresh CSP nonce per request for the router's inline
 * hydration scripts (`getRouter()` reads it from the request context).
 *
 * Responses are `no-store` by default: pages render the signed-in user and server functions return
 * private data. Public, cacheable routes (the JWKS) set their own Cache-Control.
 */

import { randomBytes } from 'node:crypto'
import { createMiddleware } from '@tanstack/react-start'
import { setResponseHeader } from '@tanstack/react-start/server'
import { getEnv } from '../server/env.server.ts'
import { isSecureOrigin } from '../server/request.server.ts'

export function contentSecurityPolicy(nonce: string, secure: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(secure ? ['upgrade-insecure-requests'] : []),
  ].join('; ')
}

export const securityHeadersMiddleware = createMiddleware().server(async ({ next }) => {
  const nonce = randomBytes(16).toString('base64')
  const secure = isSecureOrigin()
  // Vite's dev server injects inline scripts and styles for hot reloading; the policy applies to builds.
  if (getEnv().NODE_ENV === 'production') {
    setResponseHeader('content-security-policy', contentSecurityPolicy(nonce, secure))
  }
  if (secure) setResponseHeader('strict-transport-security', 'max-age=31536000; includeSubDomains')
  setResponseHeader('x-content-type-options', 'nosniff')
  setResponseHeader('x-frame-options', 'DENY')
  setResponseHeader('referrer-policy', 'strict-origin-when-cross-origin')
  setResponseHeader('cross-origin-opener-policy', 'same-origin')
  setResponseHeader('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()')
  const result = await next({ context: { cspNonce: nonce } })
  // Private by default; a public route (the JWKS) says otherwise on its own response.
  if (!result.response.headers.has('cache-control')) setResponseHeader('cache-control', 'no-store')
  return result
})
