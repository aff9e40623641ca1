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

function cookieName(secure: boolean, names: { secure: string; insecure: string } = CLIENT_COOKIE) {
  return secure ? names.secure : names.insecure
}

export function readClientToken(): string | null {
  return getCookie(cookieName(isSecureOrigin())) ?? null
}

export function writeClientToken(token: string): void {
  const secure = isSecureOrigin()
  setCookie(cookieName(secure), token, {
    httpOnly: true,
    secure,
    sameSite: 'lax',
    path: '/',
    maxAge: CLIENT_COOKIE_MAX_AGE_SECONDS,
  })
}

export function readSessionToken(): string | null {
  return getCookie(cookieName(isSecureOrigin(), SESSION_COOKIE)) ?? null
}

export function writeSessionToken(jwt: string, maxAgeSeconds: number): void {
  const secure = isSecureOrigin()
  setCookie(cookieName(secure, SESSION_COOKIE), jwt, {
    httpOnly: true,
    secure,
    sameSite: 'lax',
    path: '/',
    maxAge: maxAgeSeconds,
  })
}

export function clearSessionToken(): void {
  const secure = isSecureOrigin()
  deleteCookie(cookieName(secure, SESSION_COOKIE), { httpOnly: true, secure, sameSite: 'lax', path: '/' })
}

export function readAttemptToken(kind: AttemptKind): string | null {
  return getCookie(cookieName(isSecureOrigin(), ATTEMPT_COOKIES[kind])) ?? null
}

export function writeAttemptToken(kind: AttemptKind, token: string): void {
  const secure = isSecureOrigin()
  setCookie(cookieName(secure, ATTEMPT_COOKIES[kind]), token, {
    httpOnly: true,
    secure,
    sameSite: 'lax',
    path: '/',
    maxAge: SIGN_IN_ATTEMPT_TTL_SECONDS,
  })
}

export function clearAttemptToken(kind: AttemptKind): void {
  const secure = isSecureOrigin()
  deleteCookie(cookieName(secure, ATTEMPT_COOKIES[kind]), { httpOnly: true, secure, sameSite: 'lax', path: '/' })
}

/** The admin's own client token, set aside while they impersonate (as guarded as the client cookie itself). */
export function readStashedClientToken(): string | null {
  return getCookie(cookieName(isSecureOrigin(), STASHED_CLIENT_COOKIE)) ?? null
}

export function writeStashedClientToken(token: string): void {
  const secure = isSecureOrigin()
  setCookie(cookieName(secure, STASHED_CLIENT_COOKIE), token, {
    httpOnly: true,
    secure,
    sameSite: 'lax',
    path: '/',
    maxAge: STASHED_CLIENT_COOKIE_MAX_AGE_SECONDS,
  })
}

export function clearStashedClientToken(): void {
  const secure = isSecureOrigin()
  deleteCookie(cookieName(secure, STASHED_CLIENT_COOKIE), { httpOnly: true, secure, sameSite: 'lax', path: '/' })
}

export function readSsoTransactionToken(): string | null {
  return getCookie(cookieName(isSecureOrigin(), SSO_TRANSACTION_COOKIE)) ?? null
}

export function writeSsoTransactionToken(token: string): void {
  const secure = isSecureOrigin()
  setCookie(cookieName(secure, SSO_TRANSACTION_COOKIE), token, {
    httpOnly: true,
    secure,
    sameSite: 'lax',
    path: '/',
    maxAge: SSO_TRANSACTION_TTL_SECONDS,
  })
}

export function clearSsoTransactionToken(): void {
  const secure = isSecureOrigin()
  deleteCookie(cookieName(secure, SSO_TRANSACTION_COOKIE), { httpOnly: true, secure, sameSite: 'lax', path: '/' })
}

export function clearClientToken(): void {
  const secure = isSecureOrigin()
  deleteCookie(cookieName(secure), { httpOnly: true, secure, sameSite: 'lax', path: '/' })
}
