/**
 * HTTP for code paths that answer requests directly (request middleware, the server-route
 * wrapper): RFC 9457 problem details carrying our error code, the request body read up to a limit,
 * and the bearer credential of `Authorization`. The `application/problem+json` type also makes
 * Start's client throw on them, instead of handing the body back as if it were a result.
 */

import { TesseraError } from '../session/errors.ts'
import { bearerToken } from '../session/transport.ts'
import { retryAfterSeconds } from './errors.server.ts'

/**
 * The problem response for `error`, with the headers its code calls for: `Retry-After` for a refusal
 * that ends at a known time (an outage, a rate limit, a lockout), as the server-function error
 * middleware sends; `Allow` for a 405; and `Connection: close` for a 413, whose body was left unread
 * (the server closes the connection once the answer is out, rather than reading the rest).
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
  const allow = error.code === 'method_not_allowed' ? error.meta?.allow : undefined
  return new Response(JSON.stringify(problem), {
    status: error.status,
    headers: {
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      ...(retryAfter === null ? {} : { 'retry-after': String(retryAfter) }),
      ...(typeof allow === 'string' ? { allow } : {}),
      ...(error.code === 'payload_too_large' ? { connection: 'close' } : {}),
      ...headers,
    },
  })
}

export function payloadTooLarge(maxBytes: number): TesseraError {
  return new TesseraError('payload_too_large', { meta: { maxBytes } })
}

/** Refuses a body whose `Content-Length` is over `maxBytes`, before a byte of it is read. */
export function assertDeclaredLength(request: Request, maxBytes: number): void {
  const declared = request.headers.get('content-length')
  if (declared !== null && Number(declared) > maxBytes) throw payloadTooLarge(maxBytes)
}

/**
 * The request body, or `payload_too_large` once it is known to be longer than `maxBytes`: from
 * `Content-Length` before a byte is read, else while it streams in (chunked, or a length that
 * lies — though Node's parser never hands over more than a declared length). Reading stops at the
 * limit and the stream is left as it is, not cancelled: cancelling destroys the socket, and the
 * 413 with it; `Connection: close` on the answer ends the connection instead (see errorResponse).
 */
export async function readBodyCapped(request: Request, maxBytes: number): Promise<Uint8Array> {
  assertDeclaredLength(request, maxBytes)
  if (!request.body) return new Uint8Array()
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > maxBytes) throw payloadTooLarge(maxBytes)
      chunks.push(value)
    }
  } finally {
    reader.releaseLock()
  }
  return Buffer.concat(chunks)
}

/** The bearer credential the request presents, or null when it presents none (or a malformed one). */
export function bearerCredential(headers: Headers): string | null {
  return bearerToken(headers.get('authorization'))
}
