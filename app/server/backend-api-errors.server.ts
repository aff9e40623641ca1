/**
 * Failures of the Backend API (`/v1`, ADR 027) in the reference's shape, which its SDK parses:
 * `{ errors: [{ message, long_message, code, meta? }], clerk_trace_id }` as `application/json`
 * (the SDK reads a body as JSON only when the content type is exactly that). Our error codes map
 * to the reference's where its SDK or its users test for one (a bad secret key is
 * `clerk_key_invalid`, which `verifyToken({ secretKey })` looks for); any other keeps our code and
 * status. Every answer carries a fresh trace id, also in `X-Trace-Id`, that is logged with nothing else.
 */

import { randomBytes } from 'node:crypto'
import type { ErrorCode, TesseraError } from '../session/errors.ts'
import { retryAfterSeconds } from './errors.server.ts'

interface ReferenceError {
  status: number
  code: string
  message: string
  longMessage: string
}

const NOT_FOUND: ReferenceError = {
  status: 404,
  code: 'resource_not_found',
  message: 'not found',
  longMessage: 'The requested resource was not found.',
}

/** Our codes the reference has its own code (and status) for. */
const REFERENCE_ERRORS: Partial<Record<ErrorCode, ReferenceError>> = {
  secret_key_invalid: {
    status: 401,
    code: 'clerk_key_invalid',
    message: 'The provided secret key is invalid. Make sure that your secret key is correct.',
    longMessage:
      'The provided secret key is invalid. Make sure that your secret key is correct, and that it has not been revoked.',
  },
  not_found: NOT_FOUND,
  user_not_found: NOT_FOUND,
  session_not_found: NOT_FOUND,
  organization_not_found: NOT_FOUND,
  template_not_found: NOT_FOUND,
  rate_limited: {
    status: 429,
    code: 'too_many_requests',
    message: 'Too many requests',
    longMessage:
      'Too many requests (from this address, or with this key); retry after the number of seconds in Retry-After.',
  },
  payload_too_large: {
    status: 413,
    code: 'request_body_too_large',
    message: 'Request body too large',
    longMessage: 'The request body is larger than this endpoint accepts.',
  },
  internal_error: {
    status: 500,
    code: 'internal_clerk_error',
    message: 'Oops, an unexpected error occurred',
    longMessage: 'There was an internal error on our servers. Nothing was changed.',
  },
}

function referenceError(error: TesseraError): ReferenceError {
  const known = REFERENCE_ERRORS[error.code]
  if (known) return known
  if (error.code === 'invalid_input') {
    // A body that is not JSON at all is the request's fault as a whole; a field that fails is a
    // parameter's (the reference answers 422 for those).
    const reason = error.meta?.reason
    return typeof reason === 'string'
      ? { status: 400, code: 'malformed_request_body', message: 'malformed request body', longMessage: error.message }
      : {
          status: 422,
          code: 'form_param_format_invalid',
          message: 'is invalid',
          longMessage: error.message,
        }
  }
  return { status: error.status, code: error.code, message: error.userMessage, longMessage: error.message }
}

/** The first failing parameter of an `invalid_input`, in the reference's `meta.param_name`. */
function paramName(error: TesseraError): string | null {
  const issues = error.meta?.issues
  if (!Array.isArray(issues)) return null
  const first = issues[0] as { path?: unknown } | undefined
  return typeof first?.path === 'string' && first.path.length > 0 ? first.path : null
}

export function newTraceId(): string {
  return randomBytes(16).toString('hex')
}

export function backendApiErrorResponse(error: TesseraError, headers: Record<string, string> = {}): Response {
  const reference = referenceError(error)
  const traceId = newTraceId()
  const param = error.code === 'invalid_input' ? paramName(error) : null
  const body = {
    errors: [
      {
        message: reference.message,
        long_message: reference.longMessage,
        code: reference.code,
        ...(param ? { meta: { param_name: param } } : {}),
      },
    ],
    clerk_trace_id: traceId,
  }
  const retryAfter = retryAfterSeconds(error)
  const allow = error.code === 'method_not_allowed' ? error.meta?.allow : undefined
  return new Response(JSON.stringify(body), {
    status: reference.status,
    headers: {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'x-trace-id': traceId,
      ...(retryAfter === null ? {} : { 'retry-after': String(retryAfter) }),
      ...(typeof allow === 'string' ? { allow } : {}),
      ...(error.code === 'payload_too_large' ? { connection: 'close' } : {}),
      ...headers,
    },
  })
}
