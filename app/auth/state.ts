/**
 * The one status model used by every hook, helper and route guard:
 * `signed-out | pending | active` (plus `loading` before the first snapshot, which server
 * rendering makes rare). Pending sessions count as signed out unless a caller opts in.
 */

import { isSignedInStatus } from '../session/status.ts'
import type { AuthSnapshot, SessionJSON } from '../session/wire.ts'

export type AuthStatus = 'loading' | 'signed-out' | 'pending' | 'active'

/** The signed-in session this tab acts as, or null. */
export function currentSession(snapshot: AuthSnapshot | undefined): SessionJSON | null {
  const session = snapshot?.client?.sessions.find((candidate) => candidate.id === snapshot.sessionId)
  return session && isSignedInStatus(session.status) ? session : null
}

export function authStatus(snapshot: AuthSnapshot | undefined): AuthStatus {
  if (snapshot === undefined) return 'loading'
  const session = currentSession(snapshot)
  if (!session) return 'signed-out'
  return session.status === 'pending' ? 'pending' : 'active'
}

/** Every signed-in session of this browser (the account switcher's list). */
export function signedInSessions(snapshot: AuthSnapshot | undefined): SessionJSON[] {
  return snapshot?.client?.sessions.filter((session) => isSignedInStatus(session.status)) ?? []
}
