import { useRouter } from '@tanstack/react-router'
import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react'
import { $signOut } from '../functions/auth.functions.ts'
import { $setActive, $touchSession } from '../functions/session.functions.ts'
import { $getToken } from '../functions/token.functions.ts'
import {
  getTabSessionId,
  leaveTabSessionForNextLoad,
  onSessionRejected,
  restoredTabSessionId,
  setTabSessionId,
  setTabTokenProvider,
} from '../middleware/tab-session.ts'
import { TesseraError } from '../session/errors.ts'
import { FOCUS_TOUCH_MIN_INTERVAL_SECONDS } from '../session/policy.ts'
import type { AuthSnapshot, EnvironmentJSON } from '../session/wire.ts'
import { connectOrganizationRuntime } from './organizations.ts'
import { Session, type SessionRuntime, toTokenResource } from './session.ts'
import { currentSession, signedInSessions } from './state.ts'
import { type CachedToken, TokenCache } from './token-cache.ts'

const CHANNEL_NAME = 'tessera:auth'

export interface SetActiveParams {
  /**
   * The session to switch this tab to (a Session or its id), or null to sign out of the current
   * one; omitted: the tab's current session.
   */
  session?: Session | string | null
  /**
   * The organization the session acts for in this tab (its id or slug, or an object with its id),
   * or null for the personal account; omitted: unchanged. Each tab may act for its own.
   */
  organization?: { id: string } | string | null
  /** Where to go afterwards; without it the current page re-runs its guards. */
  redirectUrl?: string
  /**
   * The reference's custom navigation: called once the tab acts as the session (before the page
   * re-reads it), instead of `redirectUrl`. `decorateUrl` returns the URL unchanged: we keep our
   * cookies first-party, so there is no Safari ITP detour to add.
   */
  navigate?: SetActiveNavigate
}

export type SetActiveNavigate = (params: { session: Session; decorateUrl: (url: string) => string }) => unknown

export interface SignOutOptions {
  /** Sign out of this session only (multi-session); without it, of every session in this browser. */
  sessionId?: string
  /** Where to go when no account is left signed in (default `/`). */
  redirectUrl?: string
}

export interface AuthContextValue {
  snapshot: AuthSnapshot
  /** The instance settings the browser needs. */
  environment: EnvironmentJSON
  /** True while this tab switches sessions: nothing is known to be signed in or out ("transitive"). */
  switching: boolean
  /** Every session of this browser, as resources, keyed by id. */
  sessions: Map<string, Session>
  /** This tab's session tokens. */
  tokens: TokenCache
  /** The newest cached session token of `sessionId`, for the organization this tab acts for. */
  peekToken: (sessionId: string) => CachedToken | null
  /** Resolves once the tab is not switching sessions (at once when it is not). */
  whenLoaded: () => Promise<void>
  refresh: () => Promise<void>
  /** After the server changed a session (a task done): drop its tokens, tell other tabs, re-read. */
  sessionChanged: () => Promise<void>
  setActive: (params: SetActiveParams) => Promise<void>
  signOut: (options?: SignOutOptions) => Promise<void>
}

/** Exported for tests that render hooks and components without a router (AuthProvider provides it). */
export const AuthContext = createContext<AuthContextValue | null>(null)

function broadcast() {
  if (typeof BroadcastChannel === 'undefined') return
  const channel = new BroadcastChannel(CHANNEL_NAME)
  channel.postMessage({ type: 'changed' })
  channel.close()
}

/** What this tab chose per session with `setActive({ organization })`, kept for the page's life. */
type TabOrganizations = ReadonlyMap<string, string | null>

/**
 * The tab's choices that still hold: an organization the user no longer belongs to (removed, or
 * it was deleted) is forgotten, and the tab acts for whatever the session acts for.
 */
function validChoices(chosen: TabOrganizations, snapshot: AuthSnapshot): TabOrganizations {
  const valid = new Map<string, string | null>()
  for (const json of snapshot.client?.sessions ?? []) {
    if (!chosen.has(json.id)) continue
    const organizationId = chosen.get(json.id) ?? null
    const member = json.user?.organizationMemberships.some(
      (membership) => membership.organization.id === organizationId,
    )
    if (organizationId === null || member) valid.set(json.id, organizationId)
  }
  return valid
}

