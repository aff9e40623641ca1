/**
 * The Backend API (`/v1`, ADR 027): the subset of the reference's server-to-server API that its
 * SDK (`createClerkClient` from `@clerk/backend`) drives — sessions, users, organizations and the
 * JWKS — in the reference's JSON (snake_case, `object` names, times in milliseconds, lists as
 * `{ data, total_count }` where the reference paginates). The caller is a backend holding an
 * instance secret key: it acts for the whole instance, and every change it makes is recorded in
 * the ledger as the key's (actor `secret_key`, the row's `secret_key_id`).
 */

import { and, asc, count, desc, eq, ilike, inArray, isNotNull, isNull, max, or, type SQL, sql } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Database } from '../../db/client.ts'
import {
  backupCodes,
  emailAddresses,
  organizationMemberships,
  organizations,
  passwordCredentials,
  phoneNumbers,
  sessions,
  totpCredentials,
  users,
} from '../../db/schema.ts'
import type { BackendOrganizationJSON, BackendUserJSON } from '../session/backend-resources.ts'
import { TesseraError } from '../session/errors.ts'
import { defaultSecondFactorPhoneId } from '../session/factors.ts'
import { effectiveStatus } from '../session/lifetime.ts'
import { USER_METADATA_MAX_BYTES } from '../session/policy.ts'
import { profileImageUrl } from '../session/profile-image.ts'
import { isSignedInStatus, type SessionStatus, SIGNED_IN_STATUSES } from '../session/status.ts'
import { type JsonObject, mergeMetadata, metadataFits } from '../session/user-profile.ts'
import { appendLedger, enqueueWebhook } from './ledger.server.ts'
import { memberCounts, membershipPermissions, type OrganizationRow } from './memberships.server.ts'
import { releaseOrganizations } from './organizations.server.ts'
import type { SecretKeyCredential } from './secret-keys.server.ts'
import type { ServiceContext } from './service-context.server.ts'
import { type SessionRow, transitionSessions } from './session-store.server.ts'
import { announceUserUpdated, deleteUser } from './users.server.ts'

type JSONObject = Record<string, unknown>

/** A page of a list, as the reference's paginated lists answer. */
export interface Paginated<T = JSONObject> {
  data: T[]
  total_count: number
}

export interface Page {
  limit: number
  offset: number
}

/** `-created_at` (newest first, the reference's default), `+created_at` or `created_at`. */
function ordering(orderBy: string | undefined, columns: Record<string, AnyPgColumn>, tie: AnyPgColumn): SQL[] {
  const wanted = orderBy ?? '-created_at'
  const descending = wanted.startsWith('-')
  const column = columns[wanted.replace(/^[-+]/, '')]
  if (!column) {
    throw new TesseraError('invalid_input', {
      meta: { issues: [{ path: 'order_by', message: `Order by one of ${Object.keys(columns).join(', ')}.` }] },
    })
  }
  return descending ? [desc(column), desc(tie)] : [asc(column), asc(tie)]
}

// ---------------------------------------------------------------------------------------------
// Sessions

export function toSessionJSON(row: SessionRow, now: Date): JSONObject {
  return {
    object: 'session',
    id: row.id,
    client_id: row.clientId,
    user_id: row.userId,
    status: effectiveStatus(row, now),
    last_active_organization_id: row.lastActiveOrganizationId,
    actor: row.actor ?? null,
    last_active_at: row.lastActiveAt.getTime(),
    expire_at: row.expireAt.getTime(),
    abandon_at: row.abandonAt.getTime(),
    created_at: row.createdAt.getTime(),
    updated_at: row.updatedAt.getTime(),
  }
}

/** A status as the caller sees it: a signed-in one leaves out sessions whose time has passed. */
function sessionStatusCondition(status: SessionStatus, now: Date): SQL | undefined {
  const at = sql`${now.toISOString()}::timestamptz`
  return isSignedInStatus(status)
    ? and(eq(sessions.status, status), sql`${sessions.abandonAt} > ${at}`)
    : eq(sessions.status, status)
}

