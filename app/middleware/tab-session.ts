/**
 * Each browser tab acts as its own session. The tab remembers which one — in memory, and in
 * `sessionStorage` (per tab, kept across reloads) — and every server-function call names it in a
 * header, with the tab's current session token as a bearer token when it has one, so two tabs
 * signed in to two accounts never act as each other, even though they share one client cookie.
 *
 * A reload is a page load, which no script can add a header to: as the page unloads, the tab
 * leaves its session's id in a short-lived cookie that the next page load reads (and clears), so
 * it renders as the tab's own account from the first paint (docs/decisions/006).
 */

import { TAB_SESSION_COOKIE, TAB_SESSION_COOKIE_MAX_AGE_SECONDS } from '../session/transport.ts'

const STORAGE_KEY = 'tessera:session'

let tabSessionId: string | null = null
let tokenProvider: (() => string | null) | null = null
let onRejected: (() => void) | null = null

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.sessionStorage
  } catch {
    // Storage can be switched off; the tab then keeps its session in memory only.
    return null
  }
}

/** The session this tab acted as before this page load (a reload, a restored or duplicated tab), read once. */
const restored = storage()?.getItem(STORAGE_KEY) ?? null

export function restoredTabSessionId(): string | null {
  return restored
}

/** Called by the auth layer whenever this tab's session changes. A no-op on the server. */
export function setTabSessionId(sessionId: string | null): void {
  if (typeof window === 'undefined') return
  tabSessionId = sessionId
  try {
    if (sessionId) storage()?.setItem(STORAGE_KEY, sessionId)
    else storage()?.removeItem(STORAGE_KEY)
  } catch {
    // A full or disabled storage: memory still holds it.
  }
}

export function getTabSessionId(): string | null {
  return tabSessionId
}

/** As the page unloads (reload, typed URL, full navigation), names the tab's session for the next page load. */
export function leaveTabSessionForNextLoad(): void {
  if (!tabSessionId) return
  const secure = window.location.protocol === 'https:'
  const name = secure ? TAB_SESSION_COOKIE.secure : TAB_SESSION_COOKIE.insecure
  // biome-ignore lint/suspicious/noDocumentCookie: the one cookie a script sets; the Cookie Store API is not in every browser
  document.cookie = `${name}=${tabSessionId}; Path=/; Max-Age=${TAB_SESSION_COOKIE_MAX_AGE_SECONDS}; SameSite=Strict${secure ? '; Secure' : ''}`
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
