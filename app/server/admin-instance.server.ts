/**
 * The instance in the admin console: the dashboard's counts and chart, organizations and their
 * plans, the signing keys, and the ledger of everyone's events.
 */

import { and, count, desc, eq, gt, gte, ilike, inArray, isNotNull, lte, or, sql } from 'drizzle-orm'
import { organizations, sessionEvents, sessions, signingKeys, users } from '../../db/schema.ts'
import { chartWindow, fillChart } from '../session/admin-chart.ts'
import type {
  AdminOrganizationsJSON,
  CursorPageJSON,
  DashboardJSON,
  LedgerEventJSON,
  SigningKeyJSON,
} from '../session/admin-wire.ts'
import { planFor, plansFor } from '../session/entitlements.ts'
import { TesseraError } from '../session/errors.ts'
import { type LedgerFilter, readLedger } from './activity.server.ts'
import {
  type AdminActor,
  adminLedgerEntry,
  assertPlanFor,
  authorizeAdmin,
  containing,
  pageWindow,
  planLabel,
  toPage,
} from './admin.server.ts'
import { appendLedger } from './ledger.server.ts'
import { memberCounts } from './memberships.server.ts'
import type { ServiceContext } from './service-context.server.ts'
import { rotateSigningKey } from './signing-keys.server.ts'

// ---------------------------------------------------------------------------------------------
// Dashboard

/**
 * Live counts, and sign-ins (sessions created) against failed sign-ins per minute over the last
 * hour. Signed-in sessions count only while their time has not passed, whether or not the sweeper
 * has run.
 */
export async function dashboard(ctx: ServiceContext, admin: AdminActor): Promise<DashboardJSON> {
  await authorizeAdmin(ctx.db, admin, 'admin:read')
  const { db, now } = ctx
  const signedIn = (status: 'active' | 'pending') =>
    db.$count(sessions, and(eq(sessions.status, status), gt(sessions.abandonAt, now)))
  const window = chartWindow(now)
  const bucket = sql<number>`floor(extract(epoch from ${sessionEvents.createdAt}) / ${window.bucketSeconds})::int`
  const [activeSessions, pendingSessions, userCount, bannedUsers, organizationCount, admins, perBucket] =
    await Promise.all([
      signedIn('active'),
      signedIn('pending'),
      db.$count(users),
      db.$count(users, isNotNull(users.bannedAt)),
      db.$count(organizations),
      db.$count(users, isNotNull(users.adminRole)),
      db
        .select({
          bucket: bucket.mapWith(Number),
          signIns: count(sql`case when ${sessionEvents.type} = 'created' then 1 end`),
          failedSignIns: count(sql`case when ${sessionEvents.type} = 'sign_in_failed' then 1 end`),
        })
        .from(sessionEvents)
        .where(
          and(
            inArray(sessionEvents.type, ['created', 'sign_in_failed']),
            gte(sessionEvents.createdAt, window.from),
            lte(sessionEvents.createdAt, now),
          ),
        )
        // By position: the same expression written twice would be two different parameters.
        .groupBy(sql`1`),
    ])
  return {
    counts: {
      activeSessions,
      pendingSessions,
      users: userCount,
      bannedUsers,
      organizations: organizationCount,
      admins,
    },
    chart: fillChart(window, perBucket),
    bucketSeconds: window.bucketSeconds,
  }
}

// ---------------------------------------------------------------------------------------------
// Organizations

/** Organizations whose name, slug or id contains `query`, newest first, with their plans. */
export async function listOrganizations(
  ctx: ServiceContext,
  admin: AdminActor,
  input: { query: string; page: number },
): Promise<AdminOrganizationsJSON> {
  await authorizeAdmin(ctx.db, admin, 'admin:read')
  const query = input.query.trim()
  const pattern = containing(query)
  const { limit, offset } = pageWindow(input.page)
  const rows = await ctx.db
    .select()
    .from(organizations)
    .where(
      query
        ? or(ilike(organizations.name, pattern), ilike(organizations.slug, pattern), ilike(organizations.id, pattern))
        : undefined,
    )
    .orderBy(desc(organizations.createdAt), desc(organizations.id))
    .limit(limit)
    .offset(offset)
  const members = await memberCounts(
    ctx.db,
    rows.map((row) => row.id),
  )
  const policy = ctx.config.access
  return {
    ...toPage(
      rows.map((row) => ({
        id: row.id,
        name: row.name,
        slug: row.slug,
        membersCount: members.get(row.id) ?? 0,
        plan: { assigned: row.plan, effective: planFor(policy, 'organization', row.plan) },
        createdAt: row.createdAt.getTime(),
      })),
      input.page,
    ),
    plans: plansFor(policy, 'organization'),
  }
}

