/**
 * The outermost function middleware: every error leaving a server function becomes a
 * `TesseraError` sent with its own HTTP status (Start would otherwise answer 200).
 */

import { isNotFound, isRedirect } from '@tanstack/react-router'
import { createMiddleware } from '@tanstack/react-start'
import { setResponseHeader, setResponseStatus } from '@tanstack/react-start/server'
import { RETRY_AFTER_SECONDS, toTesseraError } from '../server/errors.server.ts'

export const errorMiddleware = createMiddleware({ type: 'function' }).server(async ({ next }) => {
  try {
    return await next()
  } catch (error) {
    if (isRedirect(error) || isNotFound(error)) throw error
    const mapped = toTesseraError(error)
    setResponseStatus(mapped.status)
    if (mapped.code === 'service_unavailable') setResponseHeader('retry-after', String(RETRY_AFTER_SECONDS))
    throw mapped
  }
})
