/**
 * The browser's session tokens (docs/reference.md#session-tokens): one cache per tab, keyed by session,
 * template and organization.
 *
 * - A cached token is served while more than TOKEN_MIN_REMAINING_SECONDS remain.
 * - Concurrent callers share one request.
 * - The tab's own session token is refreshed TOKEN_REFRESH_BEFORE_EXPIRY_SECONDS before it
 *   expires while the tab is visible (or as soon as it becomes visible).
 * - Tabs share fresh tokens over a BroadcastChannel; a staler token never replaces a fresher one.
 * - Network failures, 429 and 5xx are retried with backoff; other 4xx are not. A session the
 *   server no longer honours signs the tab out (no error page); offline retries end in `offline`.
 *
 * Expiry is tracked on this browser's clock from the server's `expiresInSeconds`, so a skewed
 * device clock cannot make a fresh token look expired.
 */

import type { ErrorPayload } from '../session/errors.ts'
import { TesseraError } from '../session/errors.ts'
import { TOKEN_MIN_REMAINING_SECONDS, TOKEN_REFRESH_BEFORE_EXPIRY_SECONDS } from '../session/policy.ts'
import { toErrorPayload } from './errors.ts'

const CHANNEL_NAME = 'tessera:tokens'
const ONLINE_RETRIES = 5
const OFFLINE_RETRIES = 2
const BACKOFF_BASE_MS = 500
const BACKOFF_MAX_MS = 8000
const SIGNED_OUT_CODES = new Set(['signed_out', 'session_not_found', 'session_not_signed_in'])

export interface CachedToken {
  jwt: string
  header: Record<string, unknown>
  claims: Record<string, unknown>
  /** When it expires, on this browser's clock (ms). */
  expiresAt: number
}

export interface TokenRequest {
  template?: string | null
  /** For this organization (null: the personal account); omitted: the session's own. */
  organizationId?: string | null
  skipCache?: boolean
}

export type FetchToken = (input: {
  sessionId: string
  template: string | null
  organizationId?: string | null
}) => Promise<{ jwt: string; expiresInSeconds: number }>

function decodePart(part: string | undefined): Record<string, unknown> {
  const binary = atob((part ?? '').replace(/-/g, '+').replace(/_/g, '/'))
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)))) as Record<
    string,
    unknown
  >
}

/** Reads a JWT's header and claims for display and scheduling; never a substitute for verification. */
export function decodeJwt(jwt: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [header, claims] = jwt.split('.')
  return { header: decodePart(header), claims: decodePart(claims) }
}

/** `organizationId`: undefined is the session's own, null the personal account. */
const keyOf = (sessionId: string, template: string | null, organizationId: string | null | undefined) =>
  `${sessionId}:${template ?? ''}:${organizationId === undefined ? '' : (organizationId ?? '~')}`

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function isRetryable(payload: ErrorPayload | null): boolean {
  return payload === null || payload.status === 429 || payload.status >= 500
}

export class TokenCache {
  readonly #fetchToken: FetchToken
  readonly #onSignedOut: (sessionId: string) => void
  readonly #entries = new Map<string, CachedToken>()
  readonly #inflight = new Map<string, Promise<string | null>>()
  readonly #listeners = new Set<() => void>()
  #channel: BroadcastChannel | null = null
  #tracked: string | null = null
  #trackedOrganization: string | null | undefined = undefined
  #timer: ReturnType<typeof setTimeout> | null = null
  #refreshWhenVisible = false
  #version = 0

  constructor(options: { fetchToken: FetchToken; onSignedOut: (sessionId: string) => void }) {
    this.#fetchToken = options.fetchToken
    this.#onSignedOut = options.onSignedOut
  }

