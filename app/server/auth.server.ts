/**
 * Authentication services: who a request is, and signing up, in and out. Framework-free: each takes
 * the database, the current time and the request's metadata, so integration tests call them
 * directly with an injected clock.
 */

import type { Database } from '../../db/client.ts'
import type { InstanceConfig } from '../config/instance.ts'
import { TesseraError } from '../session/errors.ts'
import { isPublicId, normalizeEmail } from '../session/identifiers.ts'
import { effectiveStatus, timeoutReason } from '../session/lifetime.ts'
import { pickFallbackSession, planSignIn } from '../session/multi-session.ts'
import { passwordProblem } from '../session/password.ts'
import { PASSWORD_MIN_LENGTH, PASSWORD_SINGLE_FACTOR_MIN_LENGTH } from '../session/policy.ts'
import { isSignedInStatus } from '../session/status.ts'
import { CLIENT_TOKEN_PATTERN } from './crypto.server.ts'
import { isUniqueViolation } from './db-errors.server.ts'
import { isCommonPassword } from './password-blocklist.server.ts'
import { hashPassword, verifyPassword } from './passwords.server.ts'
import type { RequestMeta } from './request.server.ts'
import {
  createClient,
  createSession,
  listClientSessions,
  lockClient,
  lookupClientSession,
  rotateClientToken,
  type SessionRow,
  setLastActiveSession,
  settleTimeout,
  transitionSessions,
} from './session-store.server.ts'
import { createUser, emailExists, findPasswordAccount } from './users.server.ts'

export interface ServiceContext {
  db: Database
  now: Date
  meta: RequestMeta
  config: InstanceConfig
}

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
  input: { token: string | null; requestedSessionId: string | null; now: Date },
): Promise<AuthState> {
  const { token, requestedSessionId, now } = input
  if (!token || !CLIENT_TOKEN_PATTERN.test(token)) return SIGNED_OUT
  if (requestedSessionId !== null && !isPublicId('session', requestedSessionId)) return SIGNED_OUT
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
// Sign-up and sign-in

export interface SignedIn {
  session: SessionRow
  clientId: string
  /** The client token for the cookie: new for a new client, rotated for an existing one. */
  token: string
}

/**
 * Adds a session for `userId` to the browser's client (creating the client if the browser has
 * none), applying the multi-session rules, and rotates the client token so any token planted
 * before sign-in stops working.
 */
async function startSession(
  ctx: ServiceContext,
  tx: Database,
  userId: string,
  clientToken: string | null,
  factors: { firstFactorVerifiedAt: Date | null; secondFactorVerifiedAt: Date | null },
): Promise<SignedIn> {
  const { now, meta, config } = ctx
  const known =
    clientToken && CLIENT_TOKEN_PATTERN.test(clientToken) ? await lookupClientSession(tx, clientToken, null) : null
  const existing = known ? await lockClient(tx, known.clientId) : null
  const { clientId, freshToken } = existing
    ? { clientId: existing.id, freshToken: null }
    : await createClient(tx, now).then(({ client, token }) => ({ clientId: client.id, freshToken: token }))

  const current = (await listClientSessions(tx, clientId)).map((session) => ({
    ...session,
    status: effectiveStatus(session, now),
  }))
  const plan = planSignIn(current, userId, {
    mode: config.sessions.mode,
    maxSessionsPerClient: config.sessions.maxSessionsPerClient,
  })
  if (!plan.allowed) throw new TesseraError('max_sessions_reached', { meta: { limit: plan.limit } })
  await transitionSessions(tx, { ids: plan.replace, reason: 'replaced_by_sign_in', now, meta, actorUserId: userId })

  const session = await createSession(
    tx,
    { clientId, userId, status: 'active', limits: config.sessions.limits, ...factors },
    now,
    meta,
  )
  await setLastActiveSession(tx, clientId, session.id, now)
  const token = freshToken ?? (await rotateClientToken(tx, clientId, now))
  return { session, clientId, token }
}

export interface PasswordSignUp {
  email: string
  password: string
  firstName: string | null
  lastName: string | null
}

export async function signUpWithPassword(
  ctx: ServiceContext,
  input: PasswordSignUp,
  clientToken: string | null,
): Promise<SignedIn> {
  const email = normalizeEmail(input.email)
  if (email === null)
    throw new TesseraError('invalid_input', { meta: { issues: [{ path: 'email', message: 'Invalid email address' }] } })
  const problem = passwordProblem(input.password, {
    // A new account has no second factor yet, so the single-factor minimum applies when required.
    minLength: ctx.config.passwords.requireSingleFactorLength ? PASSWORD_SINGLE_FACTOR_MIN_LENGTH : PASSWORD_MIN_LENGTH,
    contextWords: [ctx.config.appName, email.split('@')[0] ?? '', input.firstName ?? '', input.lastName ?? ''],
    isCommon: isCommonPassword,
  })
  if (problem) throw new TesseraError(problem.code, { meta: problem.meta })
  if (await emailExists(ctx.db, email)) throw new TesseraError('identifier_exists')
  const passwordHash = await hashPassword(input.password)
  try {
    return await ctx.db.transaction(async (tx) => {
      const user = await createUser(
        tx,
        { email, passwordHash, firstName: input.firstName, lastName: input.lastName, emailVerified: false },
        ctx.now,
      )
      return startSession(ctx, tx, user.id, clientToken, {
        firstFactorVerifiedAt: ctx.now,
        secondFactorVerifiedAt: null,
      })
    })
  } catch (error) {
    // Two sign-ups for one address raced past the check above; the unique index decided.
    if (isUniqueViolation(error)) throw new TesseraError('identifier_exists')
    throw error
  }
}

/**
 * Password sign-in. An unknown email and a wrong password give the same error after the same work
 * (one Argon2id verification), so the answer does not reveal whether an account exists.
 */
export async function signInWithPassword(
  ctx: ServiceContext,
  input: { email: string; password: string },
  clientToken: string | null,
): Promise<SignedIn> {
  const email = normalizeEmail(input.email)
  const account = email ? await findPasswordAccount(ctx.db, email) : null
  const valid = await verifyPassword(account?.hash ?? null, input.password)
  if (!account || !valid) throw new TesseraError('invalid_credentials')
  return ctx.db.transaction((tx) =>
    startSession(ctx, tx, account.userId, clientToken, {
      firstFactorVerifiedAt: ctx.now,
      secondFactorVerifiedAt: null,
    }),
  )
}
