/**
 * The authorization claims of a session token (docs/reference.md#session-tokens), encoded and decoded here so both
 * directions live side by side and round-trip by construction:
 *
 * - `o`: the active organization, `{ id, slg, rol, per, fpm }`. `rol` is the role without `org:`;
 *   `per` lists the permission names of the member's custom permissions; `fpm` holds, for each
 *   organization feature in `fea` (in order), a decimal bit mask over `per` whose lowest bit stands
 *   for the first name of `per` (the reference SDK's decoder, `@clerk/shared`'s jwtPayloadParser,
 *   and its unit tests read it so: `per` "read,manage", `fpm` "1" is `read`). System permissions
 *   are never in the token.
 * - `fea`: enabled features as `scope:key`, scope `o` (organization), `u` (user) or `uo` (both).
 *   Organization features come first so `fpm` lines up with them even in parsers that match the
 *   scope loosely.
 * - `pla`: the plans in force, `u:<plan>` and `o:<plan>`.
 *
 * Decoding reads well-formed claims of other issuers as the reference does (ADR 026): an `o`
 * without `slg` or `rol` still names the organization; names outside our own key pattern
 * (`support-chat`) count; spaces around list entries are trimmed; `fpm` bits beyond `per` are
 * ignored, and a malformed mask costs only its own feature. Every `o`-scoped `fea` entry keeps its
 * place in the mask order, even one that grants nothing, so no mask slides onto another feature.
 * Where the reference's parser is looser on malformed input it stays fail-closed: a `fea` or `pla`
 * with an entry lacking a colon (the reference throws on it) is refused whole — no features or
 * plans, and no custom permissions — and names with characters outside `NAME_PATTERN` grant nothing,
 * as does a feature named `sys_…` (a system permission never comes from a token).
 */

import type { AuthorizationFacts } from './authorization.ts'
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
      // Bit i (from the lowest) is per[i]; BigInt keeps masks over more than 53 names exact.
      o.fpm = byFeature
        .map((names) =>
          per.reduce((bits, name, index) => (names.includes(name) ? bits | (1n << BigInt(index)) : bits), 0n),
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
/**
 * A feature, plan, permission or role name we accept from a token: ours (`KEY_PART_PATTERN`) and
 * other issuers' (`support-chat`, `Reports.v2`), never a separator (`:`, `,`) or whitespace.
 */
const NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/
const MASK_PATTERN = /^\d{1,1000}$/

interface ScopedList {
  user: string[]
  organization: string[]
  /**
   * The organization-scoped entries in order, one per `fpm` mask: the name, or null for an entry
   * that grants nothing but still holds its place.
   */
  organizationSlots: (string | null)[]
}

/** `scope:key` entries of `fea`/`pla`; an entry without a colon refuses the whole list (fail-closed). */
function splitByScope(list: unknown): ScopedList {
  const result: ScopedList = { user: [], organization: [], organizationSlots: [] }
  if (typeof list !== 'string' || list === '') return result
  const entries = list.split(',').map((entry) => entry.trim())
  if (entries.some((entry) => !entry.includes(':'))) return result
  for (const entry of entries) {
    const colon = entry.indexOf(':')
    const where = ownScope(entry.slice(0, colon))
    if (!where) continue
    const key = entry.slice(colon + 1)
    const name = NAME_PATTERN.test(key) ? key : null
    if (where.organization) result.organizationSlots.push(name)
    if (!name) continue
    if (where.user) result.user.push(name)
    if (where.organization) result.organization.push(name)
  }
  return result
}

const ownScope = (scope: string) => (Object.hasOwn(SCOPES, scope) ? SCOPES[scope] : undefined)

export interface DecodedAuthorization {
  /** The organization the token names; its slug and role are null when the token leaves them out. */
  organization: { id: string; slug: string | null; role: string | null; permissions: string[] } | null
  features: { user: string[]; organization: string[] }
  plans: { user: string[]; organization: string[] }
}

/** Reads `o`, `fea` and `pla` back. Anything malformed grants nothing (see the module comment). */
export function decodeAuthorizationClaims(claims: Record<string, unknown>): DecodedAuthorization {
  const { organizationSlots, ...features } = splitByScope(claims.fea)
  const { organizationSlots: _, ...plans } = splitByScope(claims.pla)
  return { organization: decodeOrganization(claims.o, organizationSlots), features, plans }
}

function decodeOrganization(
  value: unknown,
  featureSlots: readonly (string | null)[],
): DecodedAuthorization['organization'] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const { id, slg, rol, per, fpm } = value as Record<string, unknown>
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) return null
  // A role that is there but malformed is refused with its organization (fail-closed); an absent one is no role.
  if (rol !== undefined && (typeof rol !== 'string' || !NAME_PATTERN.test(rol))) return null
  const role = typeof rol === 'string' ? `org:${rol}` : null
  const slug = typeof slg === 'string' && slg !== '' ? slg : null
  const names = typeof per === 'string' && per !== '' ? per.split(',').map((name) => name.trim()) : []
  const masks = typeof fpm === 'string' && fpm !== '' ? fpm.split(',').map((mask) => mask.trim()) : []
  const permissions: string[] = []
  masks.forEach((mask, index) => {
    const feature = featureSlots[index]
    // System permissions (`org:sys_*`) never travel in a token: a feature named so grants nothing.
    if (!feature || feature.startsWith('sys_') || !MASK_PATTERN.test(mask)) return
    const bits = BigInt(mask)
    names.forEach((name, bit) => {
      if (NAME_PATTERN.test(name) && (bits >> BigInt(bit)) & 1n) permissions.push(`org:${feature}:${name}`)
    })
  })
  return { id, slug, role, permissions }
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
      permissions: [...(organization.role ? systemPermissionsOf(organization.role) : []), ...organization.permissions],
    },
    features,
    plans,
  }
}
