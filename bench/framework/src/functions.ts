/**
 * The framework's trivial server functions: a GET, a POST, a GET behind one trivial middleware
 * (what a function costs before any work of its own), and a GET answering with the headers every
 * Tessera response carries (what those headers cost on their own).
 */

import { createMiddleware, createServerFn } from '@tanstack/react-start'
import { setResponseHeader } from '@tanstack/react-start/server'

export const $ping = createServerFn({ method: 'GET' }).handler(() => ({ ok: true }))

export const $echo = createServerFn({ method: 'POST' })
  .validator((data: { value: string }) => ({ value: String(data?.value ?? '') }))
  .handler(({ data }) => ({ ok: true, value: data.value }))

const trivialMiddleware = createMiddleware({ type: 'function' }).server(({ next }) =>
  next({ context: { checked: true } }),
)

export const $pingWithMiddleware = createServerFn({ method: 'GET' })
  .middleware([trivialMiddleware])
  .handler(({ context }) => ({ ok: context.checked }))

/**
 * The headers app/middleware/security-headers.ts sets on a response that renders no page, with the
 * same values (this app imports nothing from Tessera, so they are written out here).
 */
const TESSERA_HEADERS: [string, string][] = [
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['referrer-policy', 'strict-origin-when-cross-origin'],
  ['cross-origin-opener-policy', 'same-origin'],
  ['permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'],
  [
    'content-security-policy',
    "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  ],
  ['cache-control', 'no-store'],
]

const headersMiddleware = createMiddleware({ type: 'function' }).server(({ next }) => {
  for (const [name, value] of TESSERA_HEADERS) setResponseHeader(name, value)
  return next()
})

export const $pingWithHeaders = createServerFn({ method: 'GET' })
  .middleware([headersMiddleware])
  .handler(() => ({ ok: true }))
