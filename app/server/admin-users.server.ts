/**
 * Users in the admin console: search, a user's details, and what an admin may do to an account —
 * ban and unban, force a password reset, remove a factor, assign a plan. Each action authorizes
 * itself, locks the user's row, and writes its ledger row in its own transaction. No admin acts on
 * their own account here, nor on another admin's unless they are an owner (`accountActionRefusal`).
 */

import { and, count, eq, exists, gt, ilike, inArray, or, type SQL, sql } from 'drizzle-orm'
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core'
import type { Database } from '../../db/client.ts'
import {
  emailAddresses,
  organizationMemberships,
  organizations,
  passkeys,
  passwordCredentials,
  phoneNumbers,
  sessions,
  users,
} from '../../db/schema.ts'
import { accountActionRefusal } from '../session/admin.ts'
import type { AdminUserDetailJSON, AdminUserJSON, CursorPageJSON, RemovableFactor } from '../session/admin-wire.ts'
import { planFor, plansFor } from '../session/entitlements.ts'
import { TesseraError } from '../session/errors.ts'
import { maskPhone } from '../session/identifiers.ts'
import type { KeysetPosition } from '../session/keyset.ts'
import { ADMIN_PAGE_SIZE } from '../session/policy.ts'
import { profileImageUrl } from '../session/profile-image.ts'
import { SIGNED_IN_STATUSES } from '../session/status.ts'
import { assertStillSignsIn, settleSecondFactors } from './account.server.ts'
import {
  type AdminActor,
  adminLedgerEntry,
  assertPlanFor,
  authorizeAdmin,
  containing,
  planLabel,
} from './admin.server.ts'
import { revokeSessionsOfUser } from './admin-sessions.server.ts'
import { deleteBackupCodes } from './backup-codes.server.ts'
import { keyset, keysetPage } from './keyset.server.ts'
import { appendLedger } from './ledger.server.ts'
import { roleName } from './memberships.server.ts'
import type { ServiceContext } from './service-context.server.ts'
import { addTaskToSessions } from './tasks.server.ts'
import { deleteTotp } from './totp.server.ts'
import { announceUserUpdated, enrolledFactors } from './users.server.ts'

// The primary identifiers, joined under names of their own (searches look through every identifier).
const primaryEmail = alias(emailAddresses, 'primary_email')
const primaryPhone = alias(phoneNumbers, 'primary_phone')

const userColumns = {
  id: users.id,
  firstName: users.firstName,
  lastName: users.lastName,
  email: primaryEmail.email,
  phoneNumber: primaryPhone.phoneNumber,
  adminRole: users.adminRole,
  bannedAt: users.bannedAt,
  createdAt: users.createdAt,
  imageDigest: users.imageDigest,
}

/** Users with their primary email address and phone number. */
function selectUsers<TExtra extends Record<string, AnyPgColumn | SQL>>(db: Database, extra: TExtra) {
  return db
    .select({ ...userColumns, ...extra })
    .from(users)
    .leftJoin(primaryEmail, and(eq(primaryEmail.userId, users.id), eq(primaryEmail.isPrimary, true)))
    .leftJoin(primaryPhone, and(eq(primaryPhone.userId, users.id), eq(primaryPhone.isPrimary, true)))
}

function toAdminUserJSON(
  row: Omit<AdminUserJSON, 'bannedAt' | 'createdAt' | 'imageUrl'> & {
    bannedAt: Date | null
    createdAt: Date
    imageDigest: string | null
  },
): AdminUserJSON {
  return {
    id: row.id,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    phoneNumber: row.phoneNumber,
    adminRole: row.adminRole,
    bannedAt: row.bannedAt?.getTime() ?? null,
    createdAt: row.createdAt.getTime(),
    imageUrl: row.imageDigest === null ? null : profileImageUrl(row.id, row.imageDigest),
  }
}

const usersKeyset = keyset(users.createdAt, users.id)

/**
 * Users whose id, name, any email address or any phone number contains `query` (case-insensitive;
 * a phone number also matches typed with spaces or dashes), newest first, ADMIN_PAGE_SIZE at a
 * time (keyset pagination on creation and id). An empty query lists all.
 */
