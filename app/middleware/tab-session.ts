/**
 * Each browser tab acts as its own session. The tab remembers which one (in memory only), and
 * every server-function call names it in a header — and carries the tab's current session token as
 * a bearer token when it has one — so two tabs signed in to two accounts never act as each other,
 * even though they share one client cookie.
 */

let tabSessionId: string | null = null
let tokenProvider: (() => string | null) | null = null
let onRejected: (() => void) | null = null

/** Called by the auth layer whenever this tab's session changes. A no-op on the server. */
export function setTabSessionId(sessionId: string | null): void {
  if (typeof window === 'undefined') return
  tabSessionId = sessionId
}

export function getTabSessionId(): string | null {
  return tabSessionId
}

/** The auth layer's source of the tab's current, unexpired session token (never fetches). */
export function setTabTokenProvider(provider: (() => string | null) | null): void {
  tokenProvider = provider
}

export function getTabToken(): string | null {
  return tokenProvider?.() ?? null
}

/** The auth layer's handler for "the server says this tab is signed out". */
export function onSessionRejected(handler: (() => void) | null): void {
  onRejected = handler
}

export function reportSessionRejected(): void {
  onRejected?.()
}
