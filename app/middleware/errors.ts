/**
 * The outermost function middleware: every error leaving a server function becomes a
 * `TesseraError` sent with its own HTTP status (Start would otherwise answer 200), and a refusal
 * that ends at a known time (an outage, a rate limit, a lockout) says when in `Retry-After`.
 */

import { createMiddleware } from '@tanstack/react-start'
import { mapServerError } from '../server/errors.server.ts'

export const errorMiddleware = createMiddleware({ type: 'function' }).server(async ({ next }) => {
  try {
    return await next()
  } catch (error) {
    throw mapServerError(error)
  }
})
