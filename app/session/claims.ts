/**
 * The authorization claims of a session token (docs/reference.md#session-tokens), encoded and decoded here so both
 * directions live side by side and round-trip by construction:
 *
 * - `o`: the active organization, `{ id, slg, rol, per, fpm }`. `rol` is the role without `org:`;
 *   `per` lists the permission names of the member's custom permissions; `fpm` holds, for each
 *   organization feature in `fea` (in order), a number whose binary digits, padded to the length of
 *   `per` and read left to right, say which of those permissions the member has in that feature.
 *   (That is how the reference's SDK reads it: `fpm` "3,2" with `per` "read,manage" grants both in
 *   the first feature and `read` in the second.) System permissions are never in the token.
 * - `fea`: enabled features as `scope:key`, scope `o` (organization), `u` (user) or `uo` (both).
 *   Organization features come first so `fpm` lines up with them even in parsers that match the
 *   scope loosely.
 * - `pla`: the plans in force, `u:<plan>` and `o:<plan>`.
 */

import type { AuthorizationFacts } from './authorization.ts'
import { KEY_PART_PATTERN, ROLE_KEY_PATTERN, withOrgPrefix } from './organizations.ts'
import { parseFactorVerificationAge } from './reverification.ts'

export interface OrganizationClaim {
  id: string
  slg: string
  rol: string
  per?: string
  fpm?: string
}

export interface AuthorizationClaims {
  o?: OrganizationClaim
  fea?: string
  pla?: string
}

/** The active organization as the token describes it. */
export interface ActiveOrganization {
  id: string
  slug: string
  /** `org:<name>`. */
  role: string
  /** Custom permissions (`org:<feature>:<permission>`) only. */
  permissions: readonly string[]
  features: readonly string[]
  plan: string | null
}

export interface EntitlementsInput {
  userFeatures: readonly string[]
  userPlan: string | null
  organization: ActiveOrganization | null
}

export function encodeAuthorizationClaims({
  userFeatures,
  userPlan,
  organization,
}: EntitlementsInput): AuthorizationClaims {
  const claims: AuthorizationClaims = {}
  const organizationFeatures = organization?.features ?? []
  const fea = [
    ...organizationFeatures.map((feature) => `${userFeatures.includes(feature) ? 'uo' : 'o'}:${feature}`),
    ...userFeatures.filter((feature) => !organizationFeatures.includes(feature)).map((feature) => `u:${feature}`),
  ]
  if (fea.length > 0) claims.fea = fea.join(',')
  const pla = [userPlan && `u:${userPlan}`, organization?.plan && `o:${organization.plan}`].filter(Boolean)
  if (pla.length > 0) claims.pla = pla.join(',')
  if (organization) {
    const o: OrganizationClaim = { id: organization.id, slg: organization.slug, rol: organization.role.slice(4) }
    const byFeature = organizationFeatures.map((feature) =>
      organization.permissions.flatMap((key) => {
        const [, keyFeature, name] = key.split(':')
        return keyFeature === feature && name ? [name] : []
      }),
    )
    const per = [...new Set(byFeature.flat())]
    if (per.length > 0) {
      o.per = per.join(',')
      o.fpm = byFeature
        .map((names) =>
          per.reduce((bits, name, index) => (names.includes(name) ? bits + 2 ** (per.length - 1 - index) : bits), 0),
        )
        .join(',')
    }
    claims.o = o
  }
  return claims
}

const SCOPES: Record<string, { user: boolean; organization: boolean }> = {
  u: { user: true, organization: false },
  o: { user: false, organization: true },
  uo: { user: true, organization: true },
  ou: { user: true, organization: true },
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

/** `scope:key` entries of `fea`/`pla` split by scope; malformed entries are dropped (they grant nothing). */
function splitByScope(list: unknown): { user: string[]; organization: string[] } {
  const result = { user: [] as string[], organization: [] as string[] }
  if (typeof list !== 'string' || list === '') return result
  for (const entry of list.split(',')) {
    const [scope, key, ...rest] = entry.trim().split(':')
    const where = scope === undefined ? undefined : SCOPES[scope]
    if (!where || !key || rest.length > 0 || !KEY_PART_PATTERN.test(key)) continue
    if (where.user) result.user.push(key)
    if (where.organization) result.organization.push(key)
  }
  return result
}

export interface DecodedAuthorization {
  organization: { id: string; slug: string; role: string; permissions: string[] } | null
  features: { user: string[]; organization: string[] }
  plans: { user: string[]; organization: string[] }
}

/** Reads `o`, `fea` and `pla` back. Anything malformed grants nothing (a bad `o` is no organization). */
export function decodeAuthorizationClaims(claims: Record<string, unknown>): DecodedAuthorization {
  const features = splitByScope(claims.fea)
  const plans = splitByScope(claims.pla)
  return { organization: decodeOrganization(claims.o, features.organization), features, plans }
}

function decodeOrganization(
  value: unknown,
  organizationFeatures: readonly string[],
): DecodedAuthorization['organization'] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const { id, slg, rol, per, fpm } = value as Record<string, unknown>
  if (typeof id !== 'string' || !ID_PATTERN.test(id) || typeof slg !== 'string' || typeof rol !== 'string') return null
  const role = withOrgPrefix(rol)
  if (!ROLE_KEY_PATTERN.test(role)) return null
  const names = typeof per === 'string' && per !== '' ? per.split(',') : []
  const masks = typeof fpm === 'string' && fpm !== '' ? fpm.split(',') : []
  const permissions: string[] = []
  if (names.every((name) => KEY_PART_PATTERN.test(name)) && masks.every((mask) => /^\d{1,10}$/.test(mask))) {
    masks.forEach((mask, index) => {
      const feature = organizationFeatures[index]
      const bits = Number(mask)
      if (!feature || bits >= 2 ** names.length) return
      names.forEach((name, bit) => {
        if (Math.floor(bits / 2 ** (names.length - 1 - bit)) % 2 === 1) permissions.push(`org:${feature}:${name}`)
      })
    })
  }
  return { id, slug: slg, role, permissions }
}

/**
 * Authorization facts from a verified session token. System permissions are not in the token;
 * `systemPermissionsOf(role)` supplies them where the role definitions are known (the server).
 */
export function factsFromClaims(
  claims: Record<string, unknown>,
  systemPermissionsOf: (role: string) => readonly string[] = () => [],
): AuthorizationFacts {
  const { organization, features, plans } = decodeAuthorizationClaims(claims)
  return {
    userId: typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : null,
    factorVerificationAge: parseFactorVerificationAge(claims.fva),
    organization: organization && {
      id: organization.id,
      role: organization.role,
      permissions: [...systemPermissionsOf(organization.role), ...organization.permissions],
    },
    features,
    plans,
  }
}
