/**
 * Who the current request is, in two strengths, each resolved once per request:
 *
 * - `auth()` trusts a verified session JWT (the tab's `Authorization: Bearer` token, else the
 *   session cookie) without touching the database. It may honour a revoked session until the
 *   token's `exp` + 5 s (at most TOKEN_REVOCATION_DELAY_SECONDS). Without a usable token it falls
 *   back to the client token (one indexed lookup) and mints a fresh JWT in the same response.
 * - `authenticateRequest()` reads the client and session rows: what every sensitive operation and
 *   every token refresh uses.
 */

import { getRequest, getRequestHeader } from '@tanstack/react-start/server'
import { eq } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { clients } from '../../db/schema.ts'
import type { ActorJSON } from '../session/actors.ts'
import { type AuthObject, type AuthOptions, authObjectFor, parseAuthOptions } from '../session/auth-object.ts'
import { type CheckAuthorizationParams, checkAuthorization } from '../session/authorization.ts'
import { decodeAuthorizationClaims, factsFromClaims } from '../session/claims.ts'
import { isTesseraError } from '../session/errors.ts'
import { isPublicId } from '../session/identifiers.ts'
import { isSystemPermission } from '../session/organizations.ts'
import { TOKEN_REFRESH_BEFORE_EXPIRY_SECONDS } from '../session/policy.ts'
import { ownEntry } from '../session/registry.ts'
import { authorizedPartyFor, type SessionClaims } from '../session/tokens.ts'
import { SESSION_ID_HEADER } from '../session/transport.ts'
import { type AuthState, authenticate, type SignedIn } from './auth.server.ts'
import { sessionClientId } from './backend-api.server.ts'
import { config } from './config.server.ts'
import {
  type AttemptKind,
  clearAttemptToken,
  clearTabSessionHint,
  readAttemptToken,
  readClientToken,
  readSessionToken,
  readTabSessionHint,
  writeClientToken,
  writeSessionToken,
} from './cookies.server.ts'
import { getDb } from './db.server.ts'
import { backgroundDelivery, configuredTransports, type Deliver } from './delivery.server.ts'
import { bearerCredential } from './http.server.ts'
import { log } from './log.server.ts'
import { appOrigin, requestMeta } from './request.server.ts'
import type { ServiceContext } from './service-context.server.ts'
import { rotateClientToken, type SessionRow } from './session-store.server.ts'
import { issueToken } from './sessions.server.ts'
import { type MintContext, mintSessionToken, type VerifyOptions, verifySessionToken } from './tokens.server.ts'

/** `resolve`, run at most once per request; later calls in the same request share its answer. */
function oncePerRequest<T>(resolve: () => Promise<T>): () => Promise<T> {
  const answers = new WeakMap<Request, Promise<T>>()
  return () => {
    const request = getRequest()
    let answer = answers.get(request)
    if (!answer) {
      answer = resolve()
      answers.set(request, answer)
    }
    return answer
  }
}

/**
 * On a page load (no tab header), the session the reloading tab acted as, from the cookie it left
 * as it unloaded; null otherwise. Like the header it only chooses among this client's signed-in
 * sessions, but one that ended gives way to the usual fallback instead of signing the page out.
 */
function pageLoadSessionHint(): string | null {
  if (getRequestHeader(SESSION_ID_HEADER)) return null
  const hint = readTabSessionHint()
  return hint && isPublicId('session', hint) ? hint : null
}

/** Clears the reloading tab's cookie once its page load has read it, so no other load follows it. */
export function consumeTabSessionHint(): void {
  if (!getRequestHeader(SESSION_ID_HEADER) && readTabSessionHint() !== null) clearTabSessionHint()
}

/** The request's client and session, read from the database (the strong check). */
export const authenticateRequest = oncePerRequest(
  async (): Promise<AuthState> =>
    authenticate(await getDb(), {
      token: readClientToken(),
      requestedSessionId: getRequestHeader(SESSION_ID_HEADER) ?? null,
      preferredSessionId: pageLoadSessionHint(),
      now: new Date(),
    }),
)

const deliveries = new WeakMap<Database, Deliver>()

/** Each database's delivery: the transports the environment configures (SMTP, SMS webhook, outbox). */
function deliveryFor(db: Database): Deliver {
  let deliver = deliveries.get(db)
  if (!deliver) {
    deliver = backgroundDelivery(configuredTransports(db, config.appName))
    deliveries.set(db, deliver)
  }
  return deliver
}

