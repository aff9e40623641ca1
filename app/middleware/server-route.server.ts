/**
 * The one way to write a server route (ADR 021): the route-side twin of the server-function
 * middleware stack, so an API answers a bad request the way a server function does. A route file
 * declares, per method, how its caller authenticates, the shape of its parameters, query and JSON
 * body, and a handler that gets them checked:
 *
 *   export const Route = createFileRoute('/api/sessions/$sessionId/tokens')({
 *     server: serverRoute({
 *       POST: endpoint({ auth: 'client_token', params, body: { schema }, handle: async ({ auth, params, body }) => … }),
 *     }),
 *   })
 *
 * Every request passes the same steps, cheapest refusal first, before its handler runs:
 * 1. the method: another one gets a coded 405 with `Allow` (HEAD comes with GET);
 * 2. the body's declared length (`Content-Length`) against the route's limit: a coded 413;
 * 3. the credential, from the headers alone: the bearer credential (read in one place,
 *    http.server.ts), its form, and the CSRF rule of server functions for anything that a
 *    browser's cookie authenticates (and for any mutation that presents no credential at all);
 * 4. the path parameters (404 when they name nothing that could exist) and the query (400);
 * 5. the body, read up to the limit while it streams (413 past it), then parsed as JSON into the
 *    route's zod schema (400 `invalid_input`, never a 500);
 * 6. the credential verified (a signature, a database read): the only step that costs;
 * 7. the handler.
 * Any failure becomes a problem+json answer through `toTesseraError` (a 401 with its Bearer
 * challenge), logged on one line with its code and path, never a credential. Endpoints of the
 * Backend API (`secret_key`) answer failures in the reference's error shape instead (ADR 027).
 */

import type * as z from 'zod'
import { authenticate } from '../server/auth.server.ts'
import { backendApiErrorResponse } from '../server/backend-api-errors.server.ts'
import { config } from '../server/config.server.ts'
import { readClientToken } from '../server/cookies.server.ts'
import { checkCsrf } from '../server/csrf.server.ts'
import { getDb } from '../server/db.server.ts'
import { toTesseraError } from '../server/errors.server.ts'
import { assertDeclaredLength, bearerCredential, errorResponse, readBodyCapped } from '../server/http.server.ts'
import { log } from '../server/log.server.ts'
import { enforceRateLimit } from '../server/rate-limits.server.ts'
import { appOrigin, clientIp } from '../server/request.server.ts'
import { verifyOptions } from '../server/request-auth.server.ts'
import { type SecretKeyCredential, verifySecretKey } from '../server/secret-keys.server.ts'
import { isTestingToken } from '../server/testing.server.ts'
import { verifySessionToken } from '../server/tokens.server.ts'
import { TesseraError } from '../session/errors.ts'
import { SERVER_ROUTE_MAX_BODY_BYTES } from '../session/policy.ts'
import type { SessionClaims } from '../session/tokens.ts'
import { BEARER_SECRET_PATTERN } from '../session/transport.ts'
import { parseInput } from './validation.ts'

export const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
export type RouteMethod = (typeof ROUTE_METHODS)[number]

/** What each way of authenticating a caller gives the handler as `auth`. */
export interface RouteCredentials {
  /** Public, or authorized by the handler itself (the SSO callback's state and cookie). */
  none: null
  /**
   * `Authorization: Bearer <session JWT>`, verified against our keys: no database. A pending
   * session is signed out unless the endpoint sets `treatPendingAsSignedOut: false`.
   */
  session_token: SessionClaims
  /** `Authorization: Bearer <client token>` (a native app, a CLI), or the browser's client cookie. */
  client_token: { clientId: string }
  /** `Authorization: Bearer <TESSERA_TESTING_TOKEN>`; anything else is a plain 404. */
  testing_token: null
  /**
   * The Backend API: `Authorization: Bearer <instance secret key>` (ADR 027), one indexed lookup
   * of its hash; refused keys are counted per address. Failures answer in the reference's shape.
   */
  secret_key: SecretKeyCredential
}
export type AuthMode = keyof RouteCredentials

/**
 * A mode in two steps: from the headers alone (what was presented, and the refusals that cost
 * nothing), run before the body is read; it returns the check that costs (a signature, a database
 * read), run once the request is known to be well-formed.
 */
type Authenticator<TCredentials> = (
  request: Request,
  bearer: string | null,
  options: AuthOptions,
) => () => Promise<TCredentials>

/** What an endpoint says about its callers beyond the mode. */
interface AuthOptions {
  /**
   * `session_token`: a pending session (`sts: "pending"`) counts as signed out (401 `signed_out`)
   * unless this is false, as the reference's `treatPendingAsSignedOut` (docs/reference.md).
   */
  treatPendingAsSignedOut?: boolean
}

