import { useMemo } from 'react'
import { useAuthContext } from './provider.tsx'
import { toUserResource, type UserResource } from './resources.ts'
import { authStatus, currentSession } from './state.ts'

export interface UseUserReturn {
  isLoaded: true
  isSignedIn: boolean
  user: UserResource | null
}

/** The signed-in user. Pending sessions count as signed out, as in every other hook. */
export function useUser(): UseUserReturn {
  const { snapshot } = useAuthContext()
  const session = currentSession(snapshot)
  const active = authStatus(snapshot) === 'active'
  const user = useMemo(() => (active && session?.user ? toUserResource(session.user) : null), [active, session])
  return { isLoaded: true, isSignedIn: user !== null, user }
}

export function useSignOut() {
  return useAuthContext().signOut
}
