/**
 * The CSRF rule for server functions (OWASP CSRF cheat sheet, "Fetch Metadata" plus the Origin
 * fallback, both required for state changes):
 *
 * - Reads (GET, HEAD) are refused only when the browser says they come from another site.
 * - Everything else needs an `Origin` header exactly equal to the app's origin (parsed and compared
 *   as scheme, host and port; never by prefix or pattern) and, when the browser sends Fetch
 *   Metadata, `Sec-Fetch-Site: same-origin`. A missing or `null` Origin is refused.
 */

export type CsrfVerdict = { allowed: true } | { allowed: false; reason: string }

const SAFE_METHODS = new Set(['GET', 'HEAD'])

function parsedOrigin(value: string): string | null {
  try {
    const url = new URL(value)
    // An Origin header is exactly scheme://host[:port]; anything more is not an origin.
    return url.origin === value || `${url.origin}/` === value ? url.origin : null
  } catch {
    return null
  }
}

export function checkCsrf(input: { method: string; headers: Headers; allowedOrigin: string }): CsrfVerdict {
  const site = input.headers.get('sec-fetch-site')
  if (SAFE_METHODS.has(input.method.toUpperCase())) {
    return site === null || site === 'same-origin' || site === 'none'
      ? { allowed: true }
      : { allowed: false, reason: `sec-fetch-site: ${site}` }
  }
  if (site !== null && site !== 'same-origin') return { allowed: false, reason: `sec-fetch-site: ${site}` }
  const origin = input.headers.get('origin')
  if (origin === null) return { allowed: false, reason: 'missing origin' }
  const parsed = parsedOrigin(origin)
  if (parsed === null || parsed !== input.allowedOrigin) return { allowed: false, reason: 'origin mismatch' }
  return { allowed: true }
}
