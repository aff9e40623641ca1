/**
 * Tessera's instance settings: what a hosted service would put in its dashboard. The values live
 * in `app.config.ts` at the project root; this module gives them a type, defaults and validation.
 * Secrets never belong here; they come from the environment.
 */

import * as z from 'zod'
import type { AccessPolicy, PlanScope } from '../session/entitlements.ts'
import { PLAN_SCOPES } from '../session/entitlements.ts'
import { FIRST_FACTOR_STRATEGIES, isOAuthStrategy, providerOf, SECOND_FACTOR_STRATEGIES } from '../session/factors.ts'
import type { JsonValue } from '../session/json.ts'
import { LIFETIME_PROFILES, limitsProblem, PROFILE_LIMITS, type SessionLimits } from '../session/lifetime.ts'
import {
  DEFAULT_ROLES,
  isSystemPermission,
  KEY_PART_PATTERN,
  MANAGING_PERMISSION,
  parseCustomPermission,
  ROLE_KEY_PATTERN,
} from '../session/organizations.ts'
import {
  DEFAULT_LOCKOUT_DURATION_SECONDS,
  DEFAULT_LOCKOUT_MAX_FAILURES,
  DEFAULT_MAX_MEMBERS_PER_ORGANIZATION,
  DEFAULT_MAX_MEMBERSHIPS_PER_USER,
  DEFAULT_MAX_SESSIONS_PER_CLIENT,
  DEFAULT_RSA_MODULUS_BITS,
  LOCKOUT_MAX_FAILURES_CEILING,
  LOCKOUT_MAX_FAILURES_FLOOR,
  MAX_SESSIONS_PER_CLIENT_CEILING,
  PASSWORD_MIN_LENGTH,
  PASSWORD_SINGLE_FACTOR_MIN_LENGTH,
  SESSION_TOKEN_LIFETIME_SECONDS,
  TOKEN_CLOCK_SKEW_SECONDS,
} from '../session/policy.ts'
import { DEFAULT_RATE_LIMITS, RATE_LIMIT_RULES, type RateLimit, type RateLimitRule } from '../session/rate-limit.ts'
import { ownEntry } from '../session/registry.ts'
import { parseReverificationConfig, type ReverificationConfig } from '../session/reverification.ts'
import { SENSITIVE_ACTIONS } from '../session/sensitive-actions.ts'
import type { TaskSettings } from '../session/tasks.ts'
import { RESERVED_CLAIMS, RSA_MODULUS_SIZES, SIGNING_ALGORITHMS, TEMPLATE_NAME_PATTERN } from '../session/tokens.ts'
import type { EnvironmentJSON } from '../session/wire.ts'

const minutes = z.number().int().positive().nullable()

const customLifetime = z
  .object({
    /** Absolute lifetime from sign-in; null switches it off. */
    maxLifetimeMinutes: minutes,
    /** Inactivity timeout; null switches it off. */
    inactivityTimeoutMinutes: minutes,
  })
  .strict()

const toSeconds = (value: number | null) => (value === null ? null : value * 60)

const json: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]),
)

const templateSchema = z
  .object({
    /** Token lifetime (`exp - iat`). */
    lifetimeSeconds: z.number().int().min(1).max(86_400).default(SESSION_TOKEN_LIFETIME_SECONDS),
    /** How far `nbf` is backdated for verifiers whose clocks run behind. */
    clockSkewSeconds: z.number().int().min(0).max(60).default(TOKEN_CLOCK_SKEW_SECONDS),
    /** Claims, with `{{user.*}}`, `{{session.*}}` and `{{org.*}}` shortcodes and `||` fallbacks. */
    claims: z.record(z.string(), json).refine((claims) => !RESERVED_CLAIMS.some((claim) => claim in claims), {
      message: `claims may not set ${RESERVED_CLAIMS.join(', ')}`,
    }),
  })
  .strict()

