/**
 * Each browser tab acts as its own session. The tab remembers which one (in memory only), and
 * every server-function call carries it in a header, so two tabs signed in to two accounts never
 * act as each other — even though they share one client cookie.
 */

export const SESSION_ID_HEADER = 'x-session-id'

let tabSessionId: string | null = null
let onRejected: (() => void) | null = null

/** Called by the auth layer whenever this tab's session changes. A no-op on the server. */
export function setTabSessionId(sessionId: string | null): void {
  if (typeof window === 'undefined') return
  tabSessionId = sessionId
}

export function getTabSessionId(): string | null {
  return tabSessionId
}

/** The auth layer's handler for "the server says this tab is signed out". */
export function onSessionRejected(handler: (() => void) | null): void {
  onRejected = handler
}

export function reportSessionRejected(): void {
  onRejected?.()
}
