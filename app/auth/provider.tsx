import { useRouter } from '@tanstack/react-router'
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo } from 'react'
import { $signOut } from '../functions/auth.functions.ts'
import type { AuthSnapshot } from '../functions/client.functions.ts'
import { setTabSessionId } from '../middleware/tab-session.ts'

const CHANNEL_NAME = 'tessera:auth'

export interface AuthContextValue {
  snapshot: AuthSnapshot
  /** Re-reads the client from the server and re-runs the route guards. */
  refresh: () => Promise<void>
  /**
   * Signs out of one session (multi-session) or, without an id, of every session in this browser,
   * then goes to `redirectUrl` (or stays, re-running the route guards).
   */
  signOut: (options?: { sessionId?: string; redirectUrl?: string }) => Promise<void>
}

const AuthContext = createContext<AuthContextValue | null>(null)

/**
 * Holds this tab's view of the client. The snapshot comes from the root route (server-rendered,
 * so a full page load is signed in from the first paint); other tabs are told about sign-outs over
 * a BroadcastChannel and refresh at once.
 */
export function AuthProvider({ snapshot, children }: { snapshot: AuthSnapshot; children: ReactNode }) {
  const router = useRouter()
  setTabSessionId(snapshot.sessionId)

  const refresh = useCallback(() => router.invalidate(), [router])

  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return
    const channel = new BroadcastChannel(CHANNEL_NAME)
    channel.onmessage = () => void refresh()
    return () => channel.close()
  }, [refresh])

  const signOut = useCallback(
    async (options: { sessionId?: string; redirectUrl?: string } = {}) => {
      await $signOut({ data: { sessionId: options.sessionId ?? null } })
      if (typeof BroadcastChannel !== 'undefined') {
        const channel = new BroadcastChannel(CHANNEL_NAME)
        channel.postMessage({ type: 'signed-out' })
        channel.close()
      }
      if (options.redirectUrl) await router.navigate({ href: options.redirectUrl })
      else await refresh()
    },
    [refresh, router],
  )

  const value = useMemo(() => ({ snapshot, refresh, signOut }), [snapshot, refresh, signOut])
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
}

export function useAuthContext(): AuthContextValue {
  const value = useContext(AuthContext)
  if (!value) throw new Error('Tessera hooks must be used inside <AuthProvider> (rendered by the root route).')
  return value
}