export async function listSessions(
  ctx: Pick<ServiceContext, 'db' | 'now'>,
  filter: { userId?: string | undefined; clientId?: string | undefined; status?: SessionStatus | undefined },
  page: Page,
): Promise<Paginated> {
  const where = and(
    filter.userId ? eq(sessions.userId, filter.userId) : undefined,
    filter.clientId ? eq(sessions.clientId, filter.clientId) : undefined,
    filter.status ? sessionStatusCondition(filter.status, ctx.now) : undefined,
  )
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(sessions)
      .where(where)
      .orderBy(desc(sessions.createdAt), desc(sessions.id))
      .limit(page.limit)
      .offset(page.offset),
    ctx.db.select({ total: count() }).from(sessions).where(where),
  ])
  return { data: rows.map((row) => toSessionJSON(row, ctx.now)), total_count: total?.total ?? 0 }
}

async function sessionRow(db: Database, sessionId: string): Promise<SessionRow> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, sessionId))
  if (!row) throw new TesseraError('session_not_found')
  return row
}

export async function getSession(ctx: Pick<ServiceContext, 'db' | 'now'>, sessionId: string): Promise<JSONObject> {
  return toSessionJSON(await sessionRow(ctx.db, sessionId), ctx.now)
}

/** The session's client: what minting a token for it checks the session against. */
export async function sessionClientId(db: Database, sessionId: string): Promise<string> {
  return (await sessionRow(db, sessionId)).clientId
}

/**
 * Revokes a signed-in session (its user is signed out there at the next request); recorded as the
 * key's doing. A session that is no longer signed in is `session_not_signed_in` (409), changing nothing.
 */
export async function revokeSession(
  ctx: ServiceContext,
  key: SecretKeyCredential,
  sessionId: string,
): Promise<JSONObject> {
  await ctx.db.transaction(async (tx) => {
    await sessionRow(tx, sessionId)
    const results = await transitionSessions(tx, {
      ids: [sessionId],
      reason: 'revoked_by_admin',
      now: ctx.now,
      meta: ctx.meta,
      secretKeyId: key.id,
    })
    if (!results.some((result) => result.reason === 'revoked_by_admin')) throw new TesseraError('session_not_signed_in')
  })
  return getSession(ctx, sessionId)
}

// ---------------------------------------------------------------------------------------------
// Users

type UserRow = typeof users.$inferSelect

