import { createServerFn } from '@tanstack/react-start'
import * as z from 'zod'
import { requireAdmin } from '../middleware/admin.ts'
import { parseInput } from '../middleware/validation.ts'
import {
  assignOrganizationPlan,
  dashboard,
  listLedger,
  listOrganizations,
  listSigningKeys,
  rotateKeys,
} from '../server/admin-instance.server.ts'
import { listSessions, revokeAllSessions, revokeSession, revokeUserSessions } from '../server/admin-sessions.server.ts'
import {
  assignUserPlan,
  banUser,
  markPasswordCompromised,
  removeFactor,
  searchUsers,
  unbanUser,
  userDetail,
} from '../server/admin-users.server.ts'
import { serviceContext } from '../server/request-auth.server.ts'
import type { SessionRow } from '../server/session-store.server.ts'
import { ADMIN_ROLE_PERMISSIONS, type AdminPermission, type AdminRole } from '../session/admin.ts'
import { SESSION_EVENT_TYPES } from '../session/events.ts'
import { ADMIN_REASON_MAX_LENGTH, ADMIN_SEARCH_MAX_LENGTH } from '../session/policy.ts'
import { SESSION_STATUSES } from '../session/status.ts'
import {
  clientIdSchema,
  cursorSchema,
  ledgerIdSchema,
  organizationIdSchema,
  pageSchema,
  passkeyIdSchema,
  phoneNumberIdSchema,
  sessionIdSchema,
  textSchema,
  userIdSchema,
} from './schemas.ts'

/**
 * The admin console. Every function names the admin permission it needs (`requireAdmin`), which
 * is re-read from the database on each call; admin actions are written to the ledger by their
 * services, naming the admin, their session and where they came from.
 */

export interface AdminContextJSON {
  userId: string
  role: AdminRole
  permissions: readonly AdminPermission[]
}

/** The services' acting admin: who, and from which session (the ledger's session for what they do). */
const acting = (context: { admin: { id: string }; session: SessionRow }) => ({
  id: context.admin.id,
  sessionId: context.session.id,
})

const querySchema = textSchema(ADMIN_SEARCH_MAX_LENGTH).default('')
const reasonSchema = textSchema(ADMIN_REASON_MAX_LENGTH, { required: 'Say why.', multiline: true })
/** A plan key; null: the default plan. The service checks it exists for the scope. */
const planSchema = z.string().max(64).nullable()
const forUser = z.strictObject({ userId: userIdSchema })
const withReason = forUser.extend({ reason: reasonSchema })
const factorSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('totp') }),
  z.strictObject({ kind: z.literal('passkey'), passkeyId: passkeyIdSchema }),
  z.strictObject({ kind: z.literal('sms_second_factor'), phoneNumberId: phoneNumberIdSchema }),
  z.strictObject({ kind: z.literal('backup_codes') }),
])
const ok = { ok: true as const }

/** Who is using the console and what they may do (the console hides what they may not). */
export const $getAdminContext = createServerFn({ method: 'GET' })
  .middleware([requireAdmin('admin:read')])
  .handler(
    async ({ context }): Promise<AdminContextJSON> => ({
      userId: context.admin.id,
      role: context.admin.role,
      permissions: ADMIN_ROLE_PERMISSIONS[context.admin.role],
    }),
  )

export const $getAdminDashboard = createServerFn({ method: 'GET' })
  .middleware([requireAdmin('admin:read')])
  .handler(async ({ context }) => dashboard(await serviceContext(), acting(context)))

// Users ---------------------------------------------------------------------------------------

export const $searchUsers = createServerFn({ method: 'GET' })
  .middleware([requireAdmin('admin:read')])
  .validator(parseInput(z.strictObject({ query: querySchema, cursor: cursorSchema(userIdSchema).nullish() })))
  .handler(async ({ data, context }) => searchUsers(await serviceContext(), acting(context), data))

export const $getAdminUser = createServerFn({ method: 'GET' })
  .middleware([requireAdmin('admin:read')])
  .validator(parseInput(forUser))
  .handler(async ({ data, context }) => userDetail(await serviceContext(), acting(context), data))

export const $banUser = createServerFn({ method: 'POST' })
  .middleware([requireAdmin('admin:manage_users')])
  .validator(parseInput(withReason))
  .handler(async ({ data, context }) => banUser(await serviceContext(), acting(context), data))

