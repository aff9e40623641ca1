/**
 * Error responses for code paths that answer HTTP directly (request middleware, server routes):
 * RFC 9457 problem details carrying our error code. The `application/problem+json` type also makes
 * Start's client throw on them, instead of handing the body back as if it were a result.
 */

import type { TesseraError } from '../session/errors.ts'
import { retryAfterSeconds } from './errors.server.ts'

/**
 * The problem response for `error`. A refusal that ends at a known time (an outage, a rate limit,
 * a lockout) says when in `Retry-After`, as the server-function error middleware does.
 */
export function errorResponse(error: TesseraError, headers: Record<string, string> = {}): Response {
  const problem = {
    type: 'about:blank',
    title: error.userMessage,
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(error.meta ? { meta: error.meta } : {}),
  }
  const retryAfter = retryAfterSeconds(error)
  return new Response(JSON.stringify(problem), {
    status: error.status,
    headers: {
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      ...(retryAfter === null ? {} : { 'retry-after': String(retryAfter) }),
      ...headers,
    },
  })
}