async function toUserJSONs(db: Database, rows: readonly UserRow[]): Promise<BackendUserJSON[]> {
  if (rows.length === 0) return []
  const ids = rows.map((row) => row.id)
  const [emails, phones, passwords, totps, backups, activity] = await Promise.all([
    db
      .select()
      .from(emailAddresses)
      .where(inArray(emailAddresses.userId, ids))
      .orderBy(asc(emailAddresses.createdAt), asc(emailAddresses.id)),
    db
      .select()
      .from(phoneNumbers)
      .where(inArray(phoneNumbers.userId, ids))
      .orderBy(asc(phoneNumbers.createdAt), asc(phoneNumbers.id)),
    db
      .select({ userId: passwordCredentials.userId })
      .from(passwordCredentials)
      .where(inArray(passwordCredentials.userId, ids)),
    db
      .select({ userId: totpCredentials.userId })
      .from(totpCredentials)
      .where(and(inArray(totpCredentials.userId, ids), isNotNull(totpCredentials.verifiedAt))),
    db
      .selectDistinct({ userId: backupCodes.userId })
      .from(backupCodes)
      .where(and(inArray(backupCodes.userId, ids), isNull(backupCodes.usedAt))),
    db
      .select({ userId: sessions.userId, signedIn: max(sessions.createdAt), active: max(sessions.lastActiveAt) })
      .from(sessions)
      .where(inArray(sessions.userId, ids))
      .groupBy(sessions.userId),
  ])
  const withPassword = new Set(passwords.map((row) => row.userId))
  const withTotp = new Set(totps.map((row) => row.userId))
  const withBackup = new Set(backups.map((row) => row.userId))
  const lastSeen = new Map(activity.map((row) => [row.userId, row]))
  const verification = (verifiedAt: Date | null, strategy: string) => ({
    object: 'verification' as const,
    status: verifiedAt ? ('verified' as const) : ('unverified' as const),
    strategy,
    attempts: null,
    expire_at: null,
  })
  return rows.map((user): BackendUserJSON => {
    const own = emails.filter((row) => row.userId === user.id)
    const ownPhones = phones.filter((row) => row.userId === user.id)
    const secondFactorPhone = ownPhones.some((row) => row.secondFactor && row.verifiedAt)
    const defaultPhone = defaultSecondFactorPhoneId(
      ownPhones.map((row) => ({ ...row, verified: row.verifiedAt !== null })),
    )
    const seen = lastSeen.get(user.id)
    return {
      object: 'user',
      id: user.id,
      external_id: null,
      username: user.username,
      first_name: user.firstName,
      last_name: user.lastName,
      image_url: user.imageDigest ? profileImageUrl(user.id, user.imageDigest) : '',
      has_image: user.imageDigest !== null,
      primary_email_address_id: own.find((row) => row.isPrimary)?.id ?? null,
      primary_phone_number_id: ownPhones.find((row) => row.isPrimary)?.id ?? null,
      primary_web3_wallet_id: null,
      password_enabled: withPassword.has(user.id),
      totp_enabled: withTotp.has(user.id),
      backup_code_enabled: withBackup.has(user.id),
      two_factor_enabled: withTotp.has(user.id) || secondFactorPhone,
      banned: user.bannedAt !== null,
      locked: user.lockedUntil !== null && user.lockedUntil > new Date(),
      email_addresses: own.map((row) => ({
        object: 'email_address',
        id: row.id,
        email_address: row.email,
        verification: verification(row.verifiedAt, 'email_code'),
        linked_to: [],
      })),
      phone_numbers: ownPhones.map((row) => ({
        object: 'phone_number',
        id: row.id,
        phone_number: row.phoneNumber,
        reserved_for_second_factor: row.secondFactor && row.verifiedAt !== null,
        default_second_factor: row.id === defaultPhone,
        verification: verification(row.verifiedAt, 'phone_code'),
        linked_to: [],
      })),
      web3_wallets: [],
      external_accounts: [],
      enterprise_accounts: [],
      public_metadata: user.publicMetadata,
      private_metadata: user.privateMetadata,
      unsafe_metadata: user.unsafeMetadata,
      last_sign_in_at: seen?.signedIn?.getTime() ?? null,
      last_active_at: seen?.active?.getTime() ?? null,
      create_organization_enabled: true,
      create_organizations_limit: null,
      delete_self_enabled: true,
      legal_accepted_at: user.acceptedTermsAt?.getTime() ?? null,
      locale: null,
      created_at: user.createdAt.getTime(),
      updated_at: user.updatedAt.getTime(),
    }
  })
}

export interface UserFilter {
  userIds: readonly string[]
  emailAddresses: readonly string[]
  query?: string | undefined
}