  /** Starts listening to other tabs and to visibility; returns a function that stops it. */
  connect(): () => void {
    if (typeof BroadcastChannel !== 'undefined') {
      this.#channel = new BroadcastChannel(CHANNEL_NAME)
      this.#channel.onmessage = (event: MessageEvent<{ key: string; token: CachedToken }>) =>
        this.#adopt(event.data.key, event.data.token)
    }
    const onVisible = () => {
      if (document.visibilityState === 'visible' && this.#refreshWhenVisible) void this.#refreshTracked()
    }
    document.addEventListener('visibilitychange', onVisible)
    return () => {
      this.#channel?.close()
      this.#channel = null
      document.removeEventListener('visibilitychange', onVisible)
      if (this.#timer) clearTimeout(this.#timer)
    }
  }

  /** The tab's session (and the organization the tab acts for): its token is kept fresh while the tab is visible. */
  track(sessionId: string | null, organizationId?: string | null): void {
    if (this.#tracked === sessionId && this.#trackedOrganization === organizationId) return
    this.#tracked = sessionId
    this.#trackedOrganization = organizationId
    this.#schedule()
    if (sessionId) void this.get(sessionId, { organizationId }).catch(() => null)
  }

  /** A cached token with enough life left, without fetching. */
  peek(sessionId: string, request: TokenRequest = {}): CachedToken | null {
    const entry = this.#entries.get(keyOf(sessionId, request.template ?? null, request.organizationId))
    return entry && entry.expiresAt - Date.now() > TOKEN_MIN_REMAINING_SECONDS * 1000 ? entry : null
  }

  get(sessionId: string, request: TokenRequest = {}): Promise<string | null> {
    const template = request.template ?? null
    const { organizationId } = request
    if (!request.skipCache) {
      const cached = this.peek(sessionId, request)
      if (cached) return Promise.resolve(cached.jwt)
    }
    const key = keyOf(sessionId, template, organizationId)
    const pending = this.#inflight.get(key)
    if (pending) return pending
    const fetching = this.#fetchWithRetries(sessionId, template, organizationId).finally(() =>
      this.#inflight.delete(key),
    )
    this.#inflight.set(key, fetching)
    return fetching
  }

  clear(): void {
    this.#entries.clear()
    this.#changed()
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Changes whenever a token is stored or dropped (for useSyncExternalStore). */
  get version(): number {
    return this.#version
  }

  async #fetchWithRetries(
    sessionId: string,
    template: string | null,
    organizationId: string | null | undefined,
  ): Promise<string | null> {
    for (let attempt = 0; ; attempt++) {
      try {
        const { jwt, expiresInSeconds } = await this.#fetchToken({ sessionId, template, organizationId })
        this.#store(
          keyOf(sessionId, template, organizationId),
          { jwt, ...decodeJwt(jwt), expiresAt: Date.now() + expiresInSeconds * 1000 },
          true,
        )
        return jwt
      } catch (error) {
        const payload = toErrorPayload(error)
        if (payload && SIGNED_OUT_CODES.has(payload.code)) {
          this.#drop(sessionId)
          this.#onSignedOut(sessionId)
          return null
        }
        const offline = typeof navigator !== 'undefined' && navigator.onLine === false
        if (!isRetryable(payload)) throw error
        if (attempt >= (offline ? OFFLINE_RETRIES : ONLINE_RETRIES)) throw offline ? new TesseraError('offline') : error
        await wait(Math.min(BACKOFF_BASE_MS * 2 ** attempt, BACKOFF_MAX_MS))
      }
    }
  }

  #store(key: string, token: CachedToken, announce: boolean): void {
    this.#entries.set(key, token)
    if (announce) this.#channel?.postMessage({ key, token })
    this.#changed()
    this.#schedule()
  }

  /** A token from another tab, kept only when it is fresher than ours. */
  #adopt(key: string, token: CachedToken): void {
    const current = this.#entries.get(key)
    if (current && Number(current.claims.iat) >= Number(token.claims.iat)) return
    this.#store(key, token, false)
  }

  #drop(sessionId: string): void {
    for (const key of this.#entries.keys()) if (key.startsWith(`${sessionId}:`)) this.#entries.delete(key)
    this.#changed()
  }

  #changed(): void {
    this.#version += 1
    for (const listener of this.#listeners) listener()
  }

  #schedule(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    if (!this.#tracked || typeof window === 'undefined') return
    const entry = this.#entries.get(keyOf(this.#tracked, null, this.#trackedOrganization))
    if (!entry) return
    const due = entry.expiresAt - TOKEN_REFRESH_BEFORE_EXPIRY_SECONDS * 1000 - Date.now()
    this.#timer = setTimeout(() => void this.#refreshTracked(), Math.max(0, due))
  }

  async #refreshTracked(): Promise<void> {
    const sessionId = this.#tracked
    if (!sessionId) return
    if (document.visibilityState !== 'visible') {
      this.#refreshWhenVisible = true
      return
    }
    this.#refreshWhenVisible = false
    await this.get(sessionId, { organizationId: this.#trackedOrganization, skipCache: true }).catch(() => null)
  }
}
