/**
 * Error responses for code paths that answer HTTP directly (request middleware, server routes):
 * RFC 9457 problem details carrying our error code. The `application/problem+json` type also makes
 * Start's client throw on them, instead of handing the body back as if it were a result.
 */

import { TesseraError } from '../session/errors.ts'
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

/**
 * The `ANY` handler of a server route: a coded 405 with `Allow` for every method it does not
 * handle. Without it Start hands such a method to the page router, which answers 200 with the HTML
 * shell (`POST /api/me` looked like a success). HEAD is served by GET, as Start does.
 */
export function methodNotAllowed(...handled: readonly RouteMethod[]): () => Response {
  const allow = (handled.includes('GET') ? [...handled, 'HEAD'] : handled).join(', ')
  return () => errorResponse(new TesseraError('method_not_allowed', { meta: { allow } }), { allow })
}

type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