function userCondition(filter: UserFilter): SQL | undefined {
  const emailMatch = (condition: SQL) =>
    sql`exists (select 1 from ${emailAddresses} where ${emailAddresses.userId} = ${users.id} and ${condition})`
  const pattern = filter.query ? `%${filter.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null
  return and(
    filter.userIds.length > 0 ? inArray(users.id, [...filter.userIds]) : undefined,
    filter.emailAddresses.length > 0
      ? emailMatch(
          sql`${emailAddresses.email} in (${sql.join(
            filter.emailAddresses.map((email) => sql`${email.toLowerCase()}`),
            sql`, `,
          )})`,
        )
      : undefined,
    pattern
      ? or(
          ilike(users.firstName, pattern),
          ilike(users.lastName, pattern),
          eq(users.id, filter.query ?? ''),
          emailMatch(sql`${emailAddresses.email} ilike ${pattern}`),
        )
      : undefined,
  )
}

/** Users, as the reference's `GET /users` answers: a plain array (the SDK counts with `/users/count`). */
export async function listUsers(
  db: Database,
  filter: UserFilter,
  page: Page & { orderBy?: string | undefined },
): Promise<BackendUserJSON[]> {
  const rows = await db
    .select()
    .from(users)
    .where(userCondition(filter))
    .orderBy(...ordering(page.orderBy, { created_at: users.createdAt, updated_at: users.updatedAt }, users.id))
    .limit(page.limit)
    .offset(page.offset)
  return toUserJSONs(db, rows)
}

export async function countUsers(db: Database, filter: UserFilter): Promise<JSONObject> {
  const [row] = await db.select({ total: count() }).from(users).where(userCondition(filter))
  return { object: 'total_count', total_count: row?.total ?? 0 }
}

export async function getUser(db: Database, userId: string): Promise<BackendUserJSON> {
  const [row] = await db.select().from(users).where(eq(users.id, userId))
  if (!row) throw new TesseraError('user_not_found')
  const [user] = await toUserJSONs(db, [row])
  if (!user) throw new TesseraError('user_not_found')
  return user
}

const keyEntry = (ctx: Pick<ServiceContext, 'meta'>, key: SecretKeyCredential) => ({
  sessionId: null,
  actor: 'secret_key' as const,
  actorUserId: null,
  secretKeyId: key.id,
  meta: ctx.meta,
})

/** The metadata `updateUserMetadata` merges into, one patch per kind (each left out stays). */
export interface MetadataPatch {
  publicMetadata?: JsonObject | undefined
  privateMetadata?: JsonObject | undefined
  unsafeMetadata?: JsonObject | undefined
}

const METADATA_COLUMNS = { publicMetadata: 'public', privateMetadata: 'private', unsafeMetadata: 'unsafe' } as const

/**
 * The reference's `updateUserMetadata`: each patch deep-merged into the stored object (a key set
 * to null goes), each result within its bound, in one transaction with the user row locked. The
 * app's own server does it (the server entry's `clerkClient()`), so the ledger names no person:
 * actor `system`. An unchanged user records nothing.
 */
export async function updateUserMetadata(
  ctx: Pick<ServiceContext, 'db' | 'now'>,
  userId: string,
  patch: MetadataPatch,
): Promise<BackendUserJSON> {
  await ctx.db.transaction(async (tx) => {
    const [current] = await tx
      .select({
        publicMetadata: users.publicMetadata,
        privateMetadata: users.privateMetadata,
        unsafeMetadata: users.unsafeMetadata,
      })
      .from(users)
      .where(eq(users.id, userId))
      .for('update')
    if (!current) throw new TesseraError('user_not_found')
    const next = { ...current }
    const changed: string[] = []
    for (const key of Object.keys(METADATA_COLUMNS) as (keyof typeof METADATA_COLUMNS)[]) {
      const given = patch[key]
      if (given === undefined) continue
      const merged = mergeMetadata(current[key], given)
      if (!metadataFits(merged)) {
        throw new TesseraError('metadata_too_large', { meta: { maxBytes: USER_METADATA_MAX_BYTES, param: key } })
      }
      if (JSON.stringify(merged) === JSON.stringify(current[key])) continue
      next[key] = merged
      changed.push(`${METADATA_COLUMNS[key]} metadata`)
    }
    if (changed.length === 0) return
    await tx
      .update(users)
      .set({ ...next, updatedAt: ctx.now })
      .where(eq(users.id, userId))
    await appendLedger(
      tx,
      [
        {
          type: 'profile_updated',
          sessionId: null,
          userId,
          actor: 'system',
          actorUserId: null,
          detail: `${changed.join(', ')} — the app's server`,
          meta: null,
        },
      ],
      ctx.now,
    )
    await announceUserUpdated(tx, userId, ctx.now)
  })
  return getUser(ctx.db, userId)
}

async function lockUser(tx: Database, userId: string) {
  const [target] = await tx
    .select({ id: users.id, bannedAt: users.bannedAt })
    .from(users)
    .where(eq(users.id, userId))
    .for('update')
  if (!target) throw new TesseraError('user_not_found')
  return target
}

/**
 * Bans a user: they cannot sign in, and every signed-in session of theirs is revoked in the same
 * transaction (as the admin console's ban). Banning a banned user changes nothing.
 */
