/**
 * Reading what users may do in organizations: their memberships as the browser sees them, and the
 * entitlements a session token carries. Always read fresh from the database (a role change takes
 * effect on the next token), and always through the user's own membership, so an organization the
 * user does not belong to is never described.
 */

import { and, count, eq, inArray, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { preparedPerDatabase } from '../../db/prepared.ts'
import { organizationMemberships, organizations, users } from '../../db/schema.ts'
import type { EntitlementsInput } from '../session/claims.ts'
import { type AccessPolicy, entitlementsOf, featuresFor, planFor, rolePermissions } from '../session/entitlements.ts'
import { ownEntry } from '../session/registry.ts'
import type { OrganizationJSON, OrganizationMembershipJSON } from '../session/wire.ts'

export type OrganizationRow = typeof organizations.$inferSelect
export type MembershipRow = typeof organizationMemberships.$inferSelect

export function toOrganizationJSON(
  policy: AccessPolicy,
  row: Pick<OrganizationRow, 'id' | 'name' | 'slug' | 'plan' | 'createdAt' | 'updatedAt'>,
  membersCount: number,
): OrganizationJSON {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    membersCount,
    plan: planFor(policy, 'organization', row.plan),
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  }
}

/** The role's display name; a role the instance no longer defines shows its key. */
export const roleName = (policy: AccessPolicy, role: string) => ownEntry(policy.roles, role)?.name ?? role

/** Every permission `role` grants in `organization` now (system ones included). */
export function membershipPermissions(
  policy: AccessPolicy,
  organization: Pick<OrganizationRow, 'plan'>,
  role: string,
): string[] {
  const features = featuresFor(policy, 'organization', planFor(policy, 'organization', organization.plan))
  return rolePermissions(policy, role, features)
}

/** Members per organization, for the given organizations. */
export async function memberCounts(db: Database, organizationIds: readonly string[]): Promise<Map<string, number>> {
  if (organizationIds.length === 0) return new Map()
  const rows = await db
    .select({ organizationId: organizationMemberships.organizationId, members: count() })
    .from(organizationMemberships)
    .where(inArray(organizationMemberships.organizationId, [...organizationIds]))
    .groupBy(organizationMemberships.organizationId)
  return new Map(rows.map((row) => [row.organizationId, row.members]))
}

/** Each user's memberships, by organization name. */
const membershipsLookup = preparedPerDatabase((db) =>
  db
    .select({ membership: organizationMemberships, organization: organizations })
    .from(organizationMemberships)
    .innerJoin(organizations, eq(organizations.id, organizationMemberships.organizationId))
    .where(sql`${organizationMemberships.userId} = any(${sql.placeholder('userIds')}::text[])`)
    .orderBy(organizations.name, organizations.id)
    .prepare('tessera_memberships_of_users'),
)

export async function loadMemberships(
  db: Database,
  policy: AccessPolicy,
  userIds: readonly string[],
): Promise<Map<string, OrganizationMembershipJSON[]>> {
  const result = new Map<string, OrganizationMembershipJSON[]>(userIds.map((id) => [id, []]))
  if (userIds.length === 0) return result
  const rows = await membershipsLookup(db).execute({ userIds: [...userIds] })
  const counts = await memberCounts(db, [...new Set(rows.map((row) => row.organization.id))])
  for (const { membership, organization } of rows) {
    result.get(membership.userId)?.push({
      id: membership.id,
      organization: toOrganizationJSON(policy, organization, counts.get(organization.id) ?? 0),
      role: membership.role,
      roleName: roleName(policy, membership.role),
      permissions: membershipPermissions(policy, organization, membership.role),
      createdAt: membership.createdAt.getTime(),
    })
  }
  return result
}

/** The user's membership in `organizationId`, with the organization, or null when they are not a member. */
export async function findMembership(
  db: Database,
  userId: string,
  organizationId: string,
): Promise<{ membership: MembershipRow; organization: OrganizationRow } | null> {
  const [row] = await db
    .select({ membership: organizationMemberships, organization: organizations })
    .from(organizationMemberships)
    .innerJoin(organizations, eq(organizations.id, organizationMemberships.organizationId))
    .where(and(eq(organizationMemberships.userId, userId), eq(organizationMemberships.organizationId, organizationId)))
  return row ?? null
}

/**
 * What a session token for `userId` acting for `organizationId` carries: the user's plan and
 * features, and the organization's (null when the user is no longer a member: the token then
 * carries no organization, and 8.4.1 holds by construction). One round trip.
 */
/** What a token says about the user's plan and organization: one prepared statement per mint. */
const entitlementsLookup = preparedPerDatabase((db) =>
  db
    .select({ userPlan: users.plan, membership: organizationMemberships, organization: organizations })
    .from(users)
    .leftJoin(
      organizationMemberships,
      and(
        eq(organizationMemberships.userId, users.id),
        eq(organizationMemberships.organizationId, sql.placeholder('organizationId')),
      ),
    )
    .leftJoin(organizations, eq(organizations.id, organizationMemberships.organizationId))
    .where(eq(users.id, sql.placeholder('userId')))
    .prepare('tessera_entitlements'),
)

export async function entitlementsFor(
  db: Database,
  policy: AccessPolicy,
  userId: string,
  organizationId: string | null,
): Promise<EntitlementsInput> {
  const [row] = await entitlementsLookup(db).execute({ userId, organizationId: organizationId ?? '' })
  return entitlementsOf(policy, {
    userPlan: row?.userPlan ?? null,
    organization:
      row?.membership && row.organization
        ? {
            id: row.organization.id,
            slug: row.organization.slug,
            plan: row.organization.plan,
            role: row.membership.role,
          }
        : null,
  })
}
