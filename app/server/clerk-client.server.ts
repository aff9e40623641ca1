/**
 * The server entry's `clerkClient()`: the part of the reference's Backend SDK client
 * (`createClerkClient` from `@clerk/backend`) that its TanStack Start documentation uses, answered
 * by the Backend API's services (ADR 027) in-process instead of over HTTP — the same reads, the
 * same JSON, the same not-found rules — and returned as the SDK's resources
 * (app/session/backend-resources.ts). It holds the instance's authority, as a secret key does:
 * server-only, for server functions and server routes, never the browser
 * (docs/decisions/035-the-server-clerk-client.md).
 * Contract: https://clerk.com/docs/reference/backend/overview
 */

import {
  type BackendOrganizationJSON,
  type BackendUserJSON,
  Organization,
  type PaginatedResourceResponse,
  User,
} from '../session/backend-resources.ts'
import { TesseraError } from '../session/errors.ts'
import { isPublicId } from '../session/identifiers.ts'
import { isValidSlug } from '../session/organizations.ts'
import { BACKEND_API_DEFAULT_LIMIT, BACKEND_API_MAX_LIMIT, EMAIL_MAX_LENGTH } from '../session/policy.ts'
import { isJsonObject, type JsonObject } from '../session/user-profile.ts'
import {
  countUsers,
  getOrganization,
  getUser,
  listUsers,
  type MetadataPatch,
  updateUserMetadata,
} from './backend-api.server.ts'
import { config } from './config.server.ts'
import { getDb } from './db.server.ts'
import type { ServiceContext } from './service-context.server.ts'

/** The SDK's `getUserList` parameters we answer (its other filters are refused, not ignored). */
export interface UserListParams {
  userId?: string[]
  emailAddress?: string[]
  query?: string
  /** 1–500, default 10. */
  limit?: number
  offset?: number
  /** `created_at` or `updated_at`, `-` first for newest first (the default `-created_at`). */
  orderBy?: string
}

/** The SDK's `updateUserMetadata` parameters: each object deep-merged into the stored one (null removes a key). */
export interface UserMetadataParams {
  publicMetadata?: JsonObject
  privateMetadata?: JsonObject
  unsafeMetadata?: JsonObject
}

/** The SDK's `getOrganization` parameters: an id or a slug. */
export type GetOrganizationParams = ({ organizationId: string } | { slug: string }) & {
  includeMembersCount?: boolean
}

export interface ClerkClient {
  users: {
    /** The user; 404 `user_not_found` for an id no user has (or that is not a user id at all). */
    getUser: (userId: string) => Promise<User>
    getUserList: (params?: UserListParams) => Promise<PaginatedResourceResponse<User[]>>
    /**
     * Deep-merges into the user's public, private and unsafe metadata (each within its size bound,
     * else 422 `metadata_too_large`, and nothing changes); answers the user as it now is.
     */
    updateUserMetadata: (userId: string, params: UserMetadataParams) => Promise<User>
  }
  organizations: {
    /** The organization; 404 `organization_not_found` for an id or slug none has. */
    getOrganization: (params: GetOrganizationParams) => Promise<Organization>
  }
}

/** What the Backend SDK deserializes; our services produce exactly this JSON. */
const toUser = (json: BackendUserJSON) => User.fromJSON(json)
const toOrganization = (json: BackendOrganizationJSON) => Organization.fromJSON(json)

function invalid(path: string, message: string): TesseraError {
  return new TesseraError('invalid_input', { meta: { issues: [{ path, message }] } })
}

const USER_LIST_KEYS = new Set(['userId', 'emailAddress', 'query', 'limit', 'offset', 'orderBy'])

function integerIn(value: unknown, min: number, max: number, path: string, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(path, `Enter a whole number from ${min} to ${max}.`)
  }
  return value
}

function stringList(value: unknown, path: string, valid: (item: string) => boolean): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || value.length > 100 || !value.every((item) => typeof item === 'string' && valid(item))) {
    throw invalid(path, 'This is not a valid value.')
  }
  return value
}

