/**
 * How a request carries who it is: the header names and the shapes of the tokens in them. The
 * browser sets them, the middleware, the services and the server routes read them, so they are
 * defined once, here, below all of those.
 */

/**
 * The session a tab acts as, named on every server-function call: two tabs signed in to two
 * accounts never act as each other, though they share one client cookie (ADR 006).
 */
export const SESSION_ID_HEADER = 'x-session-id'

/**
 * The cookie a tab leaves as it unloads: its session's id (not a credential), read and cleared by
 * the next page load, which no script can add a header to (ADR 006).
 */
export const TAB_SESSION_COOKIE = { secure: '__Host-tab_session', insecure: '__tab_session' } as const
/** Long enough for the reload's request to be sent; short enough not to name another tab's next load. */
export const TAB_SESSION_COOKIE_MAX_AGE_SECONDS = 10

/** A 256-bit bearer secret we issue (a client token, an invitation or actor link): 43 base64url characters. */
export const BEARER_SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/

/** A compact JWS: three base64url parts (an empty signature passes, to be refused by name as `alg: none`). */
export const JWT_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

/**
 * RFC 6750's `b64token`: what any bearer credential may be made of. A credential's own shape is its
 * verifier's to judge (a session JWT's is `token_malformed`).
 */
const BEARER_TOKEN_CHARACTERS = /^[A-Za-z0-9._~+/-]+=*$/

/**
 * The token in an `Authorization: Bearer <token>` header, or null when there is none or it is not
 * made as `token` says (RFC 6750's characters by default; `BEARER_SECRET_PATTERN` for a client token).
 */
export function bearerToken(
  authorization: string | null | undefined,
  token: RegExp = BEARER_TOKEN_CHARACTERS,
): string | null {
  if (!authorization?.startsWith('Bearer ')) return null
  const value = authorization.slice('Bearer '.length)
  return token.test(value) ? value : null
}
