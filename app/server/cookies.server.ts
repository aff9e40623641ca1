/**
 * The two credential cookies, both HttpOnly and SameSite=Lax. Over HTTPS their names carry the
 * `__Host-` prefix (Secure, Path=/, no Domain: the browser enforces all three); on plain-HTTP
 * development origins they cannot, so they are plain `__client` and `__session`.
 *
 * - the client cookie: an opaque 256-bit token, the long-lived credential;
 * - the session cookie: the current session JWT (60 s), so a page load is authenticated without
 *   the database. Browser scripts never see either; they get tokens from `getToken()`.
 */

import { deleteCookie, getCookie, setCookie } from '@tanstack/react-start/server'
import { CLIENT_COOKIE_MAX_AGE_SECONDS } from '../session/policy.ts'
import { isSecureOrigin } from './request.server.ts'

export const CLIENT_COOKIE = { secure: '__Host-client', insecure: '__client' } as const
export const SESSION_COOKIE = { secure: '__Host-session', insecure: '__session' } as const

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
