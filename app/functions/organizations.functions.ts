import { createServerFn } from '@tanstack/react-start'
import * as z from 'zod'
import { sensitiveAction } from '../middleware/sensitive-action.ts'
import { requireFreshActiveSession, requireFreshSessionFor } from '../middleware/session.ts'
import { parseInput } from '../middleware/validation.ts'
import {
  acceptInvitation,
  createOrganization,
  deleteOrganization,
  invitationPreview,
  inviteMember,
  leaveOrganization,
  listInvitations,
  listMembers,
  removeMember,
  revokeInvitation,
  updateMemberRole,
  updateOrganization,
  userInvitations,
} from '../server/organizations.server.ts'
import { serviceContext } from '../server/request-auth.server.ts'
import type { ActingSession } from '../server/security-events.server.ts'
import type { SessionRow } from '../server/session-store.server.ts'
import { INVITATION_STATES } from '../session/organizations.ts'
import {
  ORGANIZATION_LIST_DEFAULT_PAGE_SIZE,
  ORGANIZATION_LIST_MAX_PAGE_SIZE,
  ORGANIZATION_MEMBER_QUERY_MAX_LENGTH,
  ORGANIZATION_NAME_MAX_LENGTH,
  ORGANIZATION_SLUG_MAX_LENGTH,
} from '../session/policy.ts'
import { BEARER_SECRET_PATTERN } from '../session/transport.ts'
import {
  emailSchema,
  invitationIdSchema,
  listPageFields,
  membershipIdSchema,
  organizationIdSchema,
  textSchema,
  userIdSchema,
} from './schemas.ts'

/**
 * Organizations, their members and invitations. Every function reads the caller's session and
 * membership from the database and checks the permission its operation needs (the services do);
 * ids of members and invitations count only inside the organization named. Creating an
 * organization and accepting an invitation also serve a pending session choosing one.
 */

const acting = (context: { session: SessionRow; clientId: string }): ActingSession => ({
  id: context.session.id,
  userId: context.session.userId,
  clientId: context.clientId,
  actor: context.session.actor,
})

const nameSchema = textSchema(ORGANIZATION_NAME_MAX_LENGTH, { required: 'Enter a name.' })
/** Checked by the service (which says what a slug may contain). */
const slugSchema = textSchema(ORGANIZATION_SLUG_MAX_LENGTH).toLowerCase()
const roleSchema = z.string().max(64)
const inOrganization = z.strictObject({ organizationId: organizationIdSchema })
const ok = { ok: true as const }

const invitationStatusesSchema = z.array(z.enum(INVITATION_STATES)).max(INVITATION_STATES.length).optional()
/** A member by membership id, or by user id as the reference's `updateMember`/`removeMember` name them. */
const memberRefSchema = z.union([
  inOrganization.extend({ membershipId: membershipIdSchema }),
  inOrganization.extend({ userId: userIdSchema }),
])
const memberRef = (data: { membershipId: string } | { userId: string }) =>
  'membershipId' in data ? { membershipId: data.membershipId } : { userId: data.userId }

export const $createOrganization = createServerFn({ method: 'POST' })
  .middleware([requireFreshSessionFor('choose-organization')])
  .validator(parseInput(z.strictObject({ name: nameSchema, slug: slugSchema.nullish() })))
  .handler(async ({ data, context }) => createOrganization(await serviceContext(), acting(context), data))

export const $updateOrganization = createServerFn({ method: 'POST' })
  .middleware([requireFreshActiveSession])
  .validator(parseInput(inOrganization.extend({ name: nameSchema.optional(), slug: slugSchema.optional() })))
  .handler(async ({ data: { organizationId, ...changes }, context }) =>
    updateOrganization(await serviceContext(), acting(context), organizationId, changes),
  )

export const $deleteOrganization = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('delete_organization')])
  .validator(parseInput(inOrganization))
  .handler(async ({ data, context }) => {
    await deleteOrganization(await serviceContext(), acting(context), data.organizationId)
    return ok
  })

// Members -------------------------------------------------------------------------------------

