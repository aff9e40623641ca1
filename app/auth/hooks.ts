/**
 * The reference API's hooks, on one status model: `loading | signed-out | pending | active`.
 * Pending sessions count as signed out in every hook unless the caller passes
 * `treatPendingAsSignedOut: false` (the reference's `useUser` exception is not copied).
 * `isLoaded` is false only while the tab switches sessions (`useSessionList`'s only before the
 * client is known: never, here); server rendering makes a page load signed in (or out) from its
 * first paint.
 */

import { useSyncExternalStore } from 'react'
import { getTabSessionId } from '../middleware/tab-session.ts'
import { checkAuthorization } from '../session/authorization.ts'
import { useAuthContext } from './provider.tsx'
import type { UserResource } from './resources.ts'
import {
  type ActiveSessionResource,
  authorizationFacts,
  type CheckAuthorizationParams,
  type GetTokenOptions,
  isSignedInSession,
  type PendingSessionResource,
  type Session,
} from './session.ts'
import type { AuthStatus } from './state.ts'
import type { CachedToken } from './token-cache.ts'

export interface PendingOption {
  /** Count a pending session (one with outstanding tasks) as signed out. Default true. */
  treatPendingAsSignedOut?: boolean
}

interface AuthState {
  status: AuthStatus
  session: ActiveSessionResource | PendingSessionResource | null
}

function useAuthState(): AuthState {
  const { snapshot, switching, sessions } = useAuthContext()
  if (switching) return { status: 'loading', session: null }
  const session = snapshot.sessionId ? sessions.get(snapshot.sessionId) : undefined
  if (!isSignedInSession(session)) return { status: 'signed-out', session: null }
  return { status: session.status, session }
}

/** Whether the session counts as signed in under the caller's pending rule. */
function countsAsSignedIn(status: AuthStatus, options: PendingOption): boolean {
  return status === 'active' || (status === 'pending' && options.treatPendingAsSignedOut === false)
}

export type UseSessionReturn =
  | { isLoaded: false; isSignedIn: undefined; session: undefined }
  | { isLoaded: true; isSignedIn: false; session: PendingSessionResource | null }
  | { isLoaded: true; isSignedIn: true; session: ActiveSessionResource }

/** The tab's session. A pending session is returned, but `isSignedIn` is false for it. */
export function useSession(): UseSessionReturn {
  const { status, session } = useAuthState()
  if (status === 'loading') return { isLoaded: false, isSignedIn: undefined, session: undefined }
  if (status === 'active' && session?.status === 'active') return { isLoaded: true, isSignedIn: true, session }
  return { isLoaded: true, isSignedIn: false, session: session?.status === 'pending' ? session : null }
}

export type UseUserReturn =
  | { isLoaded: false; isSignedIn: undefined; user: undefined }
  | { isLoaded: true; isSignedIn: false; user: null }
  | { isLoaded: true; isSignedIn: true; user: UserResource }

export function useUser(options: PendingOption = {}): UseUserReturn {
  const { status, session } = useAuthState()
  if (status === 'loading') return { isLoaded: false, isSignedIn: undefined, user: undefined }
  if (session && countsAsSignedIn(status, options)) return { isLoaded: true, isSignedIn: true, user: session.user }
  return { isLoaded: true, isSignedIn: false, user: null }
}

/**
 * The reference's union: `isLoaded` is false only before the client is known, and then `sessions`
 * and `setActive` are undefined. Server rendering makes the client known from the first paint, so
 * here it is always loaded; switching sessions does not unload it (the reference's hook reads only
 * whether the client exists, not `setActive`'s transition).
 */
export type UseSessionListReturn =
  | { isLoaded: false; sessions: undefined; setActive: undefined }
  | {
      isLoaded: true
      /** Every session of this browser, whatever its status, most recently active first. */
      sessions: Session[]
      setActive: ReturnType<typeof useAuthContext>['setActive']
    }

export function useSessionList(): UseSessionListReturn {
  const { sessions, setActive } = useAuthContext()
  return { isLoaded: true, sessions: [...sessions.values()], setActive }
}

export interface UseAuthReturn {
  isLoaded: boolean
  isSignedIn: boolean | undefined
  /** The one status model: loading, signed-out, pending or active (whatever the pending option). */
  status: AuthStatus
  userId: string | null | undefined
  sessionId: string | null | undefined
  /** The claims of the session's newest token in this tab; null until the first one arrives. */
  sessionClaims: Record<string, unknown> | null | undefined
  actor: Session['actor'] | undefined
  orgId: string | null | undefined
  orgRole: string | null | undefined
  orgSlug: string | null | undefined
  has: (params: CheckAuthorizationParams) => boolean
  getToken: (options?: GetTokenOptions) => Promise<string | null>
  signOut: ReturnType<typeof useAuthContext>['signOut']
}

/** The token store's version while a component hydrates: the server rendered it with no token. */
const HYDRATING = -1

/**
 * This tab's newest session token, re-rendering when a refresh (here or in another tab) replaces it.
 * Null while the component hydrates, as on the server: pages hydrate after the root, whose effect
 * fetches the token, and one that arrived in between must not change the markup being hydrated
 * (React would abort the hydration, error 418). React renders again with the token right after.
 */
export function useSessionToken(): CachedToken | null {
  const { tokens, snapshot, peekToken } = useAuthContext()
  const version = useSyncExternalStore(
    (listener) => tokens.subscribe(listener),
    () => tokens.version,
    () => HYDRATING,
  )
  return version !== HYDRATING && snapshot.sessionId ? peekToken(snapshot.sessionId) : null
}

export function useAuth(options: PendingOption = {}): UseAuthReturn {
  const { signOut, tokens, whenLoaded } = useAuthContext()
  const token = useSessionToken()
  const { status, session } = useAuthState()
  /** Waits for the tab to finish switching, then answers for the session it acts as then. */
  const getToken = async (tokenOptions?: GetTokenOptions) => {
    await whenLoaded()
    const sessionId = getTabSessionId()
    return sessionId ? tokens.get(sessionId, tokenOptions) : null
  }
  if (status === 'loading') {
    return {
      isLoaded: false,
      isSignedIn: undefined,
      status,
      userId: undefined,
      sessionId: undefined,
      sessionClaims: undefined,
      actor: undefined,
      orgId: undefined,
      orgRole: undefined,
      orgSlug: undefined,
      has: () => false,
      getToken,
      signOut,
    }
  }
  const signedIn = session !== null && countsAsSignedIn(status, options) ? session : null
  return {
    isLoaded: true,
    isSignedIn: signedIn !== null,
    status,
    userId: signedIn?.user.id ?? null,
    sessionId: signedIn?.id ?? null,
    sessionClaims: signedIn && token ? token.claims : null,
    actor: signedIn?.actor ?? null,
    orgId: signedIn?.activeMembership?.organization.id ?? null,
    orgRole: signedIn?.activeMembership?.role ?? null,
    orgSlug: signedIn?.activeMembership?.organization.slug ?? null,
    // Judged on the token this render shows (none while hydrating), not on a newer one.
    has: (params) =>
      signedIn !== null && checkAuthorization(params, authorizationFacts(signedIn, token?.claims ?? null)),
    getToken: signedIn ? getToken : async () => null,
    signOut,
  }
}