const AUTHENTICATORS: { [M in AuthMode]: Authenticator<RouteCredentials[M]> } = {
  none: (request) => {
    // No credential to rely on, but the handler may read cookies: a mutation must be same-origin.
    if (!isRead(request.method)) assertSameOrigin(request)
    return async () => null
  },
  session_token: (_, bearer, { treatPendingAsSignedOut = true }) => {
    if (bearer === null) throw new TesseraError('signed_out')
    return async () => {
      const claims = await verifySessionToken(bearer, await verifyOptions())
      if (treatPendingAsSignedOut && claims.sts === 'pending') throw new TesseraError('signed_out')
      return claims
    }
  },
  client_token: (request, bearer) => {
    // Any site's page can make the browser send its cookie, never its bearer header.
    if (bearer === null) assertSameOrigin(request)
    const token = bearer ?? readClientToken()
    if (!token || !BEARER_SECRET_PATTERN.test(token)) throw new TesseraError('signed_out')
    return async () => {
      const { clientId } = await authenticate(await getDb(), { token, requestedSessionId: null, now: new Date() })
      if (!clientId) throw new TesseraError('signed_out')
      return { clientId }
    }
  },
  testing_token: (_, bearer) => {
    if (!isTestingToken(bearer)) throw new TesseraError('not_found')
    return async () => null
  },
  // No cookie is read, so no CSRF rule: only a bearer header authenticates, and no other site can
  // make a browser send one (ADR 027). A refused key is counted against the caller's address
  // before it is refused, so a flood ends in 429s and one counter row, never a ledger row. A valid
  // key's requests are counted against the key.
  secret_key: (_, bearer) => {
    if (bearer === null) throw new TesseraError('secret_key_invalid')
    return async () => {
      const db = await getDb()
      const now = new Date()
      const key = await verifySecretKey(db, bearer, now)
      if (key) {
        await enforceRateLimit(db, config, 'secret_key_requests', key.id, now)
        return key
      }
      await enforceRateLimit(db, config, 'secret_key_failure_ip', clientIp(), now)
      throw new TesseraError('secret_key_invalid')
    }
  },
}

const isRead = (method: string) => method === 'GET' || method === 'HEAD'

/** The server functions' CSRF rule (csrf.server.ts, ADR 005). */
function assertSameOrigin(request: Request): void {
  const verdict = checkCsrf({ method: request.method, headers: request.headers, allowedOrigin: appOrigin() })
  if (!verdict.allowed) throw new TesseraError('cross_origin_request', { meta: { reason: verdict.reason } })
}

export interface EndpointContext<A extends AuthMode, P, Q, B> {
  request: Request
  /** What the auth mode verified. */
  auth: RouteCredentials[A]
  params: P
  query: Q
  body: B
}

export interface EndpointSpec<A extends AuthMode, P, Q, B> extends AuthOptions {
  auth: A
  /** The path parameters' shape; parameters that fail it name nothing: 404 `not_found`. */
  params?: z.ZodType<P>
  /** The query string's shape (a repeated name is an array of its values); failing it is 400 `invalid_input`. */
  query?: z.ZodType<Q>
  /**
   * A JSON body and its limit (SERVER_ROUTE_MAX_BODY_BYTES unless set). An empty body parses as
   * `undefined`. Without `body`, the endpoint takes none: any byte of one is a 413.
   */
  body?: { schema: z.ZodType<B>; maxBytes?: number }
  handle: (context: EndpointContext<A, P, Q, B>) => Response | Promise<Response>
}

/** What Start calls for a method of a server route. */
type RouteHandler = (context: { request: Request; params: Record<string, string> }) => Promise<Response>

declare const ENDPOINT: unique symbol
/** How an endpoint's failures are written: problem+json, or the reference's Backend API errors. */
type ErrorFormat = 'problem' | 'backend_api'
/** A handler built by `endpoint()`: the only kind `serverRoute()` takes. */
export type Endpoint = RouteHandler & { readonly [ENDPOINT]: true; readonly errorFormat: ErrorFormat }

/** One method of a server route, with every check of the steps above (see the module comment). */
export function endpoint<
  A extends AuthMode,
  P = Record<string, string>,
  Q = Record<string, string | string[]>,
  B = undefined,
