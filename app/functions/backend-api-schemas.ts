/**
 * The shapes of the Backend API's (`/v1`, ADR 027) path parameters, queries and bodies, as the
 * reference's SDK sends them: snake_case names, numbers and booleans as query strings, list
 * filters as repeated names. Names a schema does not know are ignored, as the reference does.
 */

import * as z from 'zod'
import { isValidSlug } from '../session/organizations.ts'
import { BACKEND_API_DEFAULT_LIMIT, BACKEND_API_MAX_LIMIT, EMAIL_MAX_LENGTH } from '../session/policy.ts'
import { SESSION_STATUSES } from '../session/status.ts'
import { TEMPLATE_NAME_PATTERN } from '../session/tokens.ts'
import { clientIdSchema, organizationIdSchema, sessionIdSchema, userIdSchema } from './schemas.ts'

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'Not a whole number.')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))

/** `limit` (1–500, default 10) and `offset` (default 0). */
export const pageQuery = {
  limit: integer(1, BACKEND_API_MAX_LIMIT).default(BACKEND_API_DEFAULT_LIMIT),
  offset: integer(0, 1_000_000_000).default(0),
}

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true')

/** A filter the SDK may send once or repeated: always a list. */
const listOf = <T extends z.ZodType<string>>(item: T) =>
  z
    .union([item, z.array(item).max(100)])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))

const orderBy = z
  .string()
  .regex(/^[-+]?[a-z_]{1,32}$/)
  .optional()

const searchQuery = z.string().max(EMAIL_MAX_LENGTH).optional()

export const sessionParams = z.object({ sessionId: sessionIdSchema })
export const templateParams = z.object({
  sessionId: sessionIdSchema,
  template: z.string().regex(TEMPLATE_NAME_PATTERN),
})
export const userParams = z.object({ userId: userIdSchema })
/** An organization by id, or by slug (`getOrganization({ slug })`). */
export const organizationParams = z.object({
  organizationId: z.union([organizationIdSchema, z.string().refine(isValidSlug)]),
})

export const sessionListQuery = z.object({
  user_id: userIdSchema.optional(),
  client_id: clientIdSchema.optional(),
  status: z.enum(SESSION_STATUSES).optional(),
  /** The SDK's `getSessionList` asks for `{ data, total_count }`; without it the answer is the array. */
  paginated: booleanQuery.optional(),
  ...pageQuery,
})

const userFilter = {
  user_id: listOf(userIdSchema),
  email_address: listOf(z.string().max(EMAIL_MAX_LENGTH)),
  query: searchQuery,
}
export const userCountQuery = z.object(userFilter)
export const userListQuery = z.object({ ...userFilter, order_by: orderBy, ...pageQuery })

export const organizationListQuery = z.object({
  query: searchQuery,
  include_members_count: booleanQuery.optional(),
  order_by: orderBy,
  ...pageQuery,
})
export const organizationQuery = z.object({ include_members_count: booleanQuery.optional() })
export const membershipListQuery = z.object({
  user_id: listOf(userIdSchema),
  role: z.string().max(64).optional(),
  order_by: orderBy,
  ...pageQuery,
})

/**
 * The token endpoints take no options: `expires_in_seconds` (the SDK's third argument) is refused,
 * since a session token's lifetime is the instance's and a template's is its own.
 */
export const tokenBody = z.strictObject({}).nullish()
