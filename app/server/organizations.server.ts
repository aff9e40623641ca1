/**
 * Organizations: creating and changing them, members and their roles, invitations, and which
 * organization a session acts for.
 *
 * Every operation authorizes itself from the database at the time (never from a token): the
 * acting user's membership in the organization named, and the system permission the operation
 * needs. An organization the user does not belong to does not exist for them (404), and ids of
 * members or invitations are only looked up inside the organization named, so an id from another
 * organization is not found either (VULN-08). Membership changes lock the organization row, so
 * two admins demoting each other cannot leave it without one. In an impersonated session, the
 * admin behind it needs their own permission for organization-admin changes, and no change may
 * reach the admin's own account (docs/decisions/024-impersonation-and-lockout.md).
 */

import { and, count, eq, exists, gt, ilike, inArray, isNotNull, lte, or, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import {
  emailAddresses,
  organizationInvitations,
  organizationMemberships,
  organizations,
  sessions,
  users,
} from '../../db/schema.ts'
import { TesseraError } from '../session/errors.ts'
import type { AuditEventType } from '../session/events.ts'
import { maskEmail } from '../session/identifiers.ts'
import {
  canAssignRole,
  type InvitationState,
  impersonatedChangeRefusal,
  invitationState,
  isValidSlug,
  MANAGING_PERMISSION,
  ORGANIZATION_OPERATIONS,
  type OrganizationChange,
  type OrganizationOperation,
  slugify,
} from '../session/organizations.ts'
import {
  INVITATION_TTL_SECONDS,
  MAX_PENDING_INVITATIONS_PER_ORGANIZATION,
  ORGANIZATION_LIST_DEFAULT_PAGE_SIZE,
} from '../session/policy.ts'
import { ownEntry } from '../session/registry.ts'
import type {
  OrganizationInvitationJSON,
  OrganizationJSON,
  OrganizationMemberJSON,
  PaginatedJSON,
  UserInvitationJSON,
} from '../session/wire.ts'
import { containing } from './admin.server.ts'
import { toPublicUserData } from './client-snapshot.server.ts'
import { newClientToken, newId, sha256Hex } from './crypto.server.ts'
import { isUniqueViolation } from './db-errors.server.ts'
import { appendLedger } from './ledger.server.ts'
import {
  findMembership,
  type MembershipRow,
  memberCounts,
  membershipPermissions,
  type OrganizationRow,
  roleName,
  toOrganizationJSON,
} from './memberships.server.ts'
import { invitationEmail } from './messages.server.ts'
import { enforceRateLimit } from './rate-limits.server.ts'
import type { ActingSession } from './security-events.server.ts'
import { messageContext, type ServiceContext } from './service-context.server.ts'
import type { SessionRow } from './session-store.server.ts'
import { organizationLost, resolveTask } from './tasks.server.ts'
import { loadUsers } from './users.server.ts'

type InvitationRow = typeof organizationInvitations.$inferSelect

interface Access {
  organization: OrganizationRow
  membership: MembershipRow
  /** What the member may do there now. */
  permissions: string[]
}

function assertEnabled(ctx: ServiceContext): void {
  if (!ctx.config.organizations.enabled) throw new TesseraError('organizations_disabled')
}

/**
 * The acting user's access to `organizationId`, checked for `operation` when given. With `lock`,
 * the organization row is locked for the rest of the transaction (membership changes).
 */
async function access(
  ctx: ServiceContext,
  db: Database,
  userId: string,
  organizationId: string,
  operation: OrganizationOperation | null,
  lock = false,
): Promise<Access> {
  assertEnabled(ctx)
  if (lock)
    await db
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, organizationId))
      .for('update')
  const found = await findMembership(db, userId, organizationId)
  if (!found) throw new TesseraError('organization_not_found')
  const permissions = membershipPermissions(ctx.config.access, found.organization, found.membership.role)
  if (operation) {
    const permission = ORGANIZATION_OPERATIONS[operation]
    if (!permissions.includes(permission)) throw new TesseraError('organization_forbidden', { meta: { permission } })
  }
  return { ...found, permissions }
}