/** Assigns an organization plan (null: the default plan), checked against app.config.ts `plans`. */
export async function assignOrganizationPlan(
  ctx: ServiceContext,
  admin: AdminActor,
  input: { organizationId: string; plan: string | null },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await authorizeAdmin(tx, admin, 'admin:manage_users')
    assertPlanFor(ctx.config, 'organization', input.plan)
    const [organization] = await tx
      .select({ name: organizations.name, slug: organizations.slug, plan: organizations.plan })
      .from(organizations)
      .where(eq(organizations.id, input.organizationId))
      .for('update')
    if (!organization) throw new TesseraError('organization_not_found')
    if (organization.plan === input.plan) return
    await tx
      .update(organizations)
      .set({ plan: input.plan, updatedAt: ctx.now })
      .where(eq(organizations.id, input.organizationId))
    const change = `${planLabel(ctx.config, organization.plan)} → ${planLabel(ctx.config, input.plan)}`
    await appendLedger(
      tx,
      [adminLedgerEntry(ctx, admin, 'plan_changed', null, `${organization.name} (${organization.slug}): ${change}`)],
      ctx.now,
    )
  })
}

// ---------------------------------------------------------------------------------------------
// Signing keys

/** Every signing key, newest first (public facts only: never the private key). */
export async function listSigningKeys(ctx: ServiceContext, admin: AdminActor): Promise<SigningKeyJSON[]> {
  await authorizeAdmin(ctx.db, admin, 'admin:read')
  const rows = await ctx.db
    .select({
      kid: signingKeys.kid,
      algorithm: signingKeys.algorithm,
      status: signingKeys.status,
      createdAt: signingKeys.createdAt,
      signsFrom: signingKeys.signsFrom,
      retiredAt: signingKeys.retiredAt,
      revokedAt: signingKeys.revokedAt,
    })
    .from(signingKeys)
    .orderBy(desc(signingKeys.createdAt))
  return rows.map((row) => ({
    ...row,
    createdAt: row.createdAt.getTime(),
    signsFrom: row.signsFrom.getTime(),
    // Published in advance (security.md §4.1 step 1): in the JWKS, not signing yet.
    publishing: row.status === 'active' && row.signsFrom.getTime() > ctx.now.getTime(),
    retiredAt: row.retiredAt?.getTime() ?? null,
    revokedAt: row.revokedAt?.getTime() ?? null,
  }))
}

/**
 * Rotates the signing key, recorded with the rotation: the new key is published now and signs from
 * SIGNING_KEY_PUBLISH_AHEAD_SECONDS later (security.md §4.1), or at once when `immediate` (an
 * emergency); the old one signs until then and keeps verifying for the overlap.
 */
export async function rotateKeys(
  ctx: ServiceContext,
  admin: AdminActor,
  input: { immediate?: boolean | undefined } = {},
): Promise<{ active: string; signsFrom: number }> {
  // Checked before the (slow) key generation, so nobody else can make the server generate keys.
  await authorizeAdmin(ctx.db, admin, 'admin:manage_instance')
  const { active, signsFrom } = await rotateSigningKey(ctx.db, ctx.config.tokens, ctx.now, {
    ...(input.immediate && { publishAheadSeconds: 0 }),
    record: async (tx, rotation) => {
      const from = input.immediate ? 'signing from now (immediate)' : `signing from ${rotation.signsFrom.toISOString()}`
      const detail = rotation.retired
        ? `Published ${rotation.active}, ${from}; ${rotation.retired} signs until then and keeps verifying for the overlap`
        : `Published ${rotation.active}, ${from}`
      await appendLedger(tx, [adminLedgerEntry(ctx, admin, 'signing_key_rotated', null, detail)], ctx.now)
    },
  })
  return { active, signsFrom: signsFrom.getTime() }
}

// ---------------------------------------------------------------------------------------------
// Ledger

/** Everyone's events, newest first, optionally for one user and one event type. */
export async function listLedger(
  ctx: ServiceContext,
  admin: AdminActor,
  filter: LedgerFilter,
): Promise<CursorPageJSON<LedgerEventJSON>> {
  await authorizeAdmin(ctx.db, admin, 'admin:read')
  return readLedger(ctx.db, filter)
}