export async function searchUsers(
  ctx: ServiceContext,
  admin: AdminActor,
  input: { query: string; cursor?: KeysetPosition | null },
): Promise<CursorPageJSON<AdminUserJSON>> {
  await authorizeAdmin(ctx.db, admin, 'admin:read')
  const query = input.query.trim()
  const pattern = containing(query)
  const digits = query.replace(/[\s().-]/g, '')
  const matches = query
    ? or(
        ilike(users.id, pattern),
        ilike(sql`concat_ws(' ', ${users.firstName}, ${users.lastName})`, pattern),
        exists(
          ctx.db
            .select({ one: sql`1` })
            .from(emailAddresses)
            .where(and(eq(emailAddresses.userId, users.id), ilike(emailAddresses.email, pattern))),
        ),
        digits
          ? exists(
              ctx.db
                .select({ one: sql`1` })
                .from(phoneNumbers)
                .where(and(eq(phoneNumbers.userId, users.id), ilike(phoneNumbers.phoneNumber, containing(digits)))),
            )
          : undefined,
      )
    : undefined
  const rows = await selectUsers(ctx.db, { keysetAtUs: usersKeyset.atUs })
    .where(and(matches, usersKeyset.after(input.cursor)))
    .orderBy(...usersKeyset.orderBy)
    .limit(ADMIN_PAGE_SIZE + 1)
  const page = keysetPage(rows, ADMIN_PAGE_SIZE)
  return { items: page.rows.map(toAdminUserJSON), nextCursor: page.nextCursor }
}

/** Everything the console shows about one user: identifiers, factors, plan, role, ban, organizations, sessions. */
export async function userDetail(
  ctx: ServiceContext,
  admin: AdminActor,
  input: { userId: string },
): Promise<AdminUserDetailJSON> {
  await authorizeAdmin(ctx.db, admin, 'admin:read')
  const { db, now } = ctx
  const inTime = (status: 'active' | 'pending') => and(eq(sessions.status, status), gt(sessions.abandonAt, now))
  const [[user], emails, phones, keys, password, factors, memberships, sessionCounts] = await Promise.all([
    selectUsers(db, { banReason: users.banReason, lockedUntil: users.lockedUntil, plan: users.plan }).where(
      eq(users.id, input.userId),
    ),
    db.select().from(emailAddresses).where(eq(emailAddresses.userId, input.userId)).orderBy(emailAddresses.createdAt),
    db.select().from(phoneNumbers).where(eq(phoneNumbers.userId, input.userId)).orderBy(phoneNumbers.createdAt),
    db.select().from(passkeys).where(eq(passkeys.userId, input.userId)).orderBy(passkeys.createdAt),
    db
      .select({ compromisedAt: passwordCredentials.compromisedAt })
      .from(passwordCredentials)
      .where(eq(passwordCredentials.userId, input.userId)),
    enrolledFactors(db, input.userId),
    db
      .select({
        organizationId: organizations.id,
        name: organizations.name,
        slug: organizations.slug,
        role: organizationMemberships.role,
      })
      .from(organizationMemberships)
      .innerJoin(organizations, eq(organizations.id, organizationMemberships.organizationId))
      .where(eq(organizationMemberships.userId, input.userId))
      .orderBy(organizations.name),
    db
      .select({
        total: count(),
        active: count(sql`case when ${inTime('active')} then 1 end`),
        pending: count(sql`case when ${inTime('pending')} then 1 end`),
      })
      .from(sessions)
      .where(eq(sessions.userId, input.userId)),
  ])
  if (!user) throw new TesseraError('user_not_found')
  const policy = ctx.config.access
  return {
    user: {
      ...toAdminUserJSON(user),
      banReason: user.banReason,
      lockedUntil: user.lockedUntil && user.lockedUntil > now ? user.lockedUntil.getTime() : null,
      plan: { assigned: user.plan, effective: planFor(policy, 'user', user.plan) },
    },
    emailAddresses: emails.map((row) => ({
      id: row.id,
      emailAddress: row.email,
      primary: row.isPrimary,
      verified: row.verifiedAt !== null,
    })),
    phoneNumbers: phones.map((row) => ({
      id: row.id,
      phoneNumber: row.phoneNumber,
      primary: row.isPrimary,
      verified: row.verifiedAt !== null,
      secondFactor: row.secondFactor,
    })),
    factors: {
      password: { enrolled: password.length > 0, compromised: password[0]?.compromisedAt != null },
      totp: factors.totp,
      passkeys: keys.map((row) => ({
        id: row.id,
        name: row.name,
        createdAt: row.createdAt.getTime(),
        lastUsedAt: row.lastUsedAt?.getTime() ?? null,
      })),
      backupCodesRemaining: factors.backupCodesRemaining,
    },
    memberships: memberships.map(({ role, ...membership }) => ({ ...membership, roleName: roleName(policy, role) })),
    sessions: sessionCounts[0] ?? { total: 0, active: 0, pending: 0 },
    plans: plansFor(policy, 'user'),
  }
}