export async function banUser(ctx: ServiceContext, key: SecretKeyCredential, userId: string): Promise<BackendUserJSON> {
  await ctx.db.transaction(async (tx) => {
    const target = await lockUser(tx, userId)
    if (target.bannedAt) return
    await tx
      .update(users)
      .set({ bannedAt: ctx.now, banReason: `Backend API: ${key.name}`, updatedAt: ctx.now })
      .where(eq(users.id, target.id))
    const signedIn = await tx
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.userId, target.id), inArray(sessions.status, [...SIGNED_IN_STATUSES])))
    await transitionSessions(tx, {
      ids: signedIn.map((row) => row.id),
      reason: 'user_banned',
      now: ctx.now,
      meta: ctx.meta,
      secretKeyId: key.id,
    })
    await appendLedger(
      tx,
      [{ type: 'user_banned', userId: target.id, ...keyEntry(ctx, key), detail: `Backend API: ${key.name}` }],
      ctx.now,
    )
    await announceUserUpdated(tx, target.id, ctx.now)
  })
  return getUser(ctx.db, userId)
}

/** Lifts a ban (revoked sessions stay revoked). Unbanning a user who is not banned changes nothing. */
export async function unbanUser(
  ctx: ServiceContext,
  key: SecretKeyCredential,
  userId: string,
): Promise<BackendUserJSON> {
  await ctx.db.transaction(async (tx) => {
    const target = await lockUser(tx, userId)
    if (!target.bannedAt) return
    await tx.update(users).set({ bannedAt: null, banReason: null, updatedAt: ctx.now }).where(eq(users.id, target.id))
    await appendLedger(
      tx,
      [{ type: 'user_unbanned', userId: target.id, ...keyEntry(ctx, key), detail: `Backend API: ${key.name}` }],
      ctx.now,
    )
    await announceUserUpdated(tx, target.id, ctx.now)
  })
  return getUser(ctx.db, userId)
}

/**
 * Deletes a user as deleting the account does: organizations only they belong to go with them, one
 * they alone manage must be handed over first (`organization_last_manager`). The ledger row stays
 * (without `user_id`, which would cascade), naming the user in its detail.
 */
export async function deleteUserAccount(
  ctx: ServiceContext,
  key: SecretKeyCredential,
  userId: string,
): Promise<JSONObject> {
  await ctx.db.transaction(async (tx) => {
    await lockUser(tx, userId)
    await releaseOrganizations(ctx, tx, userId)
    if (!(await deleteUser(tx, userId))) throw new TesseraError('user_not_found')
    await enqueueWebhook(tx, 'user.deleted', { object: 'user', id: userId, deleted: true }, ctx.now)
    await appendLedger(
      tx,
      [{ type: 'user_deleted', userId: null, ...keyEntry(ctx, key), detail: `${userId} — Backend API: ${key.name}` }],
      ctx.now,
    )
  })
  return { object: 'user', id: userId, deleted: true }
}

// ---------------------------------------------------------------------------------------------
// Organizations

function toOrganizationJSON(
  ctx: Pick<ServiceContext, 'config'>,
  row: OrganizationRow,
  members: number | null,
): BackendOrganizationJSON {
  return {
    object: 'organization',
    id: row.id,
    name: row.name,
    slug: row.slug,
    image_url: '',
    has_image: false,
    max_allowed_memberships: ctx.config.organizations.maxMembersPerOrganization,
    admin_delete_enabled: true,
    public_metadata: {},
    private_metadata: {},
    created_by: row.createdBy,
    ...(members === null ? {} : { members_count: members }),
    created_at: row.createdAt.getTime(),
    updated_at: row.updatedAt.getTime(),
  }
}

