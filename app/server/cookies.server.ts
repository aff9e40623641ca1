/**
 * The two credential cookies, both HttpOnly and SameSite=Lax. Over HTTPS their names carry the
 * `__Host-` prefix (Secure, Path=/, no Domain: the browser enforces all three); on plain-HTTP
 * development origins they cannot, so they are plain `__client` and `__session`.
 *
 * - the client cookie: an opaque 256-bit token, the long-lived credential;
 * - the session cookie: the current session JWT (60 s), so a page load is authenticated without
 *   the database. Browser scripts never see either; they get tokens from `getToken()`.
 *
 * While an admin impersonates a user, the browser holds a new client for the impersonation and
 * keeps the admin's own client token aside in a fourth cookie, to put back when they stop.
 *
 * While a sign-in or sign-up is half done, a third cookie names its attempt (an opaque token, only
 * its hash stored, gone after SIGN_IN_ATTEMPT_TTL_SECONDS). It is not a credential: nothing it
 * names can act as a session.
 *
 * While the browser is away at an enterprise IdP, the SSO cookie binds the OIDC transaction to it
 * (ASVS 10.1.2): an opaque token whose hash the transaction stores, gone after
 * SSO_TRANSACTION_TTL_SECONDS. It must be SameSite=Lax, not Strict: the IdP's redirect back is a
 * cross-site top-level navigation (security.md 3.3.2).
 */

import { deleteCookie, getCookie, setCookie } from '@tanstack/react-start/server'
import {
  CLIENT_COOKIE_MAX_AGE_SECONDS,
  SIGN_IN_ATTEMPT_TTL_SECONDS,
  SSO_TRANSACTION_TTL_SECONDS,
  STASHED_CLIENT_COOKIE_MAX_AGE_SECONDS,
} from '../session/policy.ts'
import { TAB_SESSION_COOKIE } from '../session/transport.ts'
import { isSecureOrigin } from './request.server.ts'

export const CLIENT_COOKIE = { secure: '__Host-client', insecure: '__client' } as const
export const SESSION_COOKIE = { secure: '__Host-session', insecure: '__session' } as const
export const ATTEMPT_COOKIES = {
  signIn: { secure: '__Host-sign_in', insecure: '__sign_in' },
  signUp: { secure: '__Host-sign_up', insecure: '__sign_up' },
} as const
export type AttemptKind = keyof typeof ATTEMPT_COOKIES
export const STASHED_CLIENT_COOKIE = { secure: '__Host-stashed_client', insecure: '__stashed_client' } as const
export const SSO_TRANSACTION_COOKIE = { secure: '__Host-sso', insecure: '__sso' } as const
/** A trip to a social provider (ADR 034): the browser that started it, as the SSO cookie. */
export const SOCIAL_TRANSACTION_COOKIE = { secure: '__Host-oauth', insecure: '__oauth' } as const

type CookieNames = { secure: string; insecure: string }

/** Every credential cookie is HttpOnly, SameSite=Lax, Path=/, and Secure (with its `__Host-` name) over HTTPS. */
const attributes = (secure: boolean) => ({ httpOnly: true, secure, sameSite: 'lax' as const, path: '/' })

function read(names: CookieNames): string | null {
  return getCookie(isSecureOrigin() ? names.secure : names.insecure) ?? null
}

function write(names: CookieNames, value: string, maxAgeSeconds: number): void {
  const secure = isSecureOrigin()
  setCookie(secure ? names.secure : names.insecure, value, { ...attributes(secure), maxAge: maxAgeSeconds })
}

function clear(names: CookieNames): void {
  const secure = isSecureOrigin()
  deleteCookie(secure ? names.secure : names.insecure, attributes(secure))
}

export const readClientToken = () => read(CLIENT_COOKIE)
export const writeClientToken = (token: string) => write(CLIENT_COOKIE, token, CLIENT_COOKIE_MAX_AGE_SECONDS)

export const readSessionToken = () => read(SESSION_COOKIE)
export const writeSessionToken = (jwt: string, maxAgeSeconds: number) => write(SESSION_COOKIE, jwt, maxAgeSeconds)
export const clearSessionToken = () => clear(SESSION_COOKIE)

export const readAttemptToken = (kind: AttemptKind) => read(ATTEMPT_COOKIES[kind])
export const writeAttemptToken = (kind: AttemptKind, token: string) =>
  write(ATTEMPT_COOKIES[kind], token, SIGN_IN_ATTEMPT_TTL_SECONDS)
export const clearAttemptToken = (kind: AttemptKind) => clear(ATTEMPT_COOKIES[kind])

/** The admin's own client token, set aside while they impersonate (as guarded as the client cookie itself). */
export const readStashedClientToken = () => read(STASHED_CLIENT_COOKIE)
export const writeStashedClientToken = (token: string) =>
  write(STASHED_CLIENT_COOKIE, token, STASHED_CLIENT_COOKIE_MAX_AGE_SECONDS)
export const clearStashedClientToken = () => clear(STASHED_CLIENT_COOKIE)

/** The session id a reloading tab left for its next page load (set by the page's script, not HttpOnly). */
export const readTabSessionHint = () => read(TAB_SESSION_COOKIE)
export const clearTabSessionHint = () => {
  const secure = isSecureOrigin()
  deleteCookie(secure ? TAB_SESSION_COOKIE.secure : TAB_SESSION_COOKIE.insecure, {
    secure,
    sameSite: 'strict',
    path: '/',
  })
}

export const readSsoTransactionToken = () => read(SSO_TRANSACTION_COOKIE)
export const writeSsoTransactionToken = (token: string) =>
  write(SSO_TRANSACTION_COOKIE, token, SSO_TRANSACTION_TTL_SECONDS)
export const clearSsoTransactionToken = () => clear(SSO_TRANSACTION_COOKIE)

export const readSocialTransactionToken = () => read(SOCIAL_TRANSACTION_COOKIE)
export const writeSocialTransactionToken = (token: string) =>
  write(SOCIAL_TRANSACTION_COOKIE, token, SSO_TRANSACTION_TTL_SECONDS)
export const clearSocialTransactionToken = () => clear(SOCIAL_TRANSACTION_COOKIE)