/**
 * The user an account action is about, locked for the rest of the transaction (a ban and a
 * sign-in serialise on this row), once the admin may act on them.
 */
async function lockAccount(tx: Database, admin: AdminActor, userId: string) {
  const role = await authorizeAdmin(tx, admin, 'admin:manage_users')
  const [target] = await tx
    .select({ id: users.id, adminRole: users.adminRole, bannedAt: users.bannedAt })
    .from(users)
    .where(eq(users.id, userId))
    .for('update')
  if (!target) throw new TesseraError('user_not_found')
  const refusal = accountActionRefusal({ adminId: admin.id, adminRole: role, target })
  if (refusal) throw new TesseraError('admin_action_refused', { meta: { reason: refusal } })
  return target
}

/**
 * Bans a user: they cannot sign in (nor be impersonated), and every session they have is revoked
 * in the same transaction. Banning a banned user changes nothing.
 */
export async function banUser(
  ctx: ServiceContext,
  admin: AdminActor,
  input: { userId: string; reason: string },
): Promise<{ revokedSessions: number }> {
  return ctx.db.transaction(async (tx) => {
    const target = await lockAccount(tx, admin, input.userId)
    if (target.bannedAt) return { revokedSessions: 0 }
    await tx
      .update(users)
      .set({ bannedAt: ctx.now, banReason: input.reason, updatedAt: ctx.now })
      .where(eq(users.id, target.id))
    const revokedSessions = await revokeSessionsOfUser(ctx, tx, admin, target.id, 'user_banned')
    await appendLedger(tx, [adminLedgerEntry(ctx, admin, 'user_banned', target.id, input.reason)], ctx.now)
    await announceUserUpdated(tx, target.id, ctx.now)
    return { revokedSessions }
  })
}

/** Lifts a ban: the user can sign in again (their revoked sessions stay revoked). */
export async function unbanUser(
  ctx: ServiceContext,
  admin: AdminActor,
  input: { userId: string; reason: string },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const target = await lockAccount(tx, admin, input.userId)
    if (!target.bannedAt) return
    await tx.update(users).set({ bannedAt: null, banReason: null, updatedAt: ctx.now }).where(eq(users.id, target.id))
    await appendLedger(tx, [adminLedgerEntry(ctx, admin, 'user_unbanned', target.id, input.reason)], ctx.now)
    await announceUserUpdated(tx, target.id, ctx.now)
  })
}

/**
 * Marks the user's password compromised: it never signs in alone again, so their next sign-in
 * proves another first factor and then owes a new password (the `reset-password` task). Whoever
 * knows the password may be signed in, so every session the user has is revoked too.
 */
export async function markPasswordCompromised(
  ctx: ServiceContext,
  admin: AdminActor,
  input: { userId: string; reason: string },
): Promise<{ revokedSessions: number }> {
  return ctx.db.transaction(async (tx) => {
    const target = await lockAccount(tx, admin, input.userId)
    const marked = await tx
      .update(passwordCredentials)
      .set({ compromisedAt: ctx.now, updatedAt: ctx.now })
      .where(eq(passwordCredentials.userId, target.id))
      .returning({ userId: passwordCredentials.userId })
    if (marked.length === 0) throw new TesseraError('factor_not_found', { meta: { factor: 'password' } })
    const revokedSessions = await revokeSessionsOfUser(ctx, tx, admin, target.id, 'revoked_by_admin')
    await appendLedger(tx, [adminLedgerEntry(ctx, admin, 'password_reset_required', target.id, input.reason)], ctx.now)
    await announceUserUpdated(tx, target.id, ctx.now)
    return { revokedSessions }
  })
}

