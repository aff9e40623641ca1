/**
 * Security headers on every response, and a CSP nonce for the router's inline hydration scripts
 * (`getRouter()` reads it from the request context) on the responses that render a page.
 *
 * The nonce is drawn when the page's render first asks for it, or when the response turns out to be
 * HTML (fail closed: an HTML answer always carries a nonce policy). A response that renders no page
 * (a server function, a JSON server route) draws none and gets the same policy with no script
 * allowed at all (issue 23: no per-request work the request does not need). The headers that never
 * change are built once per process.
 *
 * Responses are `no-store` by default: pages render the signed-in user and server functions return
 * private data. Public, cacheable routes (the JWKS) set their own Cache-Control.
 */

import { randomBytes } from 'node:crypto'
import { createMiddleware } from '@tanstack/react-start'
import { setResponseHeader } from '@tanstack/react-start/server'
import { getEnv } from '../server/env.server.ts'
import { isSecureOrigin } from '../server/request.server.ts'

/** The policy; `nonce` null for a response that renders no page, so runs no script. */
export function contentSecurityPolicy(nonce: string | null, secure: boolean): string {
  return [
    "default-src 'self'",
    nonce === null ? "script-src 'none'" : `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
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

/** The request context's nonce: drawn on first use, the same value for every later one. */
function lazyNonce(): (() => string) & { drawn: () => boolean } {
  let nonce: string | undefined
  const get = () => {
    nonce ??= randomBytes(16).toString('base64')
    return nonce
  }
  return Object.assign(get, { drawn: () => nonce !== undefined })
}

interface Fixed {
  headers: [string, string][]
  /** The policy of a response that renders no page (null in development: Vite injects inline scripts). */
  noScriptPolicy: string | null
  secure: boolean
  production: boolean
}

// The environment is read once per process (getEnv), so what follows from it is too.
let fixed: Fixed | undefined
function fixedHeaders(): Fixed {
  if (fixed) return fixed
  const secure = isSecureOrigin()
  const production = getEnv().NODE_ENV === 'production'
  const headers: [string, string][] = [
    ['x-content-type-options', 'nosniff'],
    ['x-frame-options', 'DENY'],
    ['referrer-policy', 'strict-origin-when-cross-origin'],
    ['cross-origin-opener-policy', 'same-origin'],
    ['permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'],
  ]
  if (secure) headers.unshift(['strict-transport-security', 'max-age=31536000; includeSubDomains'])
  const computed: Fixed = {
    headers,
    noScriptPolicy: production ? contentSecurityPolicy(null, secure) : null,
    secure,
    production,
  }
  // Without APP_URL (development) the origin is the request's: nothing is kept.
  if (getEnv().appOrigin !== null) fixed = computed
  return computed
}

const isHtml = (response: Response) => response.headers.get('content-type')?.startsWith('text/html') ?? false

export const securityHeadersMiddleware = createMiddleware().server(async ({ next, handlerType }) => {
  const { headers, noScriptPolicy, secure, production } = fixedHeaders()
  for (const [name, value] of headers) setResponseHeader(name, value)
  // Server functions answer data, never a page: no nonce.
  const cspNonce = handlerType === 'serverFn' ? undefined : lazyNonce()
  const result = await next({ context: { cspNonce } })
  // Vite's dev server injects inline scripts and styles for hot reloading; the policy applies to builds.
  if (production) {
    const paged = cspNonce !== undefined && (cspNonce.drawn() || isHtml(result.response))
    setResponseHeader(
      'content-security-policy',
      paged ? contentSecurityPolicy(cspNonce(), secure) : (noScriptPolicy as string),
    )
  }
  // Private by default; a public route (the JWKS) says otherwise on its own response.
  if (!result.response.headers.has('cache-control')) setResponseHeader('cache-control', 'no-store')
  return result
})
