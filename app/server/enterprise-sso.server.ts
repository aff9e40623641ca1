/**
 * The enterprise SSO callback: the IdP sends the browser back with a code, and this decides what it
 * proves. In order:
 *
 * 1. the trip is claimed (this browser's, unused, unexpired, this connection's: sso-transactions);
 * 2. the connection is still enabled; the response is not an IdP error and names our issuer;
 * 3. the code is exchanged and the ID token validated in full (oidc.server.ts), and its `auth_time`
 *    is recent enough for what the trip was for;
 * 4. the identity is mapped by (connection, iss, sub) — never by email alone — and linked or
 *    created only under VULN-14 (`decideIdentity`);
 * 5. a sign-in's first factor passes (the sign-in machinery applies second factors, bans, the
 *    session limits and tasks), or a session's step-up verification does.
 *
 * Nothing here creates a session except step 5 of a sign-in, and every refusal is a specific code.
 */

import { and, eq, isNull } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { emailAddresses, enterpriseIdentities, sessions, signInAttempts } from '../../db/schema.ts'
import {
  authTimeProblem,
  claimedEmail,
  decideIdentity,
  type Federation,
  federatedFactorTimes,
  parseAcr,
  parseAmr,
  parseAuthTime,
} from '../session/enterprise-sso.ts'
import { TesseraError } from '../session/errors.ts'
import { NAME_MAX_LENGTH } from '../session/policy.ts'
import type { SignedIn } from './auth.server.ts'
import { newId } from './crypto.server.ts'
import { onceMoreIfRaced } from './db-errors.server.ts'
import { type Connection, loadConnection } from './enterprise-connections.server.ts'
import { appendLedger } from './ledger.server.ts'
import { configurationFor, exchangeCode, type IdTokenClaims } from './oidc.server.ts'
import { passEnterpriseSsoVerification, verifyingSession } from './reverification.server.ts'
import { notifySecurityEvent, primaryEmailOf } from './security-events.server.ts'
import type { ServiceContext } from './service-context.server.ts'
import { lookupClientSession, type SessionRow } from './session-store.server.ts'
import { ledgeringFailure, passEnterpriseSso } from './sign-in.server.ts'
import { type ClaimedTrip, callbackUrl, claimTrip } from './sso-transactions.server.ts'
import { createUser, findUserIdByIdentifier } from './users.server.ts'

export interface CallbackInput {
  /** The connection whose callback URL was hit. */
  connectionId: string
  /** The callback's query parameters (code, state, iss, or error). */
  params: URLSearchParams
  /** The browser's SSO cookie. */
  browserToken: string | null
  /** The browser's client cookie. */
  clientToken: string | null
}

export type SsoOutcome =
  /** A sign-in finished: the browser adopts the session. */
  | { kind: 'signed_in'; signedIn: SignedIn; redirectPath: string }
  /** A sign-in passed its first factor; the sign-in page asks for the second. */
  | { kind: 'needs_second_factor'; redirectPath: string }
  /** A step-up passed the IdP; `complete` unless a second factor is still owed. */
  | { kind: 'reverified'; session: SessionRow; complete: boolean; redirectPath: string }

/** Steps 1–5 in one call (the callback route splits them to know where to send a failure). */
export async function completeSsoCallback(ctx: ServiceContext, input: CallbackInput): Promise<SsoOutcome> {
  return finishTrip(ctx, await claimCallback(ctx, input), input)
}

/** Step 1: the trip the callback names, spent. */
export function claimCallback(ctx: ServiceContext, input: CallbackInput): Promise<ClaimedTrip> {
  return claimTrip(ctx, {
    connectionId: input.connectionId,
    state: input.params.get('state'),
    browserToken: input.browserToken,
  })
}

/** Steps 2–5 for a claimed trip. */
export async function finishTrip(ctx: ServiceContext, claimed: ClaimedTrip, input: CallbackInput): Promise<SsoOutcome> {
  const connection = await loadConnection(ctx.db, claimed.transaction.connectionId)
  return claimed.transaction.purpose === 'sign_in'
    ? finishSignIn(ctx, connection, claimed, input)
    : finishReverification(ctx, connection, claimed, input)
}

// ---------------------------------------------------------------------------------------------
// Steps 2 and 3: what the IdP sent

interface Validated {
  claims: IdTokenClaims
  federation: Federation
}