>(spec: EndpointSpec<A, P, Q, B>): Endpoint {
  const maxBytes = spec.body ? (spec.body.maxBytes ?? SERVER_ROUTE_MAX_BODY_BYTES) : 0
  const errorFormat: ErrorFormat = spec.auth === 'secret_key' ? 'backend_api' : 'problem'
  const run: RouteHandler = async ({ request, params: rawParams }) => {
    const bearer = bearerCredential(request.headers)
    try {
      assertDeclaredLength(request, maxBytes)
      const verify = AUTHENTICATORS[spec.auth](request, bearer, spec) as () => Promise<RouteCredentials[A]>
      const params = spec.params ? parsePath(spec.params, rawParams) : (rawParams as P)
      const rawQuery = queryOf(new URL(request.url).searchParams)
      const query = spec.query ? parseInput(spec.query)(rawQuery) : (rawQuery as Q)
      const bytes = await readBodyCapped(request, maxBytes)
      const body = spec.body ? parseJsonBody(spec.body.schema, request, bytes) : (undefined as B)
      const auth = await verify()
      return await spec.handle({ request, auth, params, query, body })
    } catch (error) {
      return failure(request, error, bearer, errorFormat)
    }
  }
  return Object.assign(run, { errorFormat }) as Endpoint
}

/**
 * A server route's `server` option: its endpoints by method, and a coded 405 with `Allow` for any
 * other method. Without that, Start hands such a request to the page router, which answers 200
 * with the HTML shell (`POST /api/me` looked like a success).
 */
export function serverRoute(endpoints: { [M in RouteMethod]?: Endpoint }): {
  handlers: { [M in RouteMethod | 'ANY']?: RouteHandler }
} {
  const methods = ROUTE_METHODS.filter((method) => endpoints[method])
  const allow = (methods.includes('GET') ? [...methods, 'HEAD'] : methods).join(', ')
  const errorFormat = methods.map((method) => endpoints[method]?.errorFormat).find(Boolean) ?? 'problem'
  const notAllowed: RouteHandler = async ({ request }) =>
    failure(request, new TesseraError('method_not_allowed', { meta: { allow } }), null, errorFormat)
  return { handlers: { ...endpoints, ANY: notAllowed } }
}

/**
 * The query string: each name once as a string, or a repeated name as every value in order (the
 * reference's SDK sends list filters as `user_id=a&user_id=b`); a schema that wants one value
 * refuses a repeated name instead of silently keeping one of them.
 */
function queryOf(params: URLSearchParams): Record<string, string | string[]> {
  // Object.fromEntries defines own properties: a `__proto__` name stays a plain key.
  return Object.fromEntries(
    [...new Set(params.keys())].map((name) => {
      const values = params.getAll(name)
      return [name, values.length === 1 ? (values[0] as string) : values]
    }),
  )
}

function parsePath<P>(schema: z.ZodType<P>, params: Record<string, string>): P {
  const parsed = schema.safeParse(params)
  if (!parsed.success) throw new TesseraError('not_found')
  return parsed.data
}

function invalidBody(reason: string): TesseraError {
  return new TesseraError('invalid_input', { meta: { reason }, message: `The request body was refused: ${reason}.` })
}

const UTF8 = new TextDecoder('utf-8', { fatal: true })

function parseJsonBody<B>(schema: z.ZodType<B>, request: Request, bytes: Uint8Array): B {
  if (bytes.byteLength === 0) return parseInput(schema)(undefined)
  const mediaType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase()
  if (mediaType !== 'application/json') throw invalidBody('unsupported content type')
  let value: unknown
  try {
    value = JSON.parse(UTF8.decode(bytes))
  } catch {
    throw invalidBody('malformed JSON')
  }
  return parseInput(schema)(value)
}

/**
 * The answer to a failure, logged once: a refusal (a TesseraError) as `route.refused` with its
 * code; anything else is logged by `toTesseraError` (an abort, an outage, a bug). A 401 carries the
 * Bearer challenge (RFC 6750), saying whether a presented credential was refused.
 */
function failure(request: Request, error: unknown, bearer: string | null, format: ErrorFormat): Response {
  const mapped = toTesseraError(error)
  if (error instanceof TesseraError) {
    const reason = mapped.meta?.reason
    log[mapped.status >= 500 ? 'warn' : 'info']('route.refused', {
      errorCode: mapped.code,
      status: mapped.status,
      method: request.method,
      path: new URL(request.url).pathname.slice(0, 200),
      ...(typeof reason === 'string' ? { reason } : {}),
    })
  }
  const challenge = bearer === null ? 'Bearer' : 'Bearer error="invalid_token"'
  const headers: Record<string, string> = mapped.status === 401 ? { 'www-authenticate': challenge } : {}
  return format === 'backend_api' ? backendApiErrorResponse(mapped, headers) : errorResponse(mapped, headers)
}
