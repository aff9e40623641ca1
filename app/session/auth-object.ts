/**
 * The server's `auth()` answer, shaped as the reference's session auth object
 * (https://clerk.com/docs/reference/backend/types/auth-object): always an object, signed in or
 * signed out, never null. Its fields are read from the verified session token as the reference's
 * SDK reads them (`@clerk/backend`'s `signedInAuthObject`, `@clerk/shared`'s jwtPayloadParser), so
 * for the same token they are equal (app/server/reference-sdk.int.test.ts holds us to it):
 *
 * - `orgId`, `orgRole`, `orgSlug`, `orgPermissions` and `actor` are `undefined` when the token
 *   names no organization or actor (signed out: `null`); `orgPermissions` lists the token's custom
 *   permissions only. `has()` also knows the role's system permissions (`org:sys_*`), which no
 *   token carries — the one documented difference from the reference's `has()`.
 * - `sessionStatus` is the token's `sts`: `'pending'`, or `null` for an active session (our tokens
 *   carry `sts` only while pending, as the reference's documentation shows it).
 * - A pending session is signed out unless `treatPendingAsSignedOut: false`; its signed-out object
 *   keeps `sessionStatus: 'pending'`, as the reference's does.
 */

import type { ActorJSON } from './actors.ts'
import type { CheckAuthorizationParams } from './authorization.ts'
import { TesseraError } from './errors.ts'
import { type SessionClaims, TEMPLATE_NAME_PATTERN } from './tokens.ts'

export const SESSION_TOKEN_TYPE = 'session_token'
export type SessionTokenType = typeof SESSION_TOKEN_TYPE

/** The reference's `ServerGetTokenOptions`. */
export interface ServerGetTokenOptions {
  /** A JWT template's name (`tokens.templates` in app.config.ts); omitted: the session token itself. */
  template?: string
  /** Not supported: our token lifetimes are the instance's (refused with `invalid_input`). */
  expiresInSeconds?: number
}

export type ServerGetToken = (options?: ServerGetTokenOptions) => Promise<string | null>

export interface AuthOptions {
  /** Count a pending session (one with outstanding tasks) as signed out. Default true. */
  treatPendingAsSignedOut?: boolean
  /** Only session tokens are authenticated here (no API keys, M2M or OAuth tokens). */
  acceptsToken?: SessionTokenType | readonly SessionTokenType[] | 'any'
}

export interface SignedInAuthObject {
  isAuthenticated: true
  tokenType: SessionTokenType
  userId: string
  sessionId: string
  sessionStatus: 'pending' | null
  sessionClaims: SessionClaims
  actor: ActorJSON | undefined
  orgId: string | undefined
  orgRole: string | undefined
  orgSlug: string | undefined
  orgPermissions: string[] | undefined
  factorVerificationAge: [number, number] | null
  has: (params: CheckAuthorizationParams) => boolean
  getToken: ServerGetToken
  debug: () => Record<string, unknown>
}

export interface SignedOutAuthObject {
  isAuthenticated: false
  tokenType: SessionTokenType
  userId: null
  sessionId: null
  sessionStatus: 'pending' | null
  sessionClaims: null
  actor: null
  orgId: null
  orgRole: null
  orgSlug: null
  orgPermissions: null
  factorVerificationAge: null
  has: (params: CheckAuthorizationParams) => false
  getToken: () => Promise<null>
  debug: () => Record<string, unknown>
}

export type AuthObject = SignedInAuthObject | SignedOutAuthObject

/** What a signed-in auth object needs besides the claims: the checks and the minting are the server's. */
export interface SignedInDependencies {
  /** The verified session token itself: what `getToken()` without a template returns. */
  token: string
  /** The organization, the role's permissions (system ones included), features and plans: `has()`. */
  has: (params: CheckAuthorizationParams) => boolean
  /** The token's custom organization permissions, in the token's order. */
  orgPermissions: readonly string[] | null
  /** Mints a template's token for the session (the session must still be signed in). */
  mintTemplate: (template: string) => Promise<string>
}

const invalid = (path: string, message: string) =>
  new TesseraError('invalid_input', { meta: { issues: [{ path, message }] } })