/** What the services need from the current request: the database, the time and where it came from. */
export async function serviceContext(): Promise<ServiceContext> {
  const db = await getDb()
  return { db, now: new Date(), meta: requestMeta(), config, origin: appOrigin(), deliver: deliveryFor(db) }
}

export async function verifyOptions(now = new Date()): Promise<VerifyOptions> {
  const origin = appOrigin()
  return { db: await getDb(), config, now, issuer: origin, authorizedParties: [origin] }
}

export async function mintContext(now = new Date()): Promise<MintContext> {
  return {
    db: await getDb(),
    config,
    now,
    issuer: appOrigin(),
    authorizedParty: authorizedPartyFor(getRequestHeader('origin'), appOrigin()),
  }
}

/** Mints a token for `session` and stores it in the session cookie (the credential page loads use). */
export async function refreshSessionCookie(session: SessionRow): Promise<void> {
  const minted = await mintSessionToken(await mintContext(), session)
  writeSessionToken(minted.jwt, minted.expiresInSeconds)
}

/**
 * After a change to what its token says (status, organization): re-mints the session cookie when
 * `session` is the one page loads render (the client's last active); other sessions' tabs mint
 * their own tokens.
 */
export async function refreshSessionCookieIfShown(session: SessionRow): Promise<void> {
  const [client] = await (await getDb())
    .select({ lastActiveSessionId: clients.lastActiveSessionId })
    .from(clients)
    .where(eq(clients.id, session.clientId))
  if (client?.lastActiveSessionId === session.id) await refreshSessionCookie(session)
}

/** A sign-in or sign-up finished: the browser's cookies now name the new session, and no attempt. */
export async function adoptSignedIn(
  signedIn: SignedIn,
  attempt: AttemptKind,
  options: { keepAttempt?: boolean } = {},
): Promise<void> {
  // An email link's other tab still polls the completed attempt for its session (ADR 036).
  if (readAttemptToken(attempt) && !options.keepAttempt) clearAttemptToken(attempt)
  writeClientToken(signedIn.token)
  await refreshSessionCookie(signedIn.session)
  log.info('auth.signed_in', { sessionId: signedIn.session.id, via: attempt, ip: requestMeta().ipAddress })
}

/**
 * After a change to what protects the account, this browser's client token is replaced (ASVS
 * 7.4.3: the acting session survives with a new secret), so a copy of the old cookie is useless.
 */
export async function rotateBrowserClientToken(clientId: string): Promise<void> {
  writeClientToken(await rotateClientToken(await getDb(), clientId, new Date()))
}

/**
 * Page loads keep the session cookie current: re-minted when it is missing, invalid, about to
 * expire, or describes another session, status or organization than the one this load renders.
 */
export async function ensureSessionCookie(session: SessionRow): Promise<void> {
  const token = readSessionToken()
  if (token) {
    try {
      const claims = await verifySessionToken(token, await verifyOptions())
      const secondsLeft = claims.exp - Date.now() / 1000
      const current =
        claims.sid === session.id &&
        (claims.sts === 'pending') === (session.status === 'pending') &&
        (claims.o?.id ?? null) === session.lastActiveOrganizationId
      if (current && secondsLeft > TOKEN_REFRESH_BEFORE_EXPIRY_SECONDS) return
    } catch (error) {
      if (!isTesseraError(error)) throw error
    }
  }
  await refreshSessionCookie(session)
}

export interface SessionIdentity {
  userId: string
  sessionId: string
  status: 'active' | 'pending'
  /** Where the identity came from: a bearer token, the session cookie, or the client token. */
  source: 'bearer' | 'cookie' | 'client'
  /** Minutes since each factor group was verified (the token's `fva`, or the row's when read). */
  factorVerificationAge: [number, number]
  /** The organization the session acts for, with the member's role in it; null: the personal account. */
  orgId: string | null
  orgSlug: string | null
  orgRole: string | null
  /** Every permission of the role there, system permissions included (the reference leaves those out). */
  orgPermissions: readonly string[]
  /** The impersonator or agent acting in the session (the token's `act`), or null. */
  actor: ActorJSON | null
  /** The session token's verified claims. */
  sessionClaims: SessionClaims
  /** The verified session token itself. */
  token: string
  /**
   * The reference's `auth().has()`: the same check as the browser's `session.checkAuthorization()`.
   * From a token, roles and ages may be up to a token lifetime old: sensitive and organization
   * operations re-read the database instead.
   */
  has: (params: CheckAuthorizationParams) => boolean
}