/**
 * Holds this tab's view of the client. The snapshot comes from the root route (server-rendered,
 * so a full page load is signed in from the first paint). Other tabs hear about sign-outs over a
 * BroadcastChannel and refresh at once; focusing the tab counts as activity (throttled).
 */
export function AuthProvider({
  snapshot,
  environment,
  children,
}: {
  snapshot: AuthSnapshot
  environment: EnvironmentJSON
  children: ReactNode
}) {
  const router = useRouter()
  const [switching, setSwitching] = useState(false)
  const settled = useRef<Promise<void>>(Promise.resolve())
  setTabSessionId(snapshot.sessionId)
  const [choices, setChoices] = useState<TabOrganizations>(new Map())
  const chosenOrganizations = useMemo(() => validChoices(choices, snapshot), [choices, snapshot])
  // Read by the runtime (made once) to add the tab's organization to token requests.
  const chosen = useRef(chosenOrganizations)
  chosen.current = chosenOrganizations

  const { runtime, tokens, peekToken } = useMemo(() => {
    const refresh = () => router.invalidate()
    const tokens = new TokenCache({
      fetchToken: (input) => $getToken({ data: input }),
      // The server no longer honours the session: re-read the client, and the guards take over.
      onSignedOut: () => void refresh(),
    })
    /** The organization the tab acts for in `sessionId`, as a token request names it (undefined: the session's). */
    const forTab = (sessionId: string) =>
      chosen.current.has(sessionId) ? { organizationId: chosen.current.get(sessionId) ?? null } : {}
    const runtime: SessionRuntime = {
      refresh,
      broadcast,
      clearTokenCache: () => tokens.clear(),
      getToken: (sessionId, options) => tokens.get(sessionId, { ...forTab(sessionId), ...options }),
      peekToken: (sessionId) => {
        const token = tokens.peek(sessionId, forTab(sessionId))
        return token && toTokenResource(token.jwt, token.header, token.claims)
      },
    }
    const peekToken = (sessionId: string) => tokens.peek(sessionId, forTab(sessionId))
    return { runtime, tokens, peekToken }
  }, [router])

  const sessions = useMemo(
    () =>
      new Map(
        (snapshot.client?.sessions ?? []).map((json) => [
          json.id,
          new Session(
            chosenOrganizations.has(json.id)
              ? { ...json, lastActiveOrganizationId: chosenOrganizations.get(json.id) ?? null }
              : json,
            runtime,
          ),
        ]),
      ),
    [snapshot, runtime, chosenOrganizations],
  )

  useEffect(() => {
    const disconnect = tokens.connect()
    setTabTokenProvider(() => {
      const sessionId = getTabSessionId()
      return sessionId ? (runtime.peekToken(sessionId)?.getRawString() ?? null) : null
    })
    return () => {
      disconnect()
      setTabTokenProvider(null)
    }
  }, [tokens, runtime])

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
  // The tab's organization, when it chose one (undefined: the session's own).
  const tabOrganization =
    activeId !== null && chosenOrganizations.has(activeId) ? (chosenOrganizations.get(activeId) ?? null) : undefined
  useEffect(() => tokens.track(activeId, tabOrganization), [tokens, activeId, tabOrganization])

  useEffect(() => {
    if (!activeId) return
    let lastTouch = 0
    const touch = () => {
      if (document.visibilityState !== 'visible') return
      // Throttled, except for a tab acting for its own organization: coming back to it must make
      // that organization the session's again, so a reload renders what the user sees.
      if (tabOrganization === undefined && Date.now() - lastTouch < FOCUS_TOUCH_MIN_INTERVAL_SECONDS * 1000) return
      lastTouch = Date.now()
      $touchSession({ data: { sessionId: activeId, intent: 'focus', organizationId: tabOrganization } }).catch(() =>
        runtime.refresh(),
      )
    }
    touch()
    window.addEventListener('focus', touch)
    document.addEventListener('visibilitychange', touch)
    return () => {
      window.removeEventListener('focus', touch)
      document.removeEventListener('visibilitychange', touch)
    }
  }, [activeId, tabOrganization, runtime])

  // Another tab pointed the session elsewhere (seen when this one re-reads the client): a visible tab
  // that acts for its own organization points it back.
  const rowOrganization = currentSession(snapshot)?.lastActiveOrganizationId ?? null
  useEffect(() => {
    if (!activeId || tabOrganization === undefined || tabOrganization === rowOrganization) return
    if (document.visibilityState !== 'visible') return
    $touchSession({ data: { sessionId: activeId, intent: 'focus', organizationId: tabOrganization } }).catch(() =>
      runtime.refresh(),
    )
  }, [activeId, tabOrganization, rowOrganization, runtime])

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
    const setActive = async ({ session, organization, redirectUrl, navigate }: SetActiveParams) => {
      if (navigate !== undefined && typeof navigate !== 'function') {
        throw new TesseraError('invalid_input', {
          meta: { issues: [{ path: 'navigate', message: 'Expected a function.' }] },
        })
      }
      const current = currentSession(snapshot)
      const sessionId =
        session === undefined ? (current?.id ?? null) : typeof session === 'string' ? session : (session?.id ?? null)
      if (sessionId === null) {
        if (current) await signOut({ sessionId: current.id, redirectUrl })
        return
      }
      let done = () => {}
      settled.current = new Promise<void>((resolve) => {
        done = resolve
      })
      setSwitching(true)
      try {
        if (sessionId !== current?.id) await $setActive({ data: { sessionId } })
        if (organization !== undefined) {
          const organizationId = resolveOrganization(sessions.get(sessionId), organization)
          await $touchSession({ data: { sessionId, intent: 'select_org', organizationId } })
          setChoices((previous) => new Map(previous).set(sessionId, organizationId))
          tokens.clear()
        }
        setTabSessionId(sessionId)
        const target = typeof session === 'object' && session !== null ? session : sessions.get(sessionId)
        if (navigate && target) {
          await navigate({ session: target, decorateUrl: (url) => url })
          await runtime.refresh()
        } else if (redirectUrl) await router.navigate({ href: redirectUrl })
        else await runtime.refresh()
      } finally {
        setSwitching(false)
        done()
      }
    }
    const whenLoaded = () => settled.current
    const sessionChanged = async () => {
      tokens.clear()
      broadcast()
      await runtime.refresh()
    }
    return {
      snapshot,
      environment,
      switching,
      sessions,
      tokens,
      peekToken,
      whenLoaded,
      refresh: runtime.refresh,
      sessionChanged,
      setActive,
      signOut,
    }
  }, [snapshot, environment, switching, sessions, tokens, peekToken, runtime, router])

  // The organization resources (organizations.ts) re-read the client after a change, and list the roles.
  const { sessionChanged } = value
  useEffect(
    () => connectOrganizationRuntime({ sessionChanged, roles: () => environment.organizations.roles }),
    [sessionChanged, environment],
  )

  // Each tab keeps its own session across reloads (docs/decisions/006): as the page unloads it
  // names its session for the next load. A tab restored or duplicated without that cookie still
  // has its session in sessionStorage, and switches back to it once, if it is still signed in.
  const restoring = useRef(restoredTabSessionId())
  useEffect(() => {
    window.addEventListener('beforeunload', leaveTabSessionForNextLoad)
    return () => window.removeEventListener('beforeunload', leaveTabSessionForNextLoad)
  }, [])
  useEffect(() => {
    const restored = restoring.current
    restoring.current = null
    if (!restored || restored === value.snapshot.sessionId) return
    if (signedInSessions(value.snapshot).some((session) => session.id === restored))
      void value.setActive({ session: restored })
  }, [value])

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
}

/** An organization as `setActive` accepts it: an object with its id, an id, a slug, or null. */
function resolveOrganization(
  session: Session | undefined,
  organization: { id: string } | string | null,
): string | null {
  if (organization === null) return null
  if (typeof organization !== 'string') return organization.id
  const membership = session?.user?.organizationMemberships.find(
    (candidate) => candidate.organization.id === organization || candidate.organization.slug === organization,
  )
  return membership?.organization.id ?? organization
}

export function useAuthContext(): AuthContextValue {
  const value = useContext(AuthContext)
  if (!value) throw new Error('Tessera hooks must be used inside <AuthProvider> (rendered by the root route).')
  return value
}

/** The instance settings the browser needs (app name, organizations, terms). */
export function useEnvironment(): EnvironmentJSON {
  return useAuthContext().environment
}
