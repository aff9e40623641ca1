/**
 * Where the app may send a browser (after signing in, a link, a trip to an IdP): only a path on
 * this origin. One check for every redirect: the value is resolved against the origin as a browser
 * resolves it (dot segments removed, `%2e` read as `.`), must stay on that origin, and the path it
 * resolved to is what is used, checked again: a resolved path can still name another host
 * (`/.//evil.com` resolves to `//evil.com`, which a browser reads as protocol-relative).
 *
 * Everything else — other hosts, protocol-relative URLs, backslash tricks, encoded slashes,
 * control characters, `javascript:` — is refused, and the caller falls back to its default.
 */

import { REDIRECT_URL_MAX_LENGTH } from './policy.ts'

/** Resolves paths that come without an origin; any origin would do, as only the path is kept. */
const PLACEHOLDER_ORIGIN = 'http://tessera.invalid'

function looksUnsafe(path: string): boolean {
  if (!path.startsWith('/')) return true
  if (path.startsWith('//')) return true
  // Backslashes are read as slashes by browsers; control characters and spaces hide schemes.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this rejects
  return /[\\\u0000-\u0020\u007f]/.test(path)
}

/** A resolved path that means this origin wherever it is used: as it is, and once decoded. */
function isPlainPath(path: string): boolean {
  let decoded: string
  try {
    decoded = decodeURIComponent(path)
  } catch {
    return false
  }
  // `/%2F%2Fevil.com` decodes to `//evil.com`, `/.%2F%2Fevil.com` resolves to it once decoded:
  // some servers and proxies decode before routing.
  if (looksUnsafe(path) || looksUnsafe(decoded)) return false
  return !new URL(decoded, PLACEHOLDER_ORIGIN).pathname.startsWith('//')
}

/**
 * A path to send the browser to on `origin`: a path (`/path?query#hash`) or an absolute URL on
 * `origin` (the reference's `redirectUrl` is absolute), resolved against `origin` and reduced to
 * its path; else null.
 */
export function returnPath(input: unknown, origin: string): string | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > REDIRECT_URL_MAX_LENGTH) return null
  // Refused as typed too: a browser drops tabs and newlines while resolving (`/.\t//evil.com`).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this rejects
  if (/[\\\u0000-\u0020\u007f]/.test(input)) return null
  let url: URL
  try {
    url = new URL(input, origin)
  } catch {
    return null
  }
  if (url.origin !== new URL(origin).origin) return null
  const path = `${url.pathname}${url.search}${url.hash}`
  return isPlainPath(path) ? path : null
}

/** `returnPath` for a same-origin path (`/path?query#hash`) given without an origin, or null. */
export function safeRedirectPath(input: unknown): string | null {
  if (typeof input !== 'string' || !input.startsWith('/')) return null
  return returnPath(input, PLACEHOLDER_ORIGIN)
}

/** Where a sign-in lands when nothing else was asked for. */
export const AFTER_SIGN_IN_PATH = '/dashboard'
