/**
 * The client cookie: an opaque 256-bit token, HttpOnly, SameSite=Lax. Over HTTPS its name carries
 * the `__Host-` prefix (Secure, Path=/, no Domain: the browser enforces all three); on plain-HTTP
 * development origins it cannot, so it is plain `__client`.
 */

import { deleteCookie, getCookie, setCookie } from '@tanstack/react-start/server'
import { CLIENT_COOKIE_MAX_AGE_SECONDS } from '../session/policy.ts'
import { isSecureOrigin } from './request.server.ts'

export const CLIENT_COOKIE = { secure: '__Host-client', insecure: '__client' } as const

function cookieName(secure: boolean) {
  return secure ? CLIENT_COOKIE.secure : CLIENT_COOKIE.insecure
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

export function clearClientToken(): void {
  const secure = isSecureOrigin()
  deleteCookie(cookieName(secure), { httpOnly: true, secure, sameSite: 'lax', path: '/' })
}
