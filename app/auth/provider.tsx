import { useRouter } from '@tanstack/react-router'
import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react'
import { $signOut } from '../functions/auth.functions.ts'
import type { AuthSnapshot } from '../functions/client.functions.ts'
import { $setActive, $touchSession } from '../functions/session.functions.ts'
import { $getToken } from '../functions/token.functions.ts'
import { getTabSessionId, onSessionRejected, setTabSessionId, setTabTokenProvider } from '../middleware/tab-session.ts'
import { FOCUS_TOUCH_MIN_INTERVAL_SECONDS } from '../session/policy.ts'
import { Session, type SessionRuntime } from './session.ts'
import { currentSession, signedInSessions } from './state.ts'
import { TokenCache } from './token-cache.ts'

const CHANNEL_NAME = 'tessera:auth'

export interface SetActiveParams {
  /** The session to switch this tab to (a Session or its id), or null to sign out of the current one. */
  session: Session | string | null
  /** Where to go afterwards; without it the current page re-runs its guards. */
  redirectUrl?: string
}

export interface SignOutOptions {
  /** Sign out of this session only (multi-session); without it, of every session in this browser. */
  sessionId?: string
  /** Where to go when no account is left signed in (default `/`). */
  redirectUrl?: string
}

export interface AuthContextValue {
  snapshot: AuthSnapshot
  /** True while this tab switches sessions: nothing is known to be signed in or out ("transitive"). */
  switching: boolean
  /** Every session of this browser, as resources, keyed by id. */
  sessions: Map<string, Session>
  /** This tab's session tokens. */
  tokens: TokenCache
  /** Resolves once the tab is not switching sessions (at once when it is not). */
  whenLoaded: () => Promise<void>
  refresh: () => Promise<void>
  setActive: (params: SetActiveParams) => Promise<void>
  signOut: (options?: SignOutOptions) => Promise<void>
}

const AuthContext = createContext<AuthContextValue | null>(null)

function broadcast() {
  if (typeof BroadcastChannel === 'undefined') return
  const channel = new BroadcastChannel(CHANNEL_NAME)
  channel.postMessage({ type: 'changed' })
  channel.close()
}

/**
 * Holds this tab's view of the client. The snapshot comes from the root route (server-rendered,
 * so a full page load is signed in from the first paint). Other tabs hear about sign-outs over a
 * BroadcastChannel and refresh at once; focusing the tab counts as activity (throttled).
 */
export function AuthProvider({ snapshot, children }: { snapshot: AuthSnapshot; children: ReactNode }) {
  const router = useRouter()
  const [switching, setSwitching] = useState(false)
  const settled = useRef<Promise<void>>(Promise.resolve())
  setTabSessionId(snapshot.sessionId)

  const { runtime, tokens } = useMemo(() => {
    const refresh = () => router.invalidate()
    const tokens = new TokenCache({
      fetchToken: (input) => $getToken({ data: input }),
      // The server no longer honours the session: re-read the client, and the guards take over.
      onSignedOut: () => void refresh(),
    })
    const runtime: SessionRuntime = {
      refresh,
      broadcast,
      clearTokenCache: () => tokens.clear(),
      getToken: (sessionId, options) => tokens.get(sessionId, options),
      peekToken: (sessionId) => {
        const token = tokens.peek(sessionId)
        return token && { jwt: { header: token.header, claims: token.claims }, getRawString: () => token.jwt }
      },
    }
    return { runtime, tokens }
  }, [router])

  const sessions = useMemo(
    () => new Map((snapshot.client?.sessions ?? []).map((json) => [json.id, new Session(json, runtime)])),
    [snapshot, runtime],
  )

  useEffect(() => {
    const disconnect = tokens.connect()
    setTabTokenProvider(() => {
      const sessionId = getTabSessionId()
      return sessionId ? (tokens.peek(sessionId)?.jwt ?? null) : null
    })
    return () => {
      disconnect()
      setTabTokenProvider(null)
    }
  }, [tokens])

  useEffect(() => {
    onSessionRejected(() => void runtime.refresh())
    if (typeof BroadcastChannel === 'undefined') return () => onSessionRejected(null)
    const channel = new BroadcastChannel(CHANNEL_NAME)
    channel.onmessage = () => void runtime.refresh()
    return () => {
      channel.close()
      onSessionRejected(null)
    }
  }, [runtime])

  const activeId = currentSession(snapshot)?.id ?? null
  useEffect(() => tokens.track(activeId), [tokens, activeId])

  useEffect(() => {
    if (!activeId) return
    let lastTouch = 0
    const touch = () => {
      if (document.visibilityState !== 'visible' || Date.now() - lastTouch < FOCUS_TOUCH_MIN_INTERVAL_SECONDS * 1000)
        return
      lastTouch = Date.now()
      $touchSession({ data: { sessionId: activeId, intent: 'focus' } }).catch(() => runtime.refresh())
    }
    touch()
    window.addEventListener('focus', touch)
    document.addEventListener('visibilitychange', touch)
    return () => {
      window.removeEventListener('focus', touch)
      document.removeEventListener('visibilitychange', touch)
    }
  }, [activeId, runtime])

  const value = useMemo<AuthContextValue>(() => {
    const signOut = async (options: SignOutOptions = {}) => {
      const remaining = signedInSessions(snapshot).filter((session) => session.id !== options.sessionId)
      const everything = options.sessionId === undefined || remaining.length === 0
      await $signOut({ data: { sessionId: everything ? null : options.sessionId } })
      tokens.clear()
      broadcast()
      if (everything) await router.navigate({ href: options.redirectUrl ?? '/' })
      else await runtime.refresh()
    }
    const setActive = async ({ session, redirectUrl }: SetActiveParams) => {
      const sessionId = typeof session === 'string' ? session : (session?.id ?? null)
      if (sessionId === null) {
        const current = currentSession(snapshot)
        if (current) await signOut({ sessionId: current.id, redirectUrl })
        return
      }
      let done = () => {}
      settled.current = new Promise<void>((resolve) => {
        done = resolve
      })
      setSwitching(true)
      try {
        await $setActive({ data: { sessionId } })
        setTabSessionId(sessionId)
        if (redirectUrl) await router.navigate({ href: redirectUrl })
        else await runtime.refresh()
      } finally {
        setSwitching(false)
        done()
      }
    }
    const whenLoaded = () => settled.current
    return { snapshot, switching, sessions, tokens, whenLoaded, refresh: runtime.refresh, setActive, signOut }
  }, [snapshot, switching, sessions, tokens, runtime, router])

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
}

export function useAuthContext(): AuthContextValue {
  const value = useContext(AuthContext)
  if (!value) throw new Error('Tessera hooks must be used inside <AuthProvider> (rendered by the root route).')
  return value
}