/** A page of the members, with the total; `role` and `query` filter as the reference's `getMemberships`. */
export const $listOrganizationMembers = createServerFn({ method: 'GET' })
  .middleware([requireFreshActiveSession])
  .validator(
    parseInput(
      inOrganization.extend({
        ...listPageFields,
        role: z.array(roleSchema).max(ORGANIZATION_LIST_MAX_PAGE_SIZE).optional(),
        query: z.string().max(ORGANIZATION_MEMBER_QUERY_MAX_LENGTH).optional(),
      }),
    ),
  )
  .handler(async ({ data: { organizationId, limit, offset, ...filter }, context }) =>
    listMembers(await serviceContext(), acting(context), organizationId, filter, { limit, offset }),
  )

/** Answers the member with the new role. */
export const $updateMemberRole = createServerFn({ method: 'POST' })
  .middleware([requireFreshActiveSession])
  .validator(
    parseInput(
      z.union([
        inOrganization.extend({ membershipId: membershipIdSchema, role: roleSchema }),
        inOrganization.extend({ userId: userIdSchema, role: roleSchema }),
      ]),
    ),
  )
  .handler(async ({ data, context }) =>
    updateMemberRole(await serviceContext(), acting(context), data.organizationId, {
      ...memberRef(data),
      role: data.role,
    }),
  )

/** Answers the membership as it was. */
export const $removeMember = createServerFn({ method: 'POST' })
  .middleware([requireFreshActiveSession])
  .validator(parseInput(memberRefSchema))
  .handler(async ({ data, context }) =>
    removeMember(await serviceContext(), acting(context), data.organizationId, memberRef(data)),
  )

export const $leaveOrganization = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('leave_organization')])
  .validator(parseInput(inOrganization))
  .handler(async ({ data, context }) => {
    await leaveOrganization(await serviceContext(), acting(context), data.organizationId)
    return ok
  })

// Invitations ---------------------------------------------------------------------------------

export const $inviteMember = createServerFn({ method: 'POST' })
  .middleware([requireFreshActiveSession])
  .validator(parseInput(inOrganization.extend({ emailAddress: emailSchema, role: roleSchema.nullish() })))
  .handler(async ({ data: { organizationId, ...invitation }, context }) =>
    inviteMember(await serviceContext(), acting(context), organizationId, invitation),
  )

/** A page of the invitations in `status` (default: pending), with the total. */
export const $listOrganizationInvitations = createServerFn({ method: 'GET' })
  .middleware([requireFreshActiveSession])
  .validator(parseInput(inOrganization.extend({ ...listPageFields, status: invitationStatusesSchema })))
  .handler(async ({ data: { organizationId, limit, offset, status }, context }) =>
    listInvitations(await serviceContext(), acting(context), organizationId, { status }, { limit, offset }),
  )

export const $revokeInvitation = createServerFn({ method: 'POST' })
  .middleware([requireFreshActiveSession])
  .validator(parseInput(inOrganization.extend({ invitationId: invitationIdSchema })))
  .handler(async ({ data, context }) => {
    await revokeInvitation(await serviceContext(), acting(context), data.organizationId, data.invitationId)
    return ok
  })

/** A page of the invitations to the signed-in user (at any verified address), by status (default: pending). */
export const $listUserInvitations = createServerFn({ method: 'GET' })
  .middleware([requireFreshSessionFor('choose-organization')])
  .validator(parseInput(z.strictObject({ ...listPageFields, status: invitationStatusesSchema }).optional()))
  .handler(async ({ data, context }) => {
    const { limit, offset, status } = data ?? { limit: ORGANIZATION_LIST_DEFAULT_PAGE_SIZE, offset: 0 }
    return userInvitations(await serviceContext(), context.session.userId, { status }, { limit, offset })
  })

/** An invitation link's secret: 256 bits, base64url. */
const invitationTokenSchema = z.string().regex(BEARER_SECRET_PATTERN, 'Not an invitation link')

/** What an invitation link is for (POST: the secret stays out of URLs and logs). Needs no session. */
export const $getInvitation = createServerFn({ method: 'POST' })
  .validator(parseInput(z.strictObject({ token: invitationTokenSchema })))
  .handler(async ({ data }) => invitationPreview(await serviceContext(), data.token))

/** Accepts an invitation from its emailed link, or from the user's own list by id. */
export const $acceptInvitation = createServerFn({ method: 'POST' })
  .middleware([requireFreshSessionFor('choose-organization')])
  .validator(
    parseInput(
      z.union([z.strictObject({ token: invitationTokenSchema }), z.strictObject({ invitationId: invitationIdSchema })]),
    ),
  )
  .handler(async ({ data, context }) => acceptInvitation(await serviceContext(), acting(context), data))