/**
 * Refuses `change` when the session is impersonated and the admin behind it may not make it
 * (`impersonatedChangeRefusal`): the admin's role and addresses are read now, in the transaction.
 * An agent acting for the user is not an impersonator (its actor has `type: 'agent'`).
 */
async function assertImpersonatorMay(tx: Database, acting: ActingSession, change: OrganizationChange): Promise<void> {
  const actor = acting.actor
  if (!actor || actor.type === 'agent') return
  const [admin] = await tx.select({ adminRole: users.adminRole }).from(users).where(eq(users.id, actor.sub))
  const addresses = await tx
    .select({ email: emailAddresses.email })
    .from(emailAddresses)
    .where(eq(emailAddresses.userId, actor.sub))
  const reason = impersonatedChangeRefusal(
    { id: actor.sub, adminRole: admin?.adminRole ?? null, emailAddresses: addresses.map((row) => row.email) },
    change,
  )
  if (reason) throw new TesseraError('impersonation_forbidden', { meta: { reason } })
}

/**
 * A role's permissions as defined (whatever the plan enables): roles are compared as defined, so
 * a plan change never makes a role assignable that was not.
 */
function definedPermissions(ctx: ServiceContext, role: string): readonly string[] {
  const definition = ownEntry(ctx.config.access.roles, role)
  if (!definition) throw new TesseraError('role_not_found', { meta: { role } })
  return definition.permissions
}

/** Members who could manage members, counting `changes` (membership id → new role, or null: removed). */
async function managersAfter(
  ctx: ServiceContext,
  db: Database,
  organizationId: string,
  changes: ReadonlyMap<string, string | null>,
): Promise<number> {
  const members = await db
    .select({ id: organizationMemberships.id, role: organizationMemberships.role })
    .from(organizationMemberships)
    .where(eq(organizationMemberships.organizationId, organizationId))
  return members.filter((member) => {
    const role = changes.has(member.id) ? changes.get(member.id) : member.role
    return role != null && (ownEntry(ctx.config.access.roles, role)?.permissions.includes(MANAGING_PERMISSION) ?? false)
  }).length
}

async function organizationJSON(ctx: ServiceContext, db: Database, row: OrganizationRow): Promise<OrganizationJSON> {
  return toOrganizationJSON(ctx.config.access, row, (await memberCounts(db, [row.id])).get(row.id) ?? 0)
}

// ---------------------------------------------------------------------------------------------
// Organizations

async function userMembershipCount(db: Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(organizationMemberships)
    .where(eq(organizationMemberships.userId, userId))
  return row?.n ?? 0
}

function assertMembershipRoom(ctx: ServiceContext, held: number): void {
  const limit = ctx.config.organizations.maxMembershipsPerUser
  if (held >= limit) throw new TesseraError('too_many_memberships', { meta: { limit } })
}

/** A slug for a new organization: the one asked for, else one made from the name. */
function slugFor(name: string, requested: string | null | undefined): string {
  const slug = requested ?? slugify(name)
  if (!isValidSlug(slug)) {
    throw new TesseraError('invalid_input', {
      meta: { issues: [{ path: ['slug'], message: 'Use 2–48 lower-case letters, digits and single hyphens.' }] },
    })
  }
  return slug
}

/**
 * Records an organization change in the ledger, in its transaction: who did it (and who was acting
 * for them, in an impersonated session), and whom it concerns (a member removed or re-roled sees it
 * in their own activity).
 */
async function ledgerChange(
  ctx: ServiceContext,
  tx: Database,
  acting: ActingSession,
  type: AuditEventType,
  detail: string,
  concerns: string = acting.userId,
): Promise<void> {
  await appendLedger(
    tx,
    [
      {
        type,
        sessionId: acting.id,
        userId: concerns,
        actor: 'user',
        actorUserId: acting.userId,
        impersonatorId: acting.actor?.sub ?? null,
        detail,
        meta: ctx.meta,
      },
    ],
    ctx.now,
  )
}

