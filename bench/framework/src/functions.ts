/**
 * The framework's trivial server functions: a GET, a POST, and a GET behind one trivial middleware
 * (what a function costs before any work of its own).
 */

import { createMiddleware, createServerFn } from '@tanstack/react-start'

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