export const $unbanUser = createServerFn({ method: 'POST' })
  .middleware([requireAdmin('admin:manage_users')])
  .validator(parseInput(withReason))
  .handler(async ({ data, context }) => {
    await unbanUser(await serviceContext(), acting(context), data)
    return ok
  })

export const $markPasswordCompromised = createServerFn({ method: 'POST' })
  .middleware([requireAdmin('admin:manage_users')])
  .validator(parseInput(withReason))
  .handler(async ({ data, context }) => markPasswordCompromised(await serviceContext(), acting(context), data))

export const $removeUserFactor = createServerFn({ method: 'POST' })
  .middleware([requireAdmin('admin:manage_users')])
  .validator(parseInput(withReason.extend({ factor: factorSchema })))
  .handler(async ({ data, context }) => {
    await removeFactor(await serviceContext(), acting(context), data)
    return ok
  })

export const $assignUserPlan = createServerFn({ method: 'POST' })
  .middleware([requireAdmin('admin:manage_users')])
  .validator(parseInput(forUser.extend({ plan: planSchema })))
  .handler(async ({ data, context }) => {
    await assignUserPlan(await serviceContext(), acting(context), data)
    return ok
  })

// Sessions ------------------------------------------------------------------------------------

export const $listAdminSessions = createServerFn({ method: 'GET' })
  .middleware([requireAdmin('admin:read')])
  .validator(
    parseInput(
      z.strictObject({
        userId: userIdSchema.nullish(),
        status: z.enum(SESSION_STATUSES).nullish(),
        clientId: clientIdSchema.nullish(),
        cursor: cursorSchema(sessionIdSchema).nullish(),
      }),
    ),
  )
  .handler(async ({ data, context }) => listSessions(await serviceContext(), acting(context), data))

export const $revokeSessionAsAdmin = createServerFn({ method: 'POST' })
  .middleware([requireAdmin('admin:manage_sessions')])
  .validator(parseInput(z.strictObject({ sessionId: sessionIdSchema })))
  .handler(async ({ data, context }) => {
    await revokeSession(await serviceContext(), acting(context), data)
    return ok
  })

export const $revokeUserSessions = createServerFn({ method: 'POST' })
  .middleware([requireAdmin('admin:manage_sessions')])
  .validator(parseInput(forUser))
  .handler(async ({ data, context }) => revokeUserSessions(await serviceContext(), acting(context), data))

export const $revokeAllSessions = createServerFn({ method: 'POST' })
  .middleware([requireAdmin('admin:manage_sessions')])
  .handler(async ({ context }) => revokeAllSessions(await serviceContext(), acting(context)))

// Organizations, keys, ledger -----------------------------------------------------------------

export const $listAdminOrganizations = createServerFn({ method: 'GET' })
  .middleware([requireAdmin('admin:read')])
  .validator(parseInput(z.strictObject({ query: querySchema, page: pageSchema })))
  .handler(async ({ data, context }) => listOrganizations(await serviceContext(), acting(context), data))

export const $assignOrganizationPlan = createServerFn({ method: 'POST' })
  .middleware([requireAdmin('admin:manage_users')])
  .validator(parseInput(z.strictObject({ organizationId: organizationIdSchema, plan: planSchema })))
  .handler(async ({ data, context }) => {
    await assignOrganizationPlan(await serviceContext(), acting(context), data)
    return ok
  })

export const $listSigningKeys = createServerFn({ method: 'GET' })
  .middleware([requireAdmin('admin:read')])
  .handler(async ({ context }) => listSigningKeys(await serviceContext(), acting(context)))

export const $rotateSigningKey = createServerFn({ method: 'POST' })
  .middleware([requireAdmin('admin:manage_instance')])
  // `immediate`: the emergency switch, without publishing in advance (security.md §4.1 step 5).
  .validator(parseInput(z.strictObject({ immediate: z.boolean().optional() }).optional()))
  .handler(async ({ data, context }) => rotateKeys(await serviceContext(), acting(context), data ?? {}))

export const $listLedger = createServerFn({ method: 'GET' })
  .middleware([requireAdmin('admin:read')])
  .validator(
    parseInput(
      z.strictObject({
        userId: userIdSchema.nullish(),
        type: z.enum(SESSION_EVENT_TYPES).nullish(),
        cursor: cursorSchema(ledgerIdSchema).nullish(),
      }),
    ),
  )
  .handler(async ({ data, context }) => listLedger(await serviceContext(), acting(context), data))
