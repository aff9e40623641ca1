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
