/**
 * Authentication services: who a request is, and signing up, in and out. Framework-free: each takes
 * the database, the current time and the request's metadata, so integration tests call them
 * directly with an injected clock.
 */

import { eq } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { users } from '../../db/schema.ts'
import type { Federation } from '../session/enterprise-sso.ts'
import { TesseraError } from '../session/errors.ts'
import type { FirstFactorStrategy } from '../session/factors.ts'
import { isPublicId } from '../session/identifiers.ts'
import { effectiveStatus, timeoutReason } from '../session/lifetime.ts'
import { pickFallbackSession, planSignIn } from '../session/multi-session.ts'
import { isSignedInStatus } from '../session/status.ts'
import { BEARER_SECRET_PATTERN } from '../session/transport.ts'
import type { ServiceContext } from './service-context.server.ts'
import {
  createClient,
  createSession,
  listClientSessions,
  lockClient,
  lookupClientSession,
  rotateClientToken,
  type SessionRow,
  setLastActiveSession,
  setLastAuthenticationStrategy,
  settleTimeout,
  transitionSessions,
} from './session-store.server.ts'
import { initialSessionState } from './tasks.server.ts'

// ---------------------------------------------------------------------------------------------
// Who is this request?

export interface AuthState {
  /** The browser's client, when its cookie carries a token we issued. */
  clientId: string | null
  /** The signed-in session the request acts as, or null. */
  session: SessionRow | null
}

export const SIGNED_OUT: AuthState = { clientId: null, session: null }

/**
 * Resolves a client token and the tab's chosen session into the session a request acts as.
 *
 * A malformed or unknown token is signed out. A session whose time has passed never authenticates,
 * even before the sweeper has run; its timeout is recorded on the way. A tab that names a session
 * gets that session or nothing: it never silently acts as another account. Without a named session
 * (a full page load) the client's last active session is used, falling back to the most recently
 * active signed-in one.
 */
export async function authenticate(
  db: Database,
  input: {
    token: string | null
    requestedSessionId: string | null
    /** On a page load (no session requested): the session the reloading tab acted as, used if still signed in. */
    preferredSessionId?: string | null
    now: Date
  },
): Promise<AuthState> {
  const { token, requestedSessionId, now } = input
  if (!token || !BEARER_SECRET_PATTERN.test(token)) return SIGNED_OUT
  if (requestedSessionId !== null && !isPublicId('session', requestedSessionId)) return SIGNED_OUT
  const preferred = input.preferredSessionId
  if (requestedSessionId === null && preferred && isPublicId('session', preferred)) {
    const row = await lookupClientSession(db, token, preferred)
    if (row?.session && isSignedInStatus(effectiveStatus(row.session, now)))
      return { clientId: row.clientId, session: row.session }
  }
  const row = await lookupClientSession(db, token, requestedSessionId)
  if (!row) return SIGNED_OUT
  const { session } = row
  if (session && isSignedInStatus(effectiveStatus(session, now))) return { clientId: row.clientId, session }
  if (session && timeoutReason(session, now)) await settleTimeout(db, session, now)
  if (requestedSessionId !== null) return { clientId: row.clientId, session: null }
  const fallback = pickFallbackSession(
    (await listClientSessions(db, row.clientId)).map((candidate) => ({
      ...candidate,
      status: effectiveStatus(candidate, now),
    })),
  )
  if (fallback) await setLastActiveSession(db, row.clientId, fallback.id, now)
  return { clientId: row.clientId, session: fallback }
}

// ---------------------------------------------------------------------------------------------
// Starting a session (the last step of every sign-in and sign-up)

export interface SignedIn {
  session: SessionRow
  clientId: string
  /** The client token for the cookie: new for a new client, rotated for an existing one. */
  token: string
}

/** When each factor group was verified, and how: what a new session starts with. */
export interface VerifiedFactors {
  firstFactorVerifiedAt: Date
  secondFactorVerifiedAt: Date | null
  /** For the ledger: the strategies passed, in order (`password, totp`). */
  strategies: string
  /** The first factor passed: the client's `lastAuthenticationStrategy`. */
  firstFactor: FirstFactorStrategy
  /** Signed in through an enterprise IdP: the connection and what its ID token said (ASVS 7.1.3). */
  federation?: Federation | null
}

/**
 * Adds a session for `userId` to the browser's client (creating the client if the browser has
 * none), applying the multi-session rules, and rotates the client token so any token planted
 * before sign-in stops working. The session starts pending when it owes tasks, acting for the
 * organization the user last used. Call inside the transaction that spends the sign-in's artefacts,
 * so a refusal here (`max_sessions_reached`) leaves them unspent.
 */
export async function startSession(
  ctx: ServiceContext,
  tx: Database,
  userId: string,
  clientToken: string | null,
  factors: VerifiedFactors,
): Promise<SignedIn> {
  const { now, meta, config } = ctx
  // Checked only once the factors have passed, so a ban tells nothing to someone who cannot sign in.
  // The share lock makes a ban wait for this sign-in to commit (then revokes its session) or this
  // sign-in wait for the ban (then sees it): never a live session after a ban. Taken before the
  // client's lock, in the order a ban takes them (user, then sessions and clients).
  const [user] = await tx.select({ bannedAt: users.bannedAt }).from(users).where(eq(users.id, userId)).for('share')
  if (user?.bannedAt) throw new TesseraError('user_banned')
  const known =
    clientToken && BEARER_SECRET_PATTERN.test(clientToken) ? await lookupClientSession(tx, clientToken, null) : null
  const existing = known ? await lockClient(tx, known.clientId) : null
  const { clientId, freshToken } = existing
    ? { clientId: existing.id, freshToken: null }
    : await createClient(tx, now).then(({ client, token }) => ({ clientId: client.id, freshToken: token }))

  const current = (await listClientSessions(tx, clientId)).map((session) => ({
    ...session,
    status: effectiveStatus(session, now),
  }))
  // A browser someone is impersonating in holds that session alone (docs/reference.md#impersonation-and-agents).
  if (current.some((session) => session.actor && isSignedInStatus(session.status))) {
    throw new TesseraError('impersonation_forbidden')
  }
  const plan = planSignIn(current, userId, {
    mode: config.sessions.mode,
    maxSessionsPerClient: config.sessions.maxSessionsPerClient,
  })
  if (!plan.allowed) throw new TesseraError('max_sessions_reached', { meta: { limit: plan.limit } })
  await transitionSessions(tx, { ids: plan.replace, reason: 'replaced_by_sign_in', now, meta, actorUserId: userId })

  const session = await createSession(
    tx,
    {
      clientId,
      userId,
      ...(await initialSessionState(ctx, tx, userId)),
      limits: config.sessions.limits,
      firstFactorVerifiedAt: factors.firstFactorVerifiedAt,
      secondFactorVerifiedAt: factors.secondFactorVerifiedAt,
      strategies: factors.strategies,
      federation: factors.federation ?? null,
    },
    now,
    meta,
  )
  await setLastActiveSession(tx, clientId, session.id, now)
  await setLastAuthenticationStrategy(tx, clientId, factors.firstFactor)
  const token = freshToken ?? (await rotateClientToken(tx, clientId, now))
  return { session, clientId, token }
}