/** A preset (`strict_mfa`, `strict`, `moderate`, `lax`) or `{ level, afterMinutes }`. */
const reverificationSchema = z.custom<ReverificationConfig>(
  (value) => parseReverificationConfig(value) !== null,
  'must be strict_mfa, strict, moderate, lax, or { level, afterMinutes } with 1 <= afterMinutes < 99999',
)

const roleKey = z.string().regex(ROLE_KEY_PATTERN, 'role keys are org:<name>, lower-case letters, digits and _')
const keyPart = z.string().regex(KEY_PART_PATTERN, 'keys are lower-case letters, digits and _ (not sys_…)')
const displayName = z.string().trim().min(1).max(60)

const roleSchema = z
  .object({
    name: displayName,
    description: z.string().max(200).default(''),
    /** System permissions (`org:sys_…`) and custom ones (`org:<feature>:<permission>`). */
    permissions: z.array(z.string()).default([]),
  })
  .strict()

const featureSchema = z
  .object({
    name: displayName,
    /** Permission names this feature defines; roles grant them as `org:<feature>:<permission>`. */
    permissions: z.array(keyPart).default([]),
  })
  .strict()

const planSchema = z
  .object({
    name: displayName,
    /** Whom the plan is for. */
    for: z.enum(PLAN_SCOPES),
    features: z.array(keyPart).default([]),
    /** The plan of a user or organization with none assigned (at most one per scope). */
    default: z.boolean().default(false),
  })
  .strict()

const rateLimitSchema = z
  .object({ limit: z.number().int().min(1).max(100_000), windowSeconds: z.number().int().min(1).max(86_400) })
  .strict()

const httpUrl = z.url({ protocol: /^https?$/ })

/** An OpenID Connect provider (Google, Microsoft): our client id there, and its issuer if not the usual. */
const oidcProviderSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** The OAuth client id registered at the provider (not a secret; the secret is OAUTH_<PROVIDER>_CLIENT_SECRET). */
    clientId: z.string().min(1).max(512),
    /** The provider's issuer (defaults in app/session/social.ts); tests point it at a local provider. */
    issuer: httpUrl.optional(),
  })
  .strict()

/** GitHub (plain OAuth 2.0): our client id, and its endpoints if not github.com's. */
const githubProviderSchema = z
  .object({
    enabled: z.boolean().default(true),
    clientId: z.string().min(1).max(512),
    authorizationUrl: httpUrl.optional(),
    tokenUrl: httpUrl.optional(),
    apiUrl: httpUrl.optional(),
  })
  .strict()

