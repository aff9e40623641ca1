/**
 * HTTP for code paths that answer requests directly (request middleware, the server-route
 * wrapper): RFC 9457 problem details carrying our error code, the request body read up to a limit,
 * and the bearer credential of `Authorization`. The `application/problem+json` type also makes
 * Start's client throw on them, instead of handing the body back as if it were a result.
 */

import { TesseraError } from '../session/errors.ts'
import { REFUSED_BODY_LINGER_SECONDS } from '../session/policy.ts'
import { bearerToken } from '../session/transport.ts'
import { retryAfterSeconds } from './errors.server.ts'

/**
 * The problem response for `error`, with the headers its code calls for: `Retry-After` for a refusal
 * that ends at a known time (an outage, a rate limit, a lockout), as the server-function error
 * middleware sends; and `Allow` for a 405.
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
      ...headers,
    },
  })
}

export function payloadTooLarge(maxBytes: number): TesseraError {
  return new TesseraError('payload_too_large', { meta: { maxBytes } })
}

/**
 * Refuses a body whose `Content-Length` is over `maxBytes`, before a byte of it is read; what the
 * client sends anyway is discarded (`discardBody`).
 */
export function assertDeclaredLength(request: Request, maxBytes: number): void {
  const declared = request.headers.get('content-length')
  if (declared === null || Number(declared) <= maxBytes) return
  discardBody(request)
  throw payloadTooLarge(maxBytes)
}

/**
 * The request body, or `payload_too_large` once it is known to be longer than `maxBytes`: from
 * `Content-Length` before a byte is read, else while it streams in (chunked, or a length that
 * lies — though Node's parser never hands over more than a declared length). Past the limit
 * nothing more is kept: the rest is discarded while the 413 goes out (`discardBody`).
 */
export async function readBodyCapped(request: Request, maxBytes: number): Promise<Uint8Array> {
  assertDeclaredLength(request, maxBytes)
  if (!request.body) return new Uint8Array()
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      discardRest(reader)
      throw payloadTooLarge(maxBytes)
    }
    chunks.push(value)
  }
  reader.releaseLock()
  return Buffer.concat(chunks)
}

/**
 * A refused body is read and thrown away, not kept, for at most REFUSED_BODY_LINGER_SECONDS, and
 * only then is the connection cut. Cutting it at once (or answering `Connection: close`) closes a
 * socket with the client's bytes still unread, which makes the kernel send a reset that can reach
 * the client before it has read the 413, so it never learns why (RFC 9112 §9.6, "lingering close").
 * A client that stops sending once it has the answer leaves the connection usable; one that keeps
 * sending is cut off after the linger. Nothing read is held in memory. A body already being read
 * (its stream locked) is left to its reader.
 */
export function discardBody(request: Request): void {
  if (request.body && !request.body.locked) discardRest(request.body.getReader())
}

function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  const cut = setTimeout(() => void reader.cancel().catch(() => {}), REFUSED_BODY_LINGER_SECONDS * 1000)
  void (async () => {
    try {
      while (!(await reader.read()).done) {
        // Discarded.
      }
    } catch {
      // The client hung up, or the linger ran out: either way the body is gone.
    } finally {
      clearTimeout(cut)
    }
  })()
}

/** The bearer credential the request presents, or null when it presents none (or a malformed one). */
export function bearerCredential(headers: Headers): string | null {
  return bearerToken(headers.get('authorization'))
}
