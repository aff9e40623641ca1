/**
 * Features and plans (the reference's Billing, without payments), and what a membership may do.
 *
 * - A feature is a named capability (`reports`). It may define permissions (`read`, `manage`), which
 *   roles grant as `org:reports:read`.
 * - A plan is for users or for organizations and enables features. Plans are assigned in the seed
 *   data and by administrators; a user or organization without one has its scope's default plan.
 * - Organization features: those of the organization's plan, or every feature when the instance has
 *   no organization plans (as the reference behaves without Billing, where permissions just work).
 *   User features: those of the user's plan (none without user plans).
 * - A custom permission counts only while its feature is enabled for the organization.
 */

import type { ActiveOrganization, EntitlementsInput } from './claims.ts'
import { isSystemPermission, parseCustomPermission, type RoleDefinition } from './organizations.ts'
import { ownEntry } from './registry.ts'

export const PLAN_SCOPES = ['user', 'organization'] as const
export type PlanScope = (typeof PLAN_SCOPES)[number]

export interface FeatureDefinition {
  name: string
  /** Permission names this feature defines (`read` → `org:<feature>:read`). */
  permissions: readonly string[]
}

export interface PlanDefinition {
  name: string
  for: PlanScope
  features: readonly string[]
}

/** Roles, features and plans as the instance defines them. */
export interface AccessPolicy {
  roles: Readonly<Record<string, RoleDefinition>>
  features: Readonly<Record<string, FeatureDefinition>>
  plans: Readonly<Record<string, PlanDefinition>>
  /** The plan of a user or organization that has none assigned. */
  defaultPlans: Readonly<Record<PlanScope, string | null>>
}

/** The plan in force: the assigned one if it still exists for this scope, else the default. */
export function planFor(policy: AccessPolicy, scope: PlanScope, assigned: string | null): string | null {
  if (assigned !== null && ownEntry(policy.plans, assigned)?.for === scope) return assigned
  return policy.defaultPlans[scope]
}

function hasPlansFor(policy: AccessPolicy, scope: PlanScope): boolean {
  return Object.values(policy.plans).some((plan) => plan.for === scope)
}

/** The features enabled for a user or organization on `plan` (see the rules above), in definition order. */
export function featuresFor(policy: AccessPolicy, scope: PlanScope, plan: string | null): string[] {
  const all = Object.keys(policy.features)
  if (scope === 'organization' && !hasPlansFor(policy, 'organization')) return all
  const enabled = plan === null ? [] : (ownEntry(policy.plans, plan)?.features ?? [])
  return all.filter((feature) => enabled.includes(feature))
}

/** What a member with `role` may do in an organization whose features are `organizationFeatures`. */
export function rolePermissions(policy: AccessPolicy, role: string, organizationFeatures: readonly string[]): string[] {
  const granted = ownEntry(policy.roles, role)?.permissions ?? []
  return granted.filter((permission) => {
    if (isSystemPermission(permission)) return true
    const custom = parseCustomPermission(permission)
    return custom !== null && organizationFeatures.includes(custom.feature)
  })
}

/** The plans defined for `scope`, in definition order: what an admin may assign. */
export function plansFor(
  policy: AccessPolicy,
  scope: PlanScope,
): Array<{ key: string; name: string; default: boolean }> {
  return Object.entries(policy.plans)
    .filter(([, plan]) => plan.for === scope)
    .map(([key, plan]) => ({ key, name: plan.name, default: policy.defaultPlans[scope] === key }))
}

/** What the store says about a user and the organization a token acts for: assigned plans and the role. */
export interface EntitlementFacts {
  userPlan: string | null
  /** The organization and the member's role in it; null: the personal account (or no longer a member). */
  organization: { id: string; slug: string; plan: string | null; role: string } | null
}

/**
 * What a session token carries (claims.ts): the plans in force, the features they enable and the
 * member's custom permissions there. System permissions never travel in the token; the server
 * derives them from the role.
 */
export function entitlementsOf(policy: AccessPolicy, facts: EntitlementFacts): EntitlementsInput {
  const userPlan = planFor(policy, 'user', facts.userPlan)
  return {
    userPlan,
    userFeatures: featuresFor(policy, 'user', userPlan),
    organization: facts.organization && activeOrganization(policy, facts.organization),
  }
}

function activeOrganization(
  policy: AccessPolicy,
  organization: NonNullable<EntitlementFacts['organization']>,
): ActiveOrganization {
  const plan = planFor(policy, 'organization', organization.plan)
  const features = featuresFor(policy, 'organization', plan)
  return {
    id: organization.id,
    slug: organization.slug,
    role: organization.role,
    permissions: rolePermissions(policy, organization.role, features).filter(
      (permission) => !isSystemPermission(permission),
    ),
    features,
    plan,
  }
}
