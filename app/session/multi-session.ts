/**
 * A client (one browser) holds several sessions, at most one of them active at a time. These rules
 * decide what a new sign-in does to the sessions already there, and which session takes over when
 * the active one goes away.
 */

import { isSignedInStatus, type SessionStatus } from './status.ts'

export interface ClientSession {
  id: string
  userId: string
  status: SessionStatus
  lastActiveAt: Date
}

export type SessionMode = 'multi' | 'single'

export type SignInPlan =
  | { allowed: true; replace: string[] }
  | { allowed: false; reason: 'max_sessions_reached'; limit: number }

/**
 * What signing `userId` in does to the client's signed-in sessions.
 *
 * - Single-session mode: the new session replaces every signed-in session.
 * - Multi-session mode: it replaces this identity's older sessions (signing in again is deliberate,
 *   not an error) and is refused when the remaining sessions already fill the client.
 */
export function planSignIn(
  sessions: readonly ClientSession[],
  userId: string,
  options: { mode: SessionMode; maxSessionsPerClient: number },
): SignInPlan {
  const signedIn = sessions.filter((session) => isSignedInStatus(session.status))
  if (options.mode === 'single') return { allowed: true, replace: signedIn.map((session) => session.id) }
  const replace = signedIn.filter((session) => session.userId === userId).map((session) => session.id)
  const remaining = signedIn.length - replace.length
  if (remaining >= options.maxSessionsPerClient) {
    return { allowed: false, reason: 'max_sessions_reached', limit: options.maxSessionsPerClient }
  }
  return { allowed: true, replace }
}

/** The most recently active signed-in session other than `excludeId`, or null when none is left. */
export function pickFallbackSession<T extends ClientSession>(
  sessions: readonly T[],
  excludeId?: string | null,
): T | null {
  let best: T | null = null
  for (const session of sessions) {
    if (session.id === excludeId || !isSignedInStatus(session.status)) continue
    if (best === null || session.lastActiveAt > best.lastActiveAt) best = session
  }
  return best
}

/**
 * The session a request acts as when the tab names none (a full page load): the client's last
 * active session if it is still signed in, else the most recently active signed-in one.
 */
export function chooseSession<T extends ClientSession>(
  sessions: readonly T[],
  lastActiveSessionId: string | null,
): T | null {
  const lastActive = sessions.find((session) => session.id === lastActiveSessionId)
  if (lastActive && isSignedInStatus(lastActive.status)) return lastActive
  return pickFallbackSession(sessions)
}