/** `getToken`'s options, checked as every server function checks its input (400 `invalid_input`). */
export function parseServerGetTokenOptions(options: unknown): { template: string | null } {
  if (options === undefined || options === null) return { template: null }
  if (typeof options !== 'object' || Array.isArray(options)) throw invalid('', 'Expected an options object.')
  const { template, expiresInSeconds, ...rest } = options as Record<string, unknown>
  const unknownKey = Object.keys(rest)[0]
  if (unknownKey !== undefined) throw invalid(unknownKey, 'Unrecognized option.')
  if (expiresInSeconds !== undefined) {
    throw invalid('expiresInSeconds', "Token lifetimes are the instance's (tokens in app.config.ts).")
  }
  if (template === undefined || template === null || template === '') return { template: null }
  if (typeof template !== 'string' || !TEMPLATE_NAME_PATTERN.test(template)) {
    throw invalid('template', 'Expected a template name.')
  }
  return { template }
}

const ACCEPTED_TOKEN_TYPES = new Set<unknown>([undefined, 'any', SESSION_TOKEN_TYPE])

/** The options of `auth()`, checked (400 `invalid_input`): only session tokens are accepted. */
export function parseAuthOptions(options: unknown): { treatPendingAsSignedOut: boolean } {
  if (options === undefined || options === null) return { treatPendingAsSignedOut: true }
  if (typeof options !== 'object' || Array.isArray(options)) throw invalid('', 'Expected an options object.')
  const { treatPendingAsSignedOut, acceptsToken, ...rest } = options as Record<string, unknown>
  const unknownKey = Object.keys(rest)[0]
  if (unknownKey !== undefined) throw invalid(unknownKey, 'Unrecognized option.')
  if (treatPendingAsSignedOut !== undefined && typeof treatPendingAsSignedOut !== 'boolean') {
    throw invalid('treatPendingAsSignedOut', 'Expected a boolean.')
  }
  // Token *types* (names), not tokens: a plain set lookup, no secret compared.
  const accepted = Array.isArray(acceptsToken)
    ? acceptsToken.includes(SESSION_TOKEN_TYPE)
    : ACCEPTED_TOKEN_TYPES.has(acceptsToken)
  if (!accepted) throw invalid('acceptsToken', 'Only session tokens are supported (session_token).')
  return { treatPendingAsSignedOut: treatPendingAsSignedOut !== false }
}

export function signedOutAuthObject(sessionStatus: 'pending' | null = null): SignedOutAuthObject {
  return {
    isAuthenticated: false,
    tokenType: SESSION_TOKEN_TYPE,
    userId: null,
    sessionId: null,
    sessionStatus,
    sessionClaims: null,
    actor: null,
    orgId: null,
    orgRole: null,
    orgSlug: null,
    orgPermissions: null,
    factorVerificationAge: null,
    has: () => false,
    getToken: async () => null,
    debug: () => ({}),
  }
}

export function signedInAuthObject(claims: SessionClaims, dependencies: SignedInDependencies): SignedInAuthObject {
  const organization = claims.o
  const rol = organization?.rol
  return {
    isAuthenticated: true,
    tokenType: SESSION_TOKEN_TYPE,
    userId: claims.sub,
    sessionId: claims.sid,
    sessionStatus: claims.sts ?? null,
    sessionClaims: claims,
    actor: claims.act,
    orgId: organization?.id,
    orgRole: rol ? `org:${rol}` : undefined,
    orgSlug: organization?.slg,
    orgPermissions: organization ? [...(dependencies.orgPermissions ?? [])] : undefined,
    factorVerificationAge: claims.fva ?? null,
    has: dependencies.has,
    getToken: async (options) => {
      const { template } = parseServerGetTokenOptions(options)
      return template === null ? dependencies.token : dependencies.mintTemplate(template)
    },
    debug: () => ({}),
  }
}

/** The auth object for a verified token, or for none; pending counts as signed out unless told otherwise. */
export function authObjectFor(
  resolved: { claims: SessionClaims; dependencies: SignedInDependencies } | null,
  options: { treatPendingAsSignedOut: boolean },
): AuthObject {
  if (!resolved) return signedOutAuthObject()
  if (resolved.claims.sts === 'pending' && options.treatPendingAsSignedOut) return signedOutAuthObject('pending')
  return signedInAuthObject(resolved.claims, resolved.dependencies)
}
