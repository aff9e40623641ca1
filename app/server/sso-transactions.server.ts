/**
 * Trips to an enterprise IdP (OIDC transactions). Starting one stores its `state` (hashed), nonce
 * and PKCE verifier, bound to the connection and to the browser (the hash of an HttpOnly cookie
 * token), and returns the IdP's URL. The callback claims it with one conditional UPDATE — this
 * browser's, unconsumed, unexpired — so of any number of callbacks carrying the same `state`
 * exactly one proceeds (REL-04), and then checks it came back to its own connection (VULN-12).
 *
 * The claim commits before the code is exchanged: the exchange is a call to another server that a
 * database transaction should not wait on, and the code is single use at the IdP anyway. A failed
 * exchange therefore spends the trip; the person starts again.
 */

import { and, eq, gt, isNull } from 'drizzle-orm'
import { ssoTransactions } from '../../db/schema.ts'
import { ssoCallbackPath } from '../session/enterprise-sso.ts'
import { TesseraError } from '../session/errors.ts'
import { SSO_TRANSACTION_TTL_SECONDS } from '../session/policy.ts'
import { newClientToken, newId, sha256Hex } from './crypto.server.ts'
import type { Connection } from './enterprise-connections.server.ts'
import { authorizationUrl, claimRoundTrip, configurationFor, newRoundTrip, type RoundTrip } from './oidc.server.ts'
import { enforceRateLimit } from './rate-limits.server.ts'
import type { ServiceContext } from './service-context.server.ts'

export type SsoTransactionRow = typeof ssoTransactions.$inferSelect

/** The redirect URI registered at the IdP for this connection. */
export function callbackUrl(ctx: Pick<ServiceContext, 'origin'>, connectionId: string): string {
  return new URL(ssoCallbackPath(connectionId), ctx.origin).href
}

export interface StartedTrip {
  /** Where to send the browser. */
  url: string
  /** For the browser's SSO cookie: the callback is accepted only with it. */
  browserToken: string
}

export type TripTarget =
  | { purpose: 'sign_in'; signInId: string }
  | { purpose: 'reverification'; sessionId: string; verificationId: string }

/**
 * Starts a trip to the connection's IdP for `target`. A sign-in asks for an authentication no older
 * than SSO_SIGN_IN_MAX_AGE_SECONDS; a step-up asks for a new one (`prompt=login`, `max_age=0`).
 */
export async function startTrip(
  ctx: ServiceContext,
  connection: Connection,
  target: TripTarget,
  options: { redirectPath: string; maxAgeSeconds: number; prompt?: 'login'; loginHint?: string | null },
): Promise<StartedTrip> {
  if (!connection.enabled) throw new TesseraError('sso_connection_disabled')
  await enforceRateLimit(ctx.db, ctx.config, 'sign_in_ip', ctx.meta.ipAddress, ctx.now)
  const config = await configurationFor(connection, ctx.now)
  const trip = newRoundTrip()
  const browserToken = newClientToken()
  await ctx.db.insert(ssoTransactions).values({
    id: newId('ssoTransaction'),
    connectionId: connection.id,
    purpose: target.purpose,
    stateHash: sha256Hex(trip.state),
    browserHash: sha256Hex(browserToken),
    nonce: trip.nonce,
    codeVerifier: trip.codeVerifier,
    signInId: target.purpose === 'sign_in' ? target.signInId : null,
    sessionId: target.purpose === 'reverification' ? target.sessionId : null,
    verificationId: target.purpose === 'reverification' ? target.verificationId : null,
    redirectPath: options.redirectPath,
    createdAt: ctx.now,
    expiresAt: new Date(ctx.now.getTime() + SSO_TRANSACTION_TTL_SECONDS * 1000),
  })
  const url = await authorizationUrl(config, {
    redirectUri: callbackUrl(ctx, connection.id),
    trip,
    maxAgeSeconds: options.maxAgeSeconds,
    prompt: options.prompt,
    loginHint: options.loginHint,
  })
  return { url, browserToken }
}

export interface ClaimedTrip {
  transaction: SsoTransactionRow
  trip: RoundTrip
}

/**
 * Claims the trip a callback names (`claimRoundTrip`), and refuses it when it was started for
 * another connection: a response on another connection's callback is a mix-up attempt, and the trip
 * is spent all the same.
 */
export async function claimTrip(
  ctx: Pick<ServiceContext, 'db' | 'now'>,
  input: { connectionId: string; state: string | null; browserToken: string | null },
): Promise<ClaimedTrip> {
  const { row: transaction, trip } = await claimRoundTrip(input, {
    claim: async ({ stateHash, browserHash }) => {
      const [claimed] = await ctx.db
        .update(ssoTransactions)
        .set({ consumedAt: ctx.now })
        .where(
          and(
            eq(ssoTransactions.stateHash, stateHash),
            eq(ssoTransactions.browserHash, browserHash),
            isNull(ssoTransactions.consumedAt),
            gt(ssoTransactions.expiresAt, ctx.now),
          ),
        )
        .returning()
      return claimed
    },
    find: async (stateHash) =>
      (await ctx.db.select().from(ssoTransactions).where(eq(ssoTransactions.stateHash, stateHash)))[0],
  })
  if (transaction.connectionId !== input.connectionId) throw new TesseraError('sso_connection_mismatch')
  return { transaction, trip }
}