const instanceShape = z
  .object({
    /** Shown in the UI and in messages; also refused as a password. */
    appName: z.string().trim().min(1).max(40).default('Tessera'),
    /** Where a user reports "this wasn't me"; named in every security email. */
    supportEmail: z.email().optional(),
    sessions: z
      .object({
        /** A named profile (standard, aal2, aal3) or custom limits in minutes. */
        lifetime: z.union([z.enum(LIFETIME_PROFILES), customLifetime]).default('standard'),
        /** Several accounts signed in to one browser, one active at a time. Off: a sign-in replaces the current session. */
        multiSession: z.boolean().default(true),
        /** Signed-in sessions one browser may hold in multi-session mode; the next sign-in is refused. */
        maxSessionsPerClient: z
          .number()
          .int()
          .min(1)
          .max(MAX_SESSIONS_PER_CLIENT_CEILING)
          .default(DEFAULT_MAX_SESSIONS_PER_CLIENT),
      })
      .strict()
      .prefault({}),
    tokens: z
      .object({
        /** How session tokens are signed. RS256 matches the reference, so its verifiers accept our tokens. */
        algorithm: z.enum(SIGNING_ALGORITHMS).default('RS256'),
        /**
         * The modulus of new RS256 keys, in bits (ADR 026). 2048 (the default) is what the reference
         * and its networkless verifier use, at 112-bit security; 3072 or 4096 meet ASVS 11.2.3's
         * 128 bits. Existing keys keep working; a change applies from the next rotation.
         */
        rsaModulusBits: z.literal(RSA_MODULUS_SIZES).default(DEFAULT_RSA_MODULUS_BITS),
        /** Session token lifetime in seconds (the reference's is 60). */
        lifetimeSeconds: z.number().int().min(10).max(600).default(SESSION_TOKEN_LIFETIME_SECONDS),
        /** JWT templates for `getToken({ template })`, by name. */
        templates: z
          .record(
            z.string().regex(TEMPLATE_NAME_PATTERN, 'template names are lower-case letters, digits, - and _'),
            templateSchema,
          )
          .default({}),
      })
      .strict()
      .prefault({}),
    users: z
      .object({
        /**
         * Usernames: each user may set one (unique, without case); off by default, and then
         * `user.update({ username })` is refused with `username_not_enabled`.
         */
        usernames: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    passwords: z
      .object({
        /** NIST SP 800-63B-4: require 15 characters when the password is the account's only factor (8 otherwise). */
        requireSingleFactorLength: z.boolean().default(false),
        /**
         * A password an administrator marked compromised never signs in alone (the user proves
         * their email address instead); with this on, the session then owes a new password (the
         * `reset-password` task).
         */
        forceResetWhenCompromised: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    factors: z
      .object({
        /** How a sign-in may start. A passkey needs no identifier; the others follow an email address or phone number. */
        firstFactors: z
          .array(z.enum(FIRST_FACTOR_STRATEGIES))
          .min(1)
          .default([...FIRST_FACTOR_STRATEGIES]),
        /** Second steps users may set up. Email codes are never a second factor. */
        secondFactors: z.array(z.enum(SECOND_FACTOR_STRATEGIES)).default([...SECOND_FACTOR_STRATEGIES]),
        /** Every user must have a second factor: a session without one is pending (the `setup-mfa` task). */
        requireMfa: z.boolean().default(false),
        /**
         * The reference's "Require the same device and browser" for email links (its default, and
         * ours): a sign-in or sign-up link opened in another browser is refused (`client_mismatch`)
         * and stays usable. Off, it verifies there and the browser that asked completes the sign-in
         * by itself; the browser that opened it is not signed in (ADR 036).
         */
        emailLinkRequireSameClient: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    lockout: z
      .object({
        /** Consecutive failed verifications (any factor) that lock an account. The reference's minimum is 5. */
        maxFailures: z
          .number()
          .int()
          .min(LOCKOUT_MAX_FAILURES_FLOOR)
          .max(LOCKOUT_MAX_FAILURES_CEILING)
          .default(DEFAULT_LOCKOUT_MAX_FAILURES),
        /** How long a locked account stays locked. */
        durationMinutes: z
          .number()
          .int()
          .min(1)
          .max(7 * 24 * 60)
          .default(DEFAULT_LOCKOUT_DURATION_SECONDS / 60),
      })
      .strict()
      .prefault({}),
    /**
     * How recently a session must have verified its factors before a sensitive action: `strict`
     * unless configured (docs/reference.md#reverification).
     */
    reverification: z
      .object({
        default: reverificationSchema.default('strict'),
        /** Per-action overrides, by sensitive action (app/session/sensitive-actions.ts). */
        actions: z.partialRecord(z.enum(SENSITIVE_ACTIONS), reverificationSchema).default({}),
      })
      .strict()
      .prefault({}),
    organizations: z
      .object({
        /** Organizations (teams) with members, roles and invitations. */
        enabled: z.boolean().default(true),
        /** Users may act on their own, without an organization. Off: every session chooses one (the `choose-organization` task). */
        allowPersonalAccounts: z.boolean().default(true),
        /** Roles members can hold, by key. */
        roles: z
          .record(roleKey, roleSchema)
          .default(() =>
            Object.fromEntries(
              Object.entries(DEFAULT_ROLES).map(([key, role]) => [
                key,
                { ...role, permissions: [...role.permissions] },
              ]),
            ),
          ),
        /** The role of whoever creates an organization; it must be able to manage members. */
        creatorRole: roleKey.default('org:admin'),
        /** The role an invitation offers unless it names another. */
        defaultRole: roleKey.default('org:member'),
        maxMembershipsPerUser: z.number().int().min(1).max(10_000).default(DEFAULT_MAX_MEMBERSHIPS_PER_USER),
        maxMembersPerOrganization: z.number().int().min(1).max(100_000).default(DEFAULT_MAX_MEMBERS_PER_ORGANIZATION),
      })
      .strict()
      .prefault({}),
    /** Capabilities plans enable, and the permissions they define (`org:<feature>:<permission>`). */
    features: z.record(keyPart, featureSchema).default({}),
    /** Plans for users and organizations (no payments: assigned in seed data or by an administrator). */
    plans: z.record(keyPart, planSchema).default({}),
    /**
     * An example of an app's own session task (`accept-terms`): when set, a user who has not
     * accepted this version of the terms accepts them before the session is active.
     */
    terms: z
      .object({
        /** Change it when the terms change: everyone accepts again. */
        version: z.string().trim().min(1).max(40),
        /** Where the terms can be read. */
        url: z.string().refine((url) => url.startsWith('/') || url.startsWith('https://'), 'a path or an https URL'),
      })
      .strict()
      .nullable()
      .default(null),
    /**
     * Social sign-in providers (`oauth_google`, `oauth_github`, `oauth_microsoft`): each one listed
     * and enabled is offered, when its client secret is in the environment (ADR 034).
     */
    social: z
      .object({
        google: oidcProviderSchema.optional(),
        github: githubProviderSchema.optional(),
        microsoft: oidcProviderSchema.optional(),
      })
      .strict()
      .prefault({}),
    /** Overrides of the default rate limits (app/session/rate-limit.ts), by rule. */
    rateLimits: z.partialRecord(z.enum(RATE_LIMIT_RULES), rateLimitSchema).default({}),
  })
  .strict()

const instanceSchema = instanceShape.transform((input, ctx) => {
  const { lifetime } = input.sessions
  const limits: SessionLimits =
    typeof lifetime === 'string'
      ? PROFILE_LIMITS[lifetime]
      : {
          maxLifetimeSeconds: toSeconds(lifetime.maxLifetimeMinutes),
          inactivityTimeoutSeconds: toSeconds(lifetime.inactivityTimeoutMinutes),
        }
  const problem = limitsProblem(limits)
  if (problem) ctx.addIssue({ code: 'custom', path: ['sessions', 'lifetime'], message: problem })
  if (input.factors.secondFactors.includes('backup_code') && input.factors.secondFactors.length === 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['factors', 'secondFactors'],
      message: 'backup codes back up another second factor; enable totp or phone_code too',
    })
  }
  if (input.factors.requireMfa && !input.factors.secondFactors.some((strategy) => strategy !== 'backup_code')) {
    ctx.addIssue({
      code: 'custom',
      path: ['factors', 'requireMfa'],
      message: 'requiring a second factor needs totp or phone_code among the second factors',
    })
  }
  const access = accessPolicy(input, ctx)
  // A social strategy is a first factor in force only with its provider configured and enabled.
  const firstFactors = input.factors.firstFactors.filter(
    (strategy) => !isOAuthStrategy(strategy) || input.social[providerOf(strategy)]?.enabled === true,
  )
  return {
    ...input,
    factors: { ...input.factors, firstFactors },
    access,
    tasks: {
      forcePasswordReset: input.passwords.forceResetWhenCompromised,
      requireMfa: input.factors.requireMfa,
      termsVersion: input.terms?.version ?? null,
      requireOrganization: input.organizations.enabled && !input.organizations.allowPersonalAccounts,
    } satisfies TaskSettings,
    sessions: { ...input.sessions, limits, mode: input.sessions.multiSession ? 'multi' : 'single' } as const,
    lockout: { maxFailures: input.lockout.maxFailures, durationSeconds: input.lockout.durationMinutes * 60 },
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...input.rateLimits } as Record<RateLimitRule, RateLimit>,
  }
})

type ParsedInstance = Pick<z.output<typeof instanceShape>, 'organizations' | 'features' | 'plans'>

/** Roles, features and plans, checked against each other: every key a role or plan names must exist. */
function accessPolicy(input: ParsedInstance, ctx: z.RefinementCtx): AccessPolicy {
  const { roles, creatorRole, defaultRole } = input.organizations
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message })
  for (const [key, role] of Object.entries(roles)) {
    role.permissions.forEach((permission, index) => {
      const custom = parseCustomPermission(permission)
      const defined = custom && input.features[custom.feature]?.permissions.includes(custom.permission)
      if (!isSystemPermission(permission) && !defined)
        issue(
          ['organizations', 'roles', key, 'permissions', index],
          `${permission} is neither a system permission nor org:<feature>:<permission> of a defined feature`,
        )
    })
  }
  for (const [path, key] of [
    ['creatorRole', creatorRole],
    ['defaultRole', defaultRole],
  ] as const) {
    if (!ownEntry(roles, key)) issue(['organizations', path], `${key} is not one of the roles`)
  }
  const creator = ownEntry(roles, creatorRole)
  if (creator && !creator.permissions.includes(MANAGING_PERMISSION))
    issue(['organizations', 'creatorRole'], `the creator's role must grant ${MANAGING_PERMISSION}`)
  const defaultPlans: Record<PlanScope, string | null> = { user: null, organization: null }
  for (const [key, plan] of Object.entries(input.plans)) {
    plan.features.forEach((feature, index) => {
      if (!input.features[feature]) issue(['plans', key, 'features', index], `${feature} is not one of the features`)
    })
    if (!plan.default) continue
    if (defaultPlans[plan.for] !== null) issue(['plans', key, 'default'], `only one default plan for ${plan.for}s`)
    defaultPlans[plan.for] = key
  }
  const plans = Object.fromEntries(
    Object.entries(input.plans).map(([key, plan]) => [
      key,
      { name: plan.name, for: plan.for, features: plan.features },
    ]),
  )
  return { roles, features: input.features, plans, defaultPlans }
}

export type InstanceConfigInput = z.input<typeof instanceSchema>
export type InstanceConfig = z.output<typeof instanceSchema>

/** Types `app.config.ts` without validating it (validation happens once, at start-up). */
export function defineConfig(input: InstanceConfigInput): InstanceConfigInput {
  return input
}

/** What the browser is told about the instance: nothing secret, nothing it does not use. */
export function publicEnvironment(config: InstanceConfig): EnvironmentJSON {
  return {
    appName: config.appName,
    multiSession: config.sessions.multiSession,
    maxSessionsPerClient: config.sessions.maxSessionsPerClient,
    signUpPasswordMinLength: config.passwords.requireSingleFactorLength
      ? PASSWORD_SINGLE_FACTOR_MIN_LENGTH
      : PASSWORD_MIN_LENGTH,
    organizations: {
      enabled: config.organizations.enabled,
      allowPersonalAccounts: config.organizations.allowPersonalAccounts,
      roles: Object.entries(config.organizations.roles).map(([key, role]) => ({
        key,
        name: role.name,
        description: role.description,
        permissions: role.permissions,
      })),
      defaultRole: config.organizations.defaultRole,
    },
    terms: config.terms,
    usernames: config.users.usernames,
    socialStrategies: config.factors.firstFactors.filter(isOAuthStrategy),
  }
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** `overrides` laid over `base` (TESSERA_CONFIG over app.config.ts): objects merge key by key; anything else, arrays too, replaces. */
export function withOverrides(base: unknown, overrides: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides
  const merged: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(overrides)) merged[key] = withOverrides(base[key], value)
  return merged
}

export function resolveConfig(input: unknown): InstanceConfig {
  const result = instanceSchema.safeParse(input)
  if (!result.success) throw new ConfigError(`Invalid app.config.ts:\n${z.prettifyError(result.error)}`)
  return result.data
}