async function validateResponse(
  ctx: ServiceContext,
  connection: Connection,
  claimed: ClaimedTrip,
  params: URLSearchParams,
): Promise<Validated> {
  if (!connection.enabled) throw new TesseraError('sso_connection_disabled')
  const error = params.get('error')
  if (error) throw new TesseraError('sso_idp_refused', { meta: { error: error.slice(0, 64) } })
  // RFC 9207: an IdP that names itself in the response must be the one we sent the person to.
  const iss = params.get('iss')
  if (iss !== null && iss !== connection.issuer) throw new TesseraError('sso_issuer_mismatch')
  const config = await configurationFor(connection, ctx.now)
  if (iss === null && config.serverMetadata().authorization_response_iss_parameter_supported) {
    throw new TesseraError('sso_issuer_mismatch')
  }
  const url = new URL(callbackUrl(ctx, connection.id))
  for (const [key, value] of params) url.searchParams.append(key, value)
  const claims = await exchangeCode(config, { callbackUrl: url, trip: claimed.trip })
  const problem = authTimeProblem({
    authTime: parseAuthTime(claims.auth_time),
    purpose: claimed.transaction.purpose,
    startedAt: claimed.transaction.createdAt,
    now: ctx.now,
  })
  if (problem) throw new TesseraError('sso_auth_time_invalid', { meta: { reason: problem } })
  return {
    claims,
    federation: {
      connectionId: connection.id,
      authTime: typeof claims.auth_time === 'number' ? claims.auth_time : null,
      amr: parseAmr(claims.amr),
      acr: parseAcr(claims.acr),
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Step 4: whose account

interface Resolved {
  userId: string
  /** Writes the link (or its last-used time) in the transaction that moves the sign-in on. */
  link: (tx: Database) => Promise<void>
  /** An existing account was linked to the IdP identity just now: its owner is told. */
  linkedExisting: boolean
}

const claimedName = (value: unknown) =>
  typeof value === 'string' && value.trim() ? value.trim().slice(0, NAME_MAX_LENGTH) : null

async function resolveIdentity(ctx: ServiceContext, connection: Connection, claims: IdTokenClaims): Promise<Resolved> {
  const key = { connectionId: connection.id, issuer: claims.iss, subject: claims.sub }
  const email = claimedEmail(claims.email)
  const touch = async (tx: Database) => {
    await tx
      .update(enterpriseIdentities)
      .set({ email, lastSignedInAt: ctx.now })
      .where(
        and(
          eq(enterpriseIdentities.connectionId, key.connectionId),
          eq(enterpriseIdentities.issuer, key.issuer),
          eq(enterpriseIdentities.subject, key.subject),
        ),
      )
  }
  const insertLink = (tx: Database, userId: string) =>
    tx
      .insert(enterpriseIdentities)
      .values({ id: newId('enterpriseIdentity'), userId, ...key, email, createdAt: ctx.now, lastSignedInAt: ctx.now })

  const [linked] = await ctx.db
    .select({ userId: enterpriseIdentities.userId })
    .from(enterpriseIdentities)
    .where(
      and(
        eq(enterpriseIdentities.connectionId, key.connectionId),
        eq(enterpriseIdentities.issuer, key.issuer),
        eq(enterpriseIdentities.subject, key.subject),
      ),
    )
  const verifiedOwnerId = email ? await findUserIdByIdentifier(ctx.db, { kind: 'email_address', value: email }) : null
  const unverifiedHolder =
    email !== null && verifiedOwnerId === null
      ? (await ctx.db.$count(emailAddresses, and(eq(emailAddresses.email, email), isNull(emailAddresses.verifiedAt)))) >
        0
      : false
  const decision = decideIdentity({
    linkedUserId: linked?.userId ?? null,
    email,
    emailVerifiedClaim: claims.email_verified,
    domains: connection.domains,
    verifiedOwnerId,
    unverifiedHolder,
  })
  switch (decision.action) {
    case 'refuse':
      throw new TesseraError(decision.code)
    case 'sign_in':
      return { userId: decision.userId, link: touch, linkedExisting: false }
    case 'link': {
      const userId = decision.userId
      return {
        userId,
        linkedExisting: true,
        link: async (tx) => {
          await insertLink(tx, userId)
          await appendLedger(
            tx,
            [
              {
                type: 'enterprise_sso_linked',
                sessionId: null,
                userId,
                actor: 'user',
                actorUserId: userId,
                detail: connection.name,
                meta: ctx.meta,
              },
            ],
            ctx.now,
          )
        },
      }
    }
    case 'create': {
      // The account and its link are made first, on their own: the sign-in then proceeds as for a
      // linked identity (a new account has no second factor and no tasks beyond the instance's).
      const user = await ctx.db.transaction(async (tx) => {
        const created = await createUser(
          tx,
          {
            email: decision.email,
            passwordHash: null,
            firstName: claimedName(claims.given_name),
            lastName: claimedName(claims.family_name),
            emailVerified: decision.emailVerified,
          },
          ctx.now,
        )
        await insertLink(tx, created.id)
        return created
      })
      return { userId: user.id, link: touch, linkedExisting: false }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Step 5

async function finishSignIn(
  ctx: ServiceContext,
  connection: Connection,
  claimed: ClaimedTrip,
  input: CallbackInput,
): Promise<SsoOutcome> {
  const { transaction } = claimed
  const signInId = transaction.signInId
  if (!signInId) throw new TesseraError('sign_in_not_found')
  const [attempt] = await ctx.db
    .select({ userId: signInAttempts.userId })
    .from(signInAttempts)
    .where(eq(signInAttempts.id, signInId))
  const { claims, federation, resolved } = await ledgeringFailure(
    ctx,
    attempt?.userId ?? null,
    'enterprise_sso',
    async () => {
      const validated = await validateResponse(ctx, connection, claimed, input.params)
      return { ...validated, resolved: await onceMoreIfRaced(() => resolveIdentity(ctx, connection, validated.claims)) }
    },
  )
  const times = federatedFactorTimes({ authTime: parseAuthTime(claims.auth_time), amr: federation.amr, now: ctx.now })
  const step = await passEnterpriseSso(
    ctx,
    signInId,
    {
      userId: resolved.userId,
      federation,
      firstFactorVerifiedAt: times.firstFactorVerifiedAt,
      idpSecondFactorAt: times.secondFactorVerifiedAt,
      link: resolved.link,
    },
    input.clientToken,
  )
  if (resolved.linkedExisting) {
    notifySecurityEvent(ctx, [await primaryEmailOf(ctx.db, resolved.userId)], 'enterprise_sso_linked', connection.name)
  }
  return step.signedIn
    ? { kind: 'signed_in', signedIn: step.signedIn, redirectPath: transaction.redirectPath }
    : { kind: 'needs_second_factor', redirectPath: transaction.redirectPath }
}

async function finishReverification(
  ctx: ServiceContext,
  connection: Connection,
  claimed: ClaimedTrip,
  input: CallbackInput,
): Promise<SsoOutcome> {
  const { transaction } = claimed
  if (!transaction.sessionId || !transaction.verificationId) throw new TesseraError('verification_missing')
  // The step-up is for a session of the browser that started it.
  const client = input.clientToken ? await lookupClientSession(ctx.db, input.clientToken, null) : null
  const [owner] = await ctx.db
    .select({ clientId: sessions.clientId })
    .from(sessions)
    .where(eq(sessions.id, transaction.sessionId))
  if (!client || !owner || client.clientId !== owner.clientId) throw new TesseraError('session_not_found')
  const session = await verifyingSession(ctx.db, owner.clientId, transaction.sessionId, ctx.now)
  const { claims, federation } = await validateResponse(ctx, connection, claimed, input.params)
  const [identity] = await ctx.db
    .select({ id: enterpriseIdentities.id, userId: enterpriseIdentities.userId })
    .from(enterpriseIdentities)
    .where(
      and(
        eq(enterpriseIdentities.connectionId, connection.id),
        eq(enterpriseIdentities.issuer, claims.iss),
        eq(enterpriseIdentities.subject, claims.sub),
      ),
    )
  // Someone else signing in at the IdP proves nothing about this session's user.
  if (identity?.userId !== session.userId) throw new TesseraError('sso_identity_mismatch')
  const step = await passEnterpriseSsoVerification(ctx, session, {
    verificationId: transaction.verificationId,
    federation,
  })
  await ctx.db
    .update(enterpriseIdentities)
    .set({ lastSignedInAt: ctx.now })
    .where(eq(enterpriseIdentities.id, identity.id))
  return {
    kind: 'reverified',
    session: step.session,
    complete: step.verification.status === 'complete',
    redirectPath: transaction.redirectPath,
  }
}