export async function listOrganizations(
  ctx: Pick<ServiceContext, 'db' | 'config'>,
  filter: { query?: string | undefined; includeMembersCount: boolean },
  page: Page & { orderBy?: string | undefined },
): Promise<Paginated<BackendOrganizationJSON>> {
  const pattern = filter.query ? `%${filter.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null
  const where = pattern
    ? or(
        ilike(organizations.name, pattern),
        ilike(organizations.slug, pattern),
        eq(organizations.id, filter.query ?? ''),
      )
    : undefined
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(organizations)
      .where(where)
      .orderBy(
        ...ordering(
          page.orderBy,
          { created_at: organizations.createdAt, name: organizations.name, updated_at: organizations.updatedAt },
          organizations.id,
        ),
      )
      .limit(page.limit)
      .offset(page.offset),
    ctx.db.select({ total: count() }).from(organizations).where(where),
  ])
  const counts = filter.includeMembersCount
    ? await memberCounts(
        ctx.db,
        rows.map((row) => row.id),
      )
    : null
  return {
    data: rows.map((row) => toOrganizationJSON(ctx, row, counts ? (counts.get(row.id) ?? 0) : null)),
    total_count: total?.total ?? 0,
  }
}

/** The organization with this id, or this slug (the SDK's `getOrganization({ slug })` puts it in the path). */
async function organizationRow(db: Database, idOrSlug: string): Promise<OrganizationRow> {
  const [row] = await db
    .select()
    .from(organizations)
    .where(or(eq(organizations.id, idOrSlug), eq(organizations.slug, idOrSlug)))
    .limit(1)
  if (!row) throw new TesseraError('organization_not_found')
  return row
}

export async function getOrganization(
  ctx: Pick<ServiceContext, 'db' | 'config'>,
  idOrSlug: string,
  includeMembersCount: boolean,
): Promise<BackendOrganizationJSON> {
  const row = await organizationRow(ctx.db, idOrSlug)
  const members = includeMembersCount ? ((await memberCounts(ctx.db, [row.id])).get(row.id) ?? 0) : null
  return toOrganizationJSON(ctx, row, members)
}

export async function listOrganizationMemberships(
  ctx: Pick<ServiceContext, 'db' | 'config'>,
  organizationId: string,
  filter: { userIds: readonly string[]; role?: string | undefined },
  page: Page & { orderBy?: string | undefined },
): Promise<Paginated> {
  const organization = await organizationRow(ctx.db, organizationId)
  const where = and(
    eq(organizationMemberships.organizationId, organization.id),
    filter.userIds.length > 0 ? inArray(organizationMemberships.userId, [...filter.userIds]) : undefined,
    filter.role ? eq(organizationMemberships.role, filter.role) : undefined,
  )
  const [rows, [total], counts] = await Promise.all([
    ctx.db
      .select({ membership: organizationMemberships, user: users, email: emailAddresses.email })
      .from(organizationMemberships)
      .innerJoin(users, eq(users.id, organizationMemberships.userId))
      .leftJoin(emailAddresses, and(eq(emailAddresses.userId, users.id), eq(emailAddresses.isPrimary, true)))
      .where(where)
      .orderBy(
        ...ordering(
          page.orderBy,
          { created_at: organizationMemberships.createdAt, updated_at: organizationMemberships.updatedAt },
          organizationMemberships.id,
        ),
      )
      .limit(page.limit)
      .offset(page.offset),
    ctx.db.select({ total: count() }).from(organizationMemberships).where(where),
    memberCounts(ctx.db, [organization.id]),
  ])
  const orgJSON = toOrganizationJSON(ctx, organization, counts.get(organization.id) ?? 0)
  return {
    data: rows.map(({ membership, user, email }) => ({
      object: 'organization_membership',
      id: membership.id,
      role: membership.role,
      permissions: membershipPermissions(ctx.config.access, organization, membership.role),
      public_metadata: {},
      private_metadata: {},
      created_at: membership.createdAt.getTime(),
      updated_at: membership.updatedAt.getTime(),
      organization: orgJSON,
      public_user_data: {
        user_id: user.id,
        identifier: email ?? '',
        first_name: user.firstName,
        last_name: user.lastName,
        image_url: user.imageDigest ? profileImageUrl(user.id, user.imageDigest) : '',
        has_image: user.imageDigest !== null,
      },
    })),
    total_count: total?.total ?? 0,
  }
}
