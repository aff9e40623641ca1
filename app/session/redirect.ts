/**
 * Where the app may send a user after signing in: only a path on this origin.
 *
 * Everything else — other hosts, protocol-relative URLs, backslash tricks, encoded slashes,
 * control characters, `javascript:` — is refused, and the caller falls back to its default.
 */

import { REDIRECT_URL_MAX_LENGTH } from './policy.ts'

const PLACEHOLDER_ORIGIN = 'http://tessera.invalid'

function looksUnsafe(path: string): boolean {
  if (!path.startsWith('/')) return true
  if (path.startsWith('//')) return true
  // Backslashes are read as slashes by browsers; control characters and spaces hide schemes.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this rejects
  return /[\\\u0000-\u0020\u007f]/.test(path)
}

/** A same-origin relative path (`/path?query#hash`), or null if `input` is not one. */
export function safeRedirectPath(input: unknown): string | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > REDIRECT_URL_MAX_LENGTH) return null
  if (looksUnsafe(input)) return null
  let decoded: string
  try {
    decoded = decodeURIComponent(input)
  } catch {
    return null
  }
  // `/%2F%2Fevil.com` decodes to `//evil.com`; some servers and proxies decode before routing.
  if (looksUnsafe(decoded)) return null
  const url = new URL(input, PLACEHOLDER_ORIGIN)
  if (url.origin !== PLACEHOLDER_ORIGIN) return null
  return `${url.pathname}${url.search}${url.hash}`
}

/** Where a sign-in lands when nothing else was asked for. */
export const AFTER_SIGN_IN_PATH = '/dashboard'

/**
 * A path to come back to on this origin: a same-origin relative path, or an absolute URL on
 * `origin` (the reference's `redirectUrl` is absolute), reduced to its path; else null.
 */
export function returnPath(input: unknown, origin: string): string | null {
  if (typeof input !== 'string') return null
  if (input.startsWith('/')) return safeRedirectPath(input)
  let url: URL
  try {
    url = new URL(input)
  } catch {
    return null
  }
  return url.origin === origin ? safeRedirectPath(`${url.pathname}${url.search}${url.hash}`) : null
}
