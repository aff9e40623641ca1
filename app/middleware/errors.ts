/**
 * The outermost function middleware: every error leaving a server function becomes a
 * `TesseraError` sent with its own HTTP status (Start would otherwise answer 200), and a refusal
 * that ends at a known time (an outage, a rate limit, a lockout) says when in `Retry-After`.
 */

import { isNotFound, isRedirect } from '@tanstack/react-router'
import { createMiddleware } from '@tanstack/react-start'
import { setResponseHeader, setResponseStatus } from '@tanstack/react-start/server'
import { retryAfterSeconds, toTesseraError } from '../server/errors.server.ts'

export const errorMiddleware = createMiddleware({ type: 'function' }).server(async ({ next }) => {
  try {
    return await next()
  } catch (error) {
    if (isRedirect(error) || isNotFound(error)) throw error
    const mapped = toTesseraError(error)
    setResponseStatus(mapped.status)
    const retryAfter = retryAfterSeconds(mapped)
    if (retryAfter !== null) setResponseHeader('retry-after', String(retryAfter))
    throw mapped
  }
})