/** The list parameters as the Backend API's query schema would take them: anything else is 400 `invalid_input`. */
export function parseUserListParams(params: unknown = {}) {
  if (typeof params !== 'object' || params === null) throw invalid('', 'Pass an object.')
  const input = params as Record<string, unknown>
  for (const key of Object.keys(input))
    if (!USER_LIST_KEYS.has(key)) throw invalid(key, 'This filter is not supported.')
  const query = input.query
  if (query !== undefined && (typeof query !== 'string' || query.length > EMAIL_MAX_LENGTH)) {
    throw invalid('query', 'This is not a valid value.')
  }
  const orderBy = input.orderBy
  if (orderBy !== undefined && (typeof orderBy !== 'string' || !/^[-+]?[a-z_]{1,32}$/.test(orderBy))) {
    throw invalid('orderBy', 'This is not a valid value.')
  }
  return {
    filter: {
      userIds: stringList(input.userId, 'userId', (id) => isPublicId('user', id)),
      emailAddresses: stringList(input.emailAddress, 'emailAddress', (email) => email.length <= EMAIL_MAX_LENGTH),
      query,
    },
    page: {
      limit: integerIn(input.limit, 1, BACKEND_API_MAX_LIMIT, 'limit', BACKEND_API_DEFAULT_LIMIT),
      offset: integerIn(input.offset, 0, 1_000_000_000, 'offset', 0),
      orderBy,
    },
  }
}

const METADATA_KEYS = new Set(['publicMetadata', 'privateMetadata', 'unsafeMetadata'])

/** `updateUserMetadata`'s parameters: only the three objects, each plain JSON; anything else is 400 `invalid_input`. */
export function parseMetadataParams(params: unknown): MetadataPatch {
  if (!isJsonObject(params)) throw invalid('', 'Pass an object of publicMetadata, privateMetadata, unsafeMetadata.')
  for (const [key, value] of Object.entries(params)) {
    if (!METADATA_KEYS.has(key)) throw invalid(key, 'This is not a metadata object of the user.')
    if (!isJsonObject(value)) throw invalid(key, 'Pass a JSON object.')
  }
  return params as MetadataPatch
}

/** The organization's id or slug; a value that is neither names no organization (404, as the route's path). */
export function organizationKey(params: GetOrganizationParams): string {
  const input = (params ?? {}) as { organizationId?: unknown; slug?: unknown }
  const key = input.organizationId ?? input.slug
  if (typeof key !== 'string' || !(isPublicId('organization', key) || isValidSlug(key))) {
    throw new TesseraError('organization_not_found')
  }
  return key
}

type Context = Pick<ServiceContext, 'db' | 'config' | 'now'>

/** The client over a database and an instance (integration tests pass their own). */
export function backendClient(context: () => Promise<Context>): ClerkClient {
  return {
    users: {
      getUser: async (userId) => {
        // A value of the wrong shape names no user: the same 404 as GET /v1/users/:id.
        if (typeof userId !== 'string' || !isPublicId('user', userId)) throw new TesseraError('user_not_found')
        const { db } = await context()
        return toUser(await getUser(db, userId))
      },
      getUserList: async (params) => {
        const { filter, page } = parseUserListParams(params)
        const { db } = await context()
        const [rows, total] = await Promise.all([listUsers(db, filter, page), countUsers(db, filter)])
        return { data: rows.map(toUser), totalCount: Number(total.total_count) }
      },
      updateUserMetadata: async (userId, params) => {
        if (typeof userId !== 'string' || !isPublicId('user', userId)) throw new TesseraError('user_not_found')
        const patch = parseMetadataParams(params)
        return toUser(await updateUserMetadata(await context(), userId, patch))
      },
    },
    organizations: {
      getOrganization: async (params) => {
        const key = organizationKey(params)
        return toOrganization(await getOrganization(await context(), key, params.includeMembersCount === true))
      },
    },
  }
}

/** The reference's `clerkClient()` of `@clerk/tanstack-react-start/server`, in-process. */
export function clerkClient(): ClerkClient {
  return backendClient(async () => ({ db: await getDb(), config, now: new Date() }))
}