/** Creates an organization with the creator as its first member, in the instance's creator role. */
export async function createOrganization(
  ctx: ServiceContext,
  acting: ActingSession,
  input: { name: string; slug?: string | null },
): Promise<OrganizationJSON> {
  assertEnabled(ctx)
  const slug = slugFor(input.name, input.slug)
  try {
    return await ctx.db.transaction(async (tx) => {
      assertMembershipRoom(ctx, await userMembershipCount(tx, acting.userId))
      const [organization] = await tx
        .insert(organizations)
        .values({
          id: newId('organization'),
          name: input.name,
          slug,
          createdBy: acting.userId,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .returning()
      if (!organization) throw new Error('insert into organizations returned no row')
      await tx.insert(organizationMemberships).values({
        id: newId('membership'),
        organizationId: organization.id,
        userId: acting.userId,
        role: ctx.config.organizations.creatorRole,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      await ledgerChange(ctx, tx, acting, 'organization_created', organization.name)
      return toOrganizationJSON(ctx.config.access, organization, 1)
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new TesseraError('organization_slug_taken')
    throw error
  }
}

export async function updateOrganization(
  ctx: ServiceContext,
  acting: ActingSession,
  organizationId: string,
  input: { name?: string; slug?: string },
): Promise<OrganizationJSON> {
  if (input.slug !== undefined) slugFor('', input.slug)
  try {
    return await ctx.db.transaction(async (tx) => {
      await access(ctx, tx, acting.userId, organizationId, 'update_profile')
      await assertImpersonatorMay(tx, acting, { kind: 'update_profile' })
      const [updated] = await tx
        .update(organizations)
        .set({ ...input, updatedAt: ctx.now })
        .where(eq(organizations.id, organizationId))
        .returning()
      if (!updated) throw new TesseraError('organization_not_found')
      await ledgerChange(ctx, tx, acting, 'organization_updated', `${updated.name} (/${updated.slug})`)
      return organizationJSON(ctx, tx, updated)
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new TesseraError('organization_slug_taken')
    throw error
  }
}

/** Deletes the organization, its memberships and invitations; sessions acting for it act for nobody. */
export async function deleteOrganization(ctx: ServiceContext, acting: ActingSession, organizationId: string) {
  await ctx.db.transaction(async (tx) => {
    const { organization } = await access(ctx, tx, acting.userId, organizationId, 'delete', true)
    await assertImpersonatorMay(tx, acting, { kind: 'delete' })
    await organizationLost(ctx, tx, organizationId)
    await ledgerChange(ctx, tx, acting, 'organization_deleted', organization.name)
    await tx.delete(organizations).where(eq(organizations.id, organizationId))
  })
}

// ---------------------------------------------------------------------------------------------
// Members

/** A page of a list: `limit` rows from `offset` (validated by the server function). */
export interface ListPage {
  limit: number
  offset: number
}

/** The reference's default page: the first ten. */
const FIRST_PAGE: ListPage = { limit: ORGANIZATION_LIST_DEFAULT_PAGE_SIZE, offset: 0 }

/** The members as the member list shows them: public user data, role and permissions now. */
async function toMemberJSON(
  ctx: ServiceContext,
  db: Database,
  organization: OrganizationRow,
  rows: readonly MembershipRow[],
): Promise<OrganizationMemberJSON[]> {
  const users = await loadUsers(
    db,
    ctx.config.access,
    rows.map((row) => row.userId),
  )
  return rows.flatMap((row) => {
    const user = users.get(row.userId)
    if (!user) return []
    return [
      {
        id: row.id,
        role: row.role,
        roleName: roleName(ctx.config.access, row.role),
        permissions: membershipPermissions(ctx.config.access, organization, row.role),
        createdAt: row.createdAt.getTime(),
        updatedAt: row.updatedAt.getTime(),
        publicUserData: toPublicUserData(user),
      },
    ]
  })
}

/**
 * A page of the organization's members, oldest first, with the total: only those holding one of
 * `role` when given, only those whose name or email address contains `query` when given.
 */
export async function listMembers(
  ctx: ServiceContext,
  acting: ActingSession,
  organizationId: string,
  filter: { role?: readonly string[] | undefined; query?: string | undefined } = {},
  page: ListPage = FIRST_PAGE,
): Promise<PaginatedJSON<OrganizationMemberJSON>> {
  const { organization } = await access(ctx, ctx.db, acting.userId, organizationId, 'read_members')
  const query = filter.query?.trim()
  const pattern = query ? containing(query) : null
  const where = and(
    eq(organizationMemberships.organizationId, organizationId),
    filter.role && filter.role.length > 0 ? inArray(organizationMemberships.role, [...filter.role]) : undefined,
    pattern
      ? exists(
          ctx.db
            .select({ one: sql`1` })
            .from(users)
            .where(
              and(
                eq(users.id, organizationMemberships.userId),
                or(
                  ilike(sql`concat_ws(' ', ${users.firstName}, ${users.lastName})`, pattern),
                  exists(
                    ctx.db
                      .select({ one: sql`1` })
                      .from(emailAddresses)
                      .where(and(eq(emailAddresses.userId, users.id), ilike(emailAddresses.email, pattern))),
                  ),
                ),
              ),
            ),
        )
      : undefined,
  )
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(organizationMemberships)
      .where(where)
      .orderBy(organizationMemberships.createdAt, organizationMemberships.id)
      .limit(page.limit)
      .offset(page.offset),
    ctx.db.select({ n: count() }).from(organizationMemberships).where(where),
  ])
  return { data: await toMemberJSON(ctx, ctx.db, organization, rows), total_count: total?.n ?? 0 }
}

/** A member named by membership id or (as the reference's `updateMember`/`removeMember` do) by user id. */
export type MemberRef = { membershipId: string } | { userId: string }

/** The member `ref` of this organization, or 404 (also for a member of another one). */
async function memberOf(db: Database, organizationId: string, ref: MemberRef): Promise<MembershipRow> {
  const [row] = await db
    .select()
    .from(organizationMemberships)
    .where(
      and(
        'membershipId' in ref
          ? eq(organizationMemberships.id, ref.membershipId)
          : eq(organizationMemberships.userId, ref.userId),
        eq(organizationMemberships.organizationId, organizationId),
      ),
    )
  if (!row) throw new TesseraError('membership_not_found')
  return row
}

/**
 * Refuses a change by `actor` to `target`'s role (`to`: the new role, or null for removal) that
 * would touch a role with more access than the actor's, or leave nobody to manage members.
 */
async function assertMayChange(
  ctx: ServiceContext,
  tx: Database,
  actor: Access,
  target: MembershipRow,
  to: string | null,
): Promise<void> {
  const own = definedPermissions(ctx, actor.membership.role)
  if (!canAssignRole(own, definedPermissions(ctx, target.role)))
    throw new TesseraError('role_not_assignable', { meta: { role: target.role } })
  if (to !== null && !canAssignRole(own, definedPermissions(ctx, to)))
    throw new TesseraError('role_not_assignable', { meta: { role: to } })
  if ((await managersAfter(ctx, tx, target.organizationId, new Map([[target.id, to]]))) === 0)
    throw new TesseraError('organization_last_manager')
}

/** Gives a member another role; answers the member as they are now. */
export async function updateMemberRole(
  ctx: ServiceContext,
  acting: ActingSession,
  organizationId: string,
  input: MemberRef & { role: string },
): Promise<OrganizationMemberJSON> {
  return ctx.db.transaction(async (tx) => {
    const actor = await access(ctx, tx, acting.userId, organizationId, 'manage_members', true)
    const target = await memberOf(tx, organizationId, input)
    await assertImpersonatorMay(tx, acting, { kind: 'change_role', targetUserId: target.userId })
    if (target.role === input.role) return memberJSON(ctx, tx, actor.organization, target)
    await assertMayChange(ctx, tx, actor, target, input.role)
    const [updated] = await tx
      .update(organizationMemberships)
      .set({ role: input.role, updatedAt: ctx.now })
      .where(eq(organizationMemberships.id, target.id))
      .returning()
    const detail = `${actor.organization.name}: ${target.role} → ${input.role}`
    await ledgerChange(ctx, tx, acting, 'organization_member_role_changed', detail, target.userId)
    return memberJSON(ctx, tx, actor.organization, updated ?? target)
  })
}

async function memberJSON(
  ctx: ServiceContext,
  db: Database,
  organization: OrganizationRow,
  row: MembershipRow,
): Promise<OrganizationMemberJSON> {
  const [json] = await toMemberJSON(ctx, db, organization, [row])
  if (!json) throw new TesseraError('membership_not_found')
  return json
}

async function endMembership(ctx: ServiceContext, tx: Database, membership: MembershipRow): Promise<void> {
  await tx.delete(organizationMemberships).where(eq(organizationMemberships.id, membership.id))
  await organizationLost(ctx, tx, membership.organizationId, [membership.userId])
}

/** Removes a member; answers the membership as it was. */
export async function removeMember(
  ctx: ServiceContext,
  acting: ActingSession,
  organizationId: string,
  ref: string | MemberRef,
): Promise<OrganizationMemberJSON> {
  return ctx.db.transaction(async (tx) => {
    const actor = await access(ctx, tx, acting.userId, organizationId, 'manage_members', true)
    const target = await memberOf(tx, organizationId, typeof ref === 'string' ? { membershipId: ref } : ref)
    await assertImpersonatorMay(tx, acting, { kind: 'remove_member', targetUserId: target.userId })
    await assertMayChange(ctx, tx, actor, target, null)
    const removed = await memberJSON(ctx, tx, actor.organization, target)
    await endMembership(ctx, tx, target)
    await ledgerChange(ctx, tx, acting, 'organization_member_removed', actor.organization.name, target.userId)
    return removed
  })
}

/** Leaves an organization. The last member who can manage members cannot: they hand over, or delete it. */
export async function leaveOrganization(ctx: ServiceContext, acting: ActingSession, organizationId: string) {
  await ctx.db.transaction(async (tx) => {
    const { membership, organization } = await access(ctx, tx, acting.userId, organizationId, null, true)
    if ((await managersAfter(ctx, tx, organizationId, new Map([[membership.id, null]]))) === 0)
      throw new TesseraError('organization_last_manager')
    await endMembership(ctx, tx, membership)
    await ledgerChange(ctx, tx, acting, 'organization_left', organization.name)
  })
}

// ---------------------------------------------------------------------------------------------
// Invitations

function toInvitationJSON(ctx: ServiceContext, row: InvitationRow): OrganizationInvitationJSON {
  return {
    id: row.id,
    organizationId: row.organizationId,
    emailAddress: row.emailAddress,
    role: row.role,
    roleName: roleName(ctx.config.access, row.role),
    status: invitationState(row, ctx.now),
    createdAt: row.createdAt.getTime(),
    updatedAt: (row.acceptedAt ?? row.revokedAt ?? row.createdAt).getTime(),
    expiresAt: row.expiresAt.getTime(),
  }
}

/** Invitations in any of `statuses` (as `invitationState` names them: `expired` is a pending one past its time). */
function invitationStatusIn(ctx: ServiceContext, statuses: readonly InvitationState[]) {
  return or(
    ...statuses.map((status) => {
      if (status === 'pending')
        return and(eq(organizationInvitations.status, 'pending'), gt(organizationInvitations.expiresAt, ctx.now))
      if (status === 'expired')
        return and(eq(organizationInvitations.status, 'pending'), lte(organizationInvitations.expiresAt, ctx.now))
      return eq(organizationInvitations.status, status)
    }),
  )
}

/** The verified email addresses of a user: the only ones an invitation to them can be for. */
async function verifiedEmailsOf(db: Database, userId: string): Promise<string[]> {
  const rows = await db
    .select({ email: emailAddresses.email })
    .from(emailAddresses)
    .where(and(eq(emailAddresses.userId, userId), isNotNull(emailAddresses.verifiedAt)))
  return rows.map((row) => row.email)
}

/**
 * Invites `emailAddress` in `role` (the instance's default role when not given). Inviting an
 * address again replaces its outstanding invitation. The link goes only into the email.
 */
export async function inviteMember(
  ctx: ServiceContext,
  acting: ActingSession,
  organizationId: string,
  input: { emailAddress: string; role?: string | null },
): Promise<OrganizationInvitationJSON> {
  const role = input.role ?? ctx.config.organizations.defaultRole
  const token = newClientToken()
  const { row, organization, inviter } = await ctx.db.transaction(async (tx) => {
    const actor = await access(ctx, tx, acting.userId, organizationId, 'manage_members', true)
    await assertImpersonatorMay(tx, acting, { kind: 'invite', emailAddress: input.emailAddress })
    if (!canAssignRole(definedPermissions(ctx, actor.membership.role), definedPermissions(ctx, role)))
      throw new TesseraError('role_not_assignable', { meta: { role } })
    const [member] = await tx
      .select({ id: organizationMemberships.id })
      .from(organizationMemberships)
      .innerJoin(emailAddresses, eq(emailAddresses.userId, organizationMemberships.userId))
      .where(
        and(
          eq(organizationMemberships.organizationId, organizationId),
          eq(emailAddresses.email, input.emailAddress),
          isNotNull(emailAddresses.verifiedAt),
        ),
      )
    if (member) throw new TesseraError('already_member')
    const [members, pending] = await Promise.all([
      memberCounts(tx, [organizationId]),
      tx
        .select({ n: count() })
        .from(organizationInvitations)
        .where(
          and(
            eq(organizationInvitations.organizationId, organizationId),
            eq(organizationInvitations.status, 'pending'),
            gt(organizationInvitations.expiresAt, ctx.now),
          ),
        ),
    ])
    const limit = ctx.config.organizations.maxMembersPerOrganization
    if ((members.get(organizationId) ?? 0) >= limit) throw new TesseraError('too_many_members', { meta: { limit } })
    if ((pending[0]?.n ?? 0) >= MAX_PENDING_INVITATIONS_PER_ORGANIZATION)
      throw new TesseraError('too_many_invitations', { meta: { limit: MAX_PENDING_INVITATIONS_PER_ORGANIZATION } })
    await enforceRateLimit(tx, ctx.config, 'invitation_organization', organizationId, ctx.now)
    await tx
      .update(organizationInvitations)
      .set({ status: 'revoked', revokedAt: ctx.now })
      .where(
        and(
          eq(organizationInvitations.organizationId, organizationId),
          eq(organizationInvitations.emailAddress, input.emailAddress),
          eq(organizationInvitations.status, 'pending'),
        ),
      )
    const [row] = await tx
      .insert(organizationInvitations)
      .values({
        id: newId('invitation'),
        organizationId,
        emailAddress: input.emailAddress,
        role,
        tokenHash: sha256Hex(token),
        status: 'pending',
        invitedBy: acting.userId,
        createdAt: ctx.now,
        expiresAt: new Date(ctx.now.getTime() + INVITATION_TTL_SECONDS * 1000),
      })
      .returning()
    if (!row) throw new Error('insert into organization_invitations returned no row')
    const detail = `${actor.organization.name}: ${maskEmail(input.emailAddress)} as ${role}`
    await ledgerChange(ctx, tx, acting, 'organization_invitation_sent', detail)
    const inviter = (await loadUsers(tx, ctx.config.access, [acting.userId])).get(acting.userId)
    return { row, organization: actor.organization, inviter }
  })
  const inviterName = inviter ? [inviter.user.firstName, inviter.user.lastName].filter(Boolean).join(' ') || null : null
  ctx.deliver(
    invitationEmail(messageContext(ctx), {
      to: row.emailAddress,
      organizationName: organization.name,
      inviterName,
      roleName: roleName(ctx.config.access, role),
      link: `${ctx.origin}/invitations/accept#token=${token}`,
    }),
  )
  return toInvitationJSON(ctx, row)
}

/** A page of the organization's invitations in `status` (default: pending ones), oldest first. */
export async function listInvitations(
  ctx: ServiceContext,
  acting: ActingSession,
  organizationId: string,
  filter: { status?: readonly InvitationState[] | undefined } = {},
  page: ListPage = FIRST_PAGE,
): Promise<PaginatedJSON<OrganizationInvitationJSON>> {
  await access(ctx, ctx.db, acting.userId, organizationId, 'read_members')
  const statuses = filter.status && filter.status.length > 0 ? filter.status : (['pending'] as const)
  const where = and(eq(organizationInvitations.organizationId, organizationId), invitationStatusIn(ctx, statuses))
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(organizationInvitations)
      .where(where)
      .orderBy(organizationInvitations.createdAt, organizationInvitations.id)
      .limit(page.limit)
      .offset(page.offset),
    ctx.db.select({ n: count() }).from(organizationInvitations).where(where),
  ])
  return { data: rows.map((row) => toInvitationJSON(ctx, row)), total_count: total?.n ?? 0 }
}

export async function revokeInvitation(
  ctx: ServiceContext,
  acting: ActingSession,
  organizationId: string,
  invitationId: string,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const { organization } = await access(ctx, tx, acting.userId, organizationId, 'manage_members')
    await assertImpersonatorMay(tx, acting, { kind: 'revoke_invitation' })
    const [revoked] = await tx
      .update(organizationInvitations)
      .set({ status: 'revoked', revokedAt: ctx.now })
      .where(
        and(
          eq(organizationInvitations.id, invitationId),
          eq(organizationInvitations.organizationId, organizationId),
          eq(organizationInvitations.status, 'pending'),
        ),
      )
      .returning({ emailAddress: organizationInvitations.emailAddress })
    if (!revoked) throw new TesseraError('invitation_not_found')
    const detail = `${organization.name}: ${maskEmail(revoked.emailAddress)}`
    await ledgerChange(ctx, tx, acting, 'organization_invitation_revoked', detail)
  })
}

/**
 * A page of the invitations to the user, at any of their verified addresses, in `status` (default:
 * pending ones, the ones they can accept), oldest first.
 */
export async function userInvitations(
  ctx: ServiceContext,
  userId: string,
  filter: { status?: readonly InvitationState[] | undefined } = {},
  page: ListPage = FIRST_PAGE,
): Promise<PaginatedJSON<UserInvitationJSON>> {
  assertEnabled(ctx)
  const emails = await verifiedEmailsOf(ctx.db, userId)
  if (emails.length === 0) return { data: [], total_count: 0 }
  const statuses = filter.status && filter.status.length > 0 ? filter.status : (['pending'] as const)
  const where = and(inArray(organizationInvitations.emailAddress, emails), invitationStatusIn(ctx, statuses))
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ invitation: organizationInvitations, organization: organizations })
      .from(organizationInvitations)
      .innerJoin(organizations, eq(organizations.id, organizationInvitations.organizationId))
      .where(where)
      .orderBy(organizationInvitations.createdAt, organizationInvitations.id)
      .limit(page.limit)
      .offset(page.offset),
    ctx.db.select({ n: count() }).from(organizationInvitations).where(where),
  ])
  return {
    data: rows.map(({ invitation, organization }) => {
      const json = toInvitationJSON(ctx, invitation)
      return {
        id: json.id,
        emailAddress: json.emailAddress,
        organization: { id: organization.id, name: organization.name, slug: organization.slug },
        role: json.role,
        roleName: json.roleName,
        status: json.status,
        createdAt: json.createdAt,
        updatedAt: json.updatedAt,
        expiresAt: json.expiresAt,
      }
    }),
    total_count: total?.n ?? 0,
  }
}