/** Removes the factor; returns how the ledger names it. Throws `factor_not_found` when the user has no such factor. */
async function deleteFactor(ctx: ServiceContext, tx: Database, userId: string, factor: RemovableFactor) {
  const notFound = () => new TesseraError('factor_not_found', { meta: { factor: factor.kind } })
  switch (factor.kind) {
    case 'totp':
      if (!(await deleteTotp(tx, userId))) throw notFound()
      return 'Authenticator app'
    case 'passkey': {
      const [deleted] = await tx
        .delete(passkeys)
        .where(and(eq(passkeys.id, factor.passkeyId), eq(passkeys.userId, userId)))
        .returning({ name: passkeys.name })
      if (!deleted) throw notFound()
      // Counted after the delete, inside the transaction: a refusal rolls it back.
      await assertStillSignsIn({ ...ctx, db: tx }, userId, {})
      return `Passkey “${deleted.name}”`
    }
    case 'sms_second_factor': {
      const [phone] = await tx
        .update(phoneNumbers)
        .set({ secondFactor: false })
        .where(
          and(
            eq(phoneNumbers.id, factor.phoneNumberId),
            eq(phoneNumbers.userId, userId),
            eq(phoneNumbers.secondFactor, true),
          ),
        )
        .returning({ phoneNumber: phoneNumbers.phoneNumber })
      if (!phone) throw notFound()
      return `Text-message codes to ${maskPhone(phone.phoneNumber)}`
    }
    case 'backup_codes':
      if ((await enrolledFactors(tx, userId)).backupCodesRemaining === 0) throw notFound()
      await deleteBackupCodes(tx, userId)
      return 'Backup codes'
  }
}

/**
 * Removes one of the user's factors (a lost authenticator, a passkey on a stolen laptop). Their
 * sessions stay signed in; without a second factor left no session claims one, and where the
 * instance requires one, their sessions owe `setup-mfa` again. A passkey is refused when it is the
 * last first factor the user could sign in with.
 */
export async function removeFactor(
  ctx: ServiceContext,
  admin: AdminActor,
  input: { userId: string; factor: RemovableFactor; reason: string },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const target = await lockAccount(tx, admin, input.userId)
    const label = await deleteFactor(ctx, tx, target.id, input.factor)
    if (input.factor.kind !== 'passkey') {
      const remaining = await settleSecondFactors(ctx, tx, target.id)
      if (ctx.config.factors.requireMfa && !remaining.some((strategy) => strategy !== 'backup_code')) {
        const signedIn = await tx
          .select({ id: sessions.id })
          .from(sessions)
          .where(and(eq(sessions.userId, target.id), inArray(sessions.status, [...SIGNED_IN_STATUSES])))
        await addTaskToSessions(
          tx,
          signedIn.map((row) => row.id),
          'setup-mfa',
          ctx.now,
        )
      }
    }
    await appendLedger(
      tx,
      [adminLedgerEntry(ctx, admin, 'factor_removed_by_admin', target.id, `${label} — ${input.reason}`)],
      ctx.now,
    )
    await announceUserUpdated(tx, target.id, ctx.now)
  })
}

/** Assigns a user plan (null: the default plan), checked against app.config.ts `plans`. */
export async function assignUserPlan(
  ctx: ServiceContext,
  admin: AdminActor,
  input: { userId: string; plan: string | null },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await authorizeAdmin(tx, admin, 'admin:manage_users')
    assertPlanFor(ctx.config, 'user', input.plan)
    const [user] = await tx.select({ plan: users.plan }).from(users).where(eq(users.id, input.userId)).for('update')
    if (!user) throw new TesseraError('user_not_found')
    if (user.plan === input.plan) return
    await tx.update(users).set({ plan: input.plan, updatedAt: ctx.now }).where(eq(users.id, input.userId))
    const detail = `${planLabel(ctx.config, user.plan)} → ${planLabel(ctx.config, input.plan)}`
    await appendLedger(tx, [adminLedgerEntry(ctx, admin, 'plan_changed', input.userId, detail)], ctx.now)
  })
}