/** The system permissions a role grants: they are not in the token, but the role definitions are ours. */
const systemPermissionsOf = (role: string) =>
  (ownEntry(config.access.roles, role)?.permissions ?? []).filter((permission) => isSystemPermission(permission))

function identityOf(claims: SessionClaims, token: string, source: SessionIdentity['source']): SessionIdentity {
  const facts = factsFromClaims({ ...claims }, systemPermissionsOf)
  const { organization } = facts
  return {
    userId: claims.sub,
    sessionId: claims.sid,
    status: claims.sts === 'pending' ? 'pending' : 'active',
    source,
    factorVerificationAge: claims.fva,
    orgId: organization?.id ?? null,
    orgSlug: organization ? (claims.o?.slg ?? null) : null,
    orgRole: organization?.role ?? null,
    orgPermissions: organization?.permissions ?? [],
    actor: claims.act ?? null,
    sessionClaims: claims,
    token,
    has: (params) => checkAuthorization(params, facts),
  }
}

const resolveIdentity = oncePerRequest(async (): Promise<SessionIdentity | null> => {
  const header = getRequestHeader(SESSION_ID_HEADER) ?? null
  // A page load acts as the reloading tab's session when it left one (else the JWT cookie's).
  const requested = header ?? pageLoadSessionHint()
  const options = await verifyOptions()
  for (const [token, source] of [
    [bearerCredential(getRequest().headers), 'bearer'],
    [readSessionToken(), 'cookie'],
  ] as const) {
    if (!token) continue
    try {
      const claims = await verifySessionToken(token, options)
      // A tab acts as the session it names; a token for another of this browser's sessions does not count.
      if (requested === null || claims.sid === requested) return identityOf(claims, token, source)
    } catch (error) {
      if (!isTesseraError(error)) throw error
    }
  }
  const { session } = await authenticateRequest()
  if (!session) return null
  // A fresh token from the row; page loads (no tab header) keep it as their session cookie, while
  // tabs send their own bearer tokens.
  const minted = await mintSessionToken(await mintContext(), session)
  if (header === null) writeSessionToken(minted.jwt, minted.expiresInSeconds)
  return identityOf(minted.claims, minted.jwt, 'client')
})

/**
 * The signed-in session of this request, from its JWT when it has a valid one (no database), with
 * where it came from: what the session middleware and `$whoAmI` use. Pending sessions count as
 * signed out unless `treatPendingAsSignedOut` is false.
 */
export async function sessionIdentity(
  options: { treatPendingAsSignedOut?: boolean } = {},
): Promise<SessionIdentity | null> {
  const resolved = await resolveIdentity()
  if (resolved?.status === 'pending' && options.treatPendingAsSignedOut !== false) return null
  return resolved
}

/** A template's token for a signed-in session, as the Backend API mints it (the row is read: revoked is refused). */
async function mintTemplateFor(sessionId: string, template: string): Promise<string> {
  const db = await getDb()
  const now = new Date()
  const issued = await issueToken(
    { db, now, meta: requestMeta(), config, mint: await mintContext(now) },
    { clientId: await sessionClientId(db, sessionId), sessionId, template },
  )
  return issued.jwt
}

/**
 * The reference's `auth()` (`@clerk/tanstack-react-start/server`): the request's auth object,
 * always (signed out when nobody is signed in), read from its session JWT without the database
 * when it has a valid one. See app/session/auth-object.ts for the shape. Bad options: 400
 * `invalid_input`.
 */
export async function auth(options?: AuthOptions): Promise<AuthObject> {
  const parsed = parseAuthOptions(options)
  const identity = await resolveIdentity()
  if (!identity) return authObjectFor(null, parsed)
  const { sessionClaims: claims } = identity
  return authObjectFor(
    {
      claims,
      dependencies: {
        token: identity.token,
        has: identity.has,
        orgPermissions: decodeAuthorizationClaims({ ...claims }).organization?.permissions ?? null,
        mintTemplate: (template) => mintTemplateFor(claims.sid, template),
      },
    },
    parsed,
  )
}