/** What an invitation link is for, for the page it opens (the link's holder may see this much). */
export async function invitationPreview(ctx: ServiceContext, token: string) {
  const [row] = await ctx.db
    .select({ invitation: organizationInvitations, organizationName: organizations.name })
    .from(organizationInvitations)
    .innerJoin(organizations, eq(organizations.id, organizationInvitations.organizationId))
    .where(eq(organizationInvitations.tokenHash, sha256Hex(token)))
  if (!row) throw new TesseraError('invitation_not_found')
  return {
    organizationName: row.organizationName,
    emailAddress: row.invitation.emailAddress,
    roleName: roleName(ctx.config.access, row.invitation.role),
    status: invitationState(row.invitation, ctx.now),
  }
}

/**
 * Accepts an invitation, by the link's secret or (for the signed-in user's own list) by id. The
 * invitation is spent by one conditional UPDATE, so of many concurrent accepts exactly one wins,
 * and the membership is created in the same transaction.
 */
export async function acceptInvitation(
  ctx: ServiceContext,
  acting: ActingSession,
  by: { token: string } | { invitationId: string },
): Promise<{ organizationId: string }> {
  assertEnabled(ctx)
  const match =
    'token' in by
      ? eq(organizationInvitations.tokenHash, sha256Hex(by.token))
      : eq(organizationInvitations.id, by.invitationId)
  return ctx.db.transaction(async (tx) => {
    const emails = await verifiedEmailsOf(tx, acting.userId)
    const [claimed] = await tx
      .update(organizationInvitations)
      .set({ status: 'accepted', acceptedAt: ctx.now, acceptedBy: acting.userId })
      .where(
        and(
          match,
          eq(organizationInvitations.status, 'pending'),
          gt(organizationInvitations.expiresAt, ctx.now),
          emails.length > 0 ? inArray(organizationInvitations.emailAddress, emails) : sql`false`,
        ),
      )
      .returning()
    if (!claimed) throw await whyNotAccepted(ctx, tx, match, emails, 'invitationId' in by)
    assertMembershipRoom(ctx, await userMembershipCount(tx, acting.userId))
    const [membership] = await tx
      .insert(organizationMemberships)
      .values({
        id: newId('membership'),
        organizationId: claimed.organizationId,
        userId: acting.userId,
        role: claimed.role,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .onConflictDoNothing()
      .returning({ id: organizationMemberships.id })
    if (!membership) throw new TesseraError('already_member')
    const [organization] = await tx
      .select({ name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, claimed.organizationId))
    const detail = `${organization?.name ?? claimed.organizationId} as ${claimed.role}`
    await ledgerChange(ctx, tx, acting, 'organization_invitation_accepted', detail)
    return { organizationId: claimed.organizationId }
  })
}

/** Why an invitation could not be spent (looked up only after the atomic attempt failed). */
async function whyNotAccepted(
  ctx: ServiceContext,
  tx: Database,
  match: ReturnType<typeof eq>,
  emails: readonly string[],
  byId: boolean,
): Promise<TesseraError> {
  const [row] = await tx.select().from(organizationInvitations).where(match)
  // By id, someone else's invitation does not exist for this user.
  if (!row || (byId && !emails.includes(row.emailAddress))) return new TesseraError('invitation_not_found')
  const state = invitationState(row, ctx.now)
  if (state === 'expired') return new TesseraError('invitation_expired')
  if (state !== 'pending') return new TesseraError('invitation_used')
  return new TesseraError('invitation_email_mismatch')
}

// ---------------------------------------------------------------------------------------------
// The organization a session acts for

/**
 * Points a locked, signed-in session at `organizationId` (null: the personal account), checking
 * that the user belongs to it and that the instance allows the choice. A session whose current task
 * is `choose-organization` completes it when it chooses an organization.
 */
export async function setSessionOrganization(
  ctx: ServiceContext,
  tx: Database,
  session: SessionRow,
  organizationId: string | null,
): Promise<SessionRow> {
  if (organizationId === null) {
    if (ctx.config.tasks.requireOrganization) throw new TesseraError('personal_account_not_allowed')
  } else {
    await access(ctx, tx, session.userId, organizationId, null)
  }
  const [updated] = await tx
    .update(sessions)
    .set({ lastActiveOrganizationId: organizationId, updatedAt: ctx.now })
    .where(eq(sessions.id, session.id))
    .returning()
  if (!updated) throw new TesseraError('session_not_found')
  if (organizationId !== null && updated.tasks[0] === 'choose-organization')
    return resolveTask(ctx, tx, updated, 'choose-organization')
  return updated
}

/**
 * Before an account is deleted: refuses when the user is the last manager of an organization that
 * has other members (they must hand it over first), and deletes the organizations where they are
 * the only member.
 */
export async function releaseOrganizations(ctx: ServiceContext, tx: Database, userId: string): Promise<void> {
  const held = await tx
    .select({ membership: organizationMemberships })
    .from(organizationMemberships)
    .where(eq(organizationMemberships.userId, userId))
  for (const { membership } of held) {
    await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, membership.organizationId))
      .for('update')
    const counted = (await memberCounts(tx, [membership.organizationId])).get(membership.organizationId) ?? 0
    if (counted <= 1) {
      await tx.delete(organizations).where(eq(organizations.id, membership.organizationId))
      continue
    }
    if ((await managersAfter(ctx, tx, membership.organizationId, new Map([[membership.id, null]]))) === 0)
      throw new TesseraError('organization_last_manager', { meta: { organizationId: membership.organizationId } })
  }
}
