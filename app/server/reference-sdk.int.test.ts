/**
 * The reference's own backend SDK as the oracle (issue 19; ADR 026). Tokens are minted through our
 * code — the entitlements a policy gives (`entitlementsOf`), the claims builder and real signing by
 * the key ring — and read twice: by `@clerk/backend`'s `verifyToken` with `jwtKey` (the PEM of the
 * key our JWKS publishes) and its auth object (`signedInAuthObject`, whose `has()` is
 * `@clerk/shared`'s `createCheckAuthorization`), and by our verifier, `factsFromClaims` and
 * `checkAuthorization` (what `auth().has()` runs), and our whole auth object (`auth()`'s answer,
 * app/session/auth-object.ts) field by field. Every answer must agree, and agree with what the
 * policy grants. The one documented disagreement: system permissions (`org:sys_*`) never travel
 * in a token, so the reference answers false for them while our server derives them from the role.
 *
 * Then, per signing setting, what `verifyToken({ jwtKey })` makes of our default and other tokens,
 * and what the JWKS path (`verifyJwt` with the published JWK, as `verifyToken({ secretKey })`
 * uses after fetching the JWKS) does.
 */

import { verifyToken as referenceVerifyToken } from '@clerk/backend'
import { signedInAuthObject, signedOutAuthObject } from '@clerk/backend/internal'
import { verifyJwt } from '@clerk/backend/jwt'
import fc from 'fast-check'
import { exportSPKI, importJWK, type JWK } from 'jose'
import { describe, expect, it } from 'vitest'
import { openIsolatedDatabase } from '../../test/support/database.ts'
import { resolveConfig } from '../config/instance.ts'
import type { ActorJSON } from '../session/actors.ts'
import { authObjectFor, signedInAuthObject as oursSignedIn } from '../session/auth-object.ts'
import { type CheckAuthorizationParams, checkAuthorization } from '../session/authorization.ts'
import { decodeAuthorizationClaims, factsFromClaims } from '../session/claims.ts'
import { type AccessPolicy, entitlementsOf, type PlanDefinition, rolePermissions } from '../session/entitlements.ts'
import { isSystemPermission, type RoleDefinition, SYSTEM_PERMISSIONS } from '../session/organizations.ts'
import type { RsaModulusBits, SigningAlgorithm } from '../session/tokens.ts'
import { getKeyRing, publicJwks, rotateSigningKey } from './signing-keys.server.ts'
import { type MintContext, mintSessionTokenWith, verifySessionToken } from './tokens.server.ts'

const ORIGIN = 'https://app.example.com'
/** Cases of the property test; REFERENCE_SDK_RUNS overrides (a longer hunt). */
const RUNS = Number(process.env.REFERENCE_SDK_RUNS ?? 2000)

const { db } = await openIsolatedDatabase('reference_sdk')
const config = resolveConfig({})

/** The PEM of the key our JWKS publishes for `kid`: what an operator pastes into `jwtKey`. */
async function pemFromJwks(kid: string): Promise<string> {
  const ring = await getKeyRing(db, config.tokens, new Date())
  const jwk = publicJwks(ring).keys.find((key) => key.kid === kid)
  if (!jwk) throw new Error(`${kid} is not in the JWKS`)
  return exportSPKI((await importJWK(jwk, String(jwk.alg))) as CryptoKey)
}

const mintContext = (now: Date, tokens = config.tokens): MintContext => ({
  db,
  config: { ...config, tokens },
  now,
  issuer: ORIGIN,
  authorizedParty: ORIGIN,
})

// ---------------------------------------------------------------------------------------------
// Generators: a policy (features with permissions, roles with system and custom permissions,
// plans for users and organizations), and a session in it.

const FEATURE_NAMES = ['reports', 'audit', 'dashboard', 'api_access', 'exports', 'sso', 'billing_x', 'chat2']
const PERMISSION_NAMES = ['read', 'manage', 'write', 'delete', 'view', 'export', 'approve', 'p_7']

const subset = <T>(values: readonly T[]) => fc.subarray([...values])

const policyArbitrary = fc
  .record({
    features: fc.uniqueArray(fc.constantFrom(...FEATURE_NAMES), { minLength: 0, maxLength: 6 }),
    permissionsPerFeature: fc.array(subset(PERMISSION_NAMES), { minLength: 6, maxLength: 6 }),
    roleCount: fc.integer({ min: 1, max: 4 }),
    seeds: fc.array(fc.tuple(subset(SYSTEM_PERMISSIONS), fc.array(fc.nat(), { maxLength: 12 })), {
      minLength: 4,
      maxLength: 4,
    }),
    userPlans: fc.array(fc.tuple(fc.array(fc.nat(), { maxLength: 4 }), fc.boolean()), { maxLength: 3 }),
    organizationPlans: fc.array(fc.tuple(fc.array(fc.nat(), { maxLength: 6 }), fc.boolean()), { maxLength: 3 }),
  })
  .map(({ features, permissionsPerFeature, roleCount, seeds, userPlans, organizationPlans }): AccessPolicy => {
    const featureDefinitions = Object.fromEntries(
      features.map((feature, index) => [feature, { name: feature, permissions: permissionsPerFeature[index] ?? [] }]),
    )
    const custom = features.flatMap((feature) =>
      (featureDefinitions[feature]?.permissions ?? []).map((name) => `org:${feature}:${name}`),
    )
    const roles: Record<string, RoleDefinition> = {}
    for (let index = 0; index < roleCount; index++) {
      const [system, picks] = seeds[index] ?? [[], []]
      const chosen = custom.length > 0 ? picks.map((pick) => custom[pick % custom.length] as string) : []
      roles[`org:role_${index}`] = {
        name: `Role ${index}`,
        description: '',
        permissions: [...system, ...new Set(chosen)],
      }
    }
    const plans: Record<string, PlanDefinition> = {}
    const defaultPlans: { user: string | null; organization: string | null } = { user: null, organization: null }
    const addPlans = (scope: 'user' | 'organization', list: [number[], boolean][]) =>
      list.forEach(([picks, isDefault], index) => {
        const key = `${scope === 'user' ? 'u' : 'o'}plan_${index}`
        const planFeatures = features.length > 0 ? picks.map((pick) => features[pick % features.length] as string) : []
        plans[key] = { name: key, for: scope, features: [...new Set(planFeatures)] }
        if (isDefault && defaultPlans[scope] === null) defaultPlans[scope] = key
      })
    addPlans('user', userPlans)
    addPlans('organization', organizationPlans)
    return { roles, features: featureDefinitions, plans, defaultPlans }
  })

const caseArbitrary = policyArbitrary.chain((policy) => {
  const roles = Object.keys(policy.roles)
  const planKeys = Object.keys(policy.plans)
  const assignedPlan = planKeys.length > 0 ? fc.option(fc.constantFrom(...planKeys)) : fc.constant(null)
  const factorAge = fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 3000 }))
  return fc.record({
    policy: fc.constant(policy),
    userPlan: assignedPlan,
    organization: fc.option(
      fc.record({
        id: fc.nat().map((n) => `org_2${n.toString(36).padStart(8, '0')}`),
        slug: fc.tuple(fc.nat(), fc.boolean()).map(([n, dashed]) => `${dashed ? 'acme-' : ''}${n.toString(36)}`),
        plan: assignedPlan,
        role: fc.constantFrom(...roles),
      }),
      { freq: 4 },
    ),
    fva: fc.tuple(factorAge, factorAge),
    actor: fc.option(
      fc.constantFrom<ActorJSON>({ sub: 'user_2admin' }, { sub: 'agent_2reports', type: 'agent', name: 'Reports bot' }),
      { freq: 5 },
    ),
  })
})

/** An auth object's data: its fields without the functions (`has`, `getToken`, `debug`). */
const dataOf = (object: object) =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => typeof value !== 'function'))

/** Everything worth asking of a token minted under `policy`, scoped and unscoped. */
function questions(policy: AccessPolicy): CheckAuthorizationParams[] {
  const custom = Object.entries(policy.features).flatMap(([feature, definition]) =>
    definition.permissions.map((name) => `org:${feature}:${name}`),
  )
  const permissions = [...custom, ...custom.map((key) => key.slice(4)), ...SYSTEM_PERMISSIONS, 'org:nothing:read']
  const roles = [...Object.keys(policy.roles), ...Object.keys(policy.roles).map((key) => key.slice(4)), 'org:absent']
  const scoped = (names: string[]) =>
    names.flatMap((name) => [name, `org:${name}`, `o:${name}`, `organization:${name}`, `user:${name}`, `u:${name}`])
  const features = scoped([...Object.keys(policy.features), 'never_defined'])
  const plans = scoped([...Object.keys(policy.plans), 'no_plan'])
  const reverification: CheckAuthorizationParams['reverification'][] = [
    'strict_mfa',
    'strict',
    'moderate',
    'lax',
    { level: 'first_factor', afterMinutes: 30 },
    { level: 'second_factor', afterMinutes: 5 },
    { level: 'multi_factor', afterMinutes: 120 },
  ]
  return [
    ...permissions.map((permission) => ({ permission })),
    ...roles.map((role) => ({ role })),
    ...features.map((feature) => ({ feature })),
    ...plans.map((plan) => ({ plan })),
    ...reverification.map((config) => ({ reverification: config })),
    ...roles.flatMap((role) => custom.slice(0, 3).map((permission) => ({ role, permission }))),
    ...features.slice(0, 6).flatMap((feature) => plans.slice(0, 6).map((plan) => ({ feature, plan }))),
    ...custom.slice(0, 3).map((permission) => ({ permission, reverification: 'strict' as const })),
  ]
}

describe('the reference SDK reads our tokens as we do (property test)', () => {
  it(`agrees on the organization, role, permissions, features, plans and has(), over ${RUNS} policies`, async () => {
    const now = new Date()
    const ring = await getKeyRing(db, config.tokens, now)
    const jwtKey = await pemFromJwks(ring.signing.kid)
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async ({ policy, userPlan, organization, fva, actor }) => {
        const entitlements = entitlementsOf(policy, { userPlan, organization })
        const minutesAgo = (minutes: number) => (minutes === -1 ? null : new Date(now.getTime() - minutes * 60_000))
        const { jwt } = await mintSessionTokenWith(
          mintContext(now),
          {
            id: 'sess_2oracle0000000000000000000',
            userId: 'user_2oracle0000000000000000000',
            status: 'active',
            actor,
            firstFactorVerifiedAt: minutesAgo(fva[0]),
            secondFactorVerifiedAt: minutesAgo(fva[1]),
          },
          entitlements,
        )

        // The reference: networkless verification with the PEM, then its auth object.
        const payload = await referenceVerifyToken(jwt, { jwtKey, authorizedParties: [ORIGIN] })
        const reference = signedInAuthObject({}, jwt, payload)
        // Ours: the verifier every request uses, then what auth().has() runs on the server.
        const claims = await verifySessionToken(jwt, {
          db,
          config,
          now,
          issuer: ORIGIN,
          authorizedParties: [ORIGIN],
        })
        const systemPermissionsOf = (role: string) =>
          rolePermissions(policy, role, []).filter((permission) => isSystemPermission(permission))
        const facts = factsFromClaims({ ...claims }, systemPermissionsOf)

        // What the policy grants, independently of either decoder.
        const granted = entitlements.organization
        const truePermissions = granted ? [...rolePermissions(policy, granted.role, granted.features)].sort() : []
        expect(reference.orgId ?? null).toBe(facts.organization?.id ?? null)
        expect(reference.orgId ?? null).toBe(granted?.id ?? null)
        expect(reference.orgRole ?? null).toBe(facts.organization?.role ?? null)
        expect(reference.orgSlug ?? null).toBe(granted?.slug ?? null)
        expect([...(reference.orgPermissions ?? [])].sort()).toEqual(
          truePermissions.filter((permission) => !isSystemPermission(permission)),
        )
        expect([...(facts.organization?.permissions ?? [])].sort()).toEqual(truePermissions)
        expect(reference.factorVerificationAge).toEqual(facts.factorVerificationAge)
        expect(reference.actor ?? null).toEqual(claims.act ?? null)

        // Our auth object (what auth() answers for this token): every field equal to the reference's.
        const ours = oursSignedIn(claims, {
          token: jwt,
          has: (params) => checkAuthorization(params, facts),
          orgPermissions: decodeAuthorizationClaims({ ...claims }).organization?.permissions ?? null,
          mintTemplate: async () => 'template',
        })
        expect(dataOf(ours)).toEqual(dataOf(reference))
        expect(await ours.getToken()).toBe(await reference.getToken())

        // Plain comparisons in the loop (thousands per case), one assertion at the end.
        const disagreements: unknown[] = []
        const oursObject = ours
        for (const question of questions(policy)) {
          const ours = checkAuthorization(question, facts)
          if (ours !== oursObject.has(question)) disagreements.push({ question, ours, authObject: true })
          const theirs = reference.has(question as Parameters<typeof reference.has>[0])
          const permission = question.permission
          if (typeof permission === 'string' && isSystemPermission(permission)) {
            // The documented disagreement: the reference cannot see system permissions in a token.
            if (theirs !== false || ours !== truePermissions.includes(permission))
              disagreements.push({ question, ours, theirs, granted: truePermissions.includes(permission) })
            continue
          }
          if (ours !== theirs) disagreements.push({ question, ours, theirs })
          if (permission !== undefined && Object.keys(question).length === 1) {
            const granted = truePermissions.includes(`org:${permission.replace(/^org:/, '')}`)
            if (ours !== granted) disagreements.push({ question, ours, granted })
          }
        }
        expect(disagreements).toEqual([])
      }),
      { numRuns: RUNS },
    )
  }, 120_000)
})

describe("the auth object of a pending session (the reference's treatPendingAsSignedOut)", () => {
  it('is signed out with sessionStatus pending by default, and signed in when opted in, as the reference', async () => {
    const now = new Date()
    const ring = await getKeyRing(db, config.tokens, now)
    const jwtKey = await pemFromJwks(ring.signing.kid)
    const { jwt } = await mintSessionTokenWith(
      mintContext(now),
      {
        id: 'sess_2oracle0000000000000000003',
        userId: 'user_2oracle0000000000000000003',
        status: 'pending',
        actor: null,
        firstFactorVerifiedAt: now,
        secondFactorVerifiedAt: null,
      },
      { userFeatures: [], userPlan: null, organization: null },
    )
    const payload = await referenceVerifyToken(jwt, { jwtKey, authorizedParties: [ORIGIN] })
    const claims = await verifySessionToken(jwt, { db, config, now, issuer: ORIGIN, authorizedParties: [ORIGIN] })
    const resolved = {
      claims,
      dependencies: {
        token: jwt,
        has: () => false,
        orgPermissions: null,
        mintTemplate: async () => 'template',
      },
    }
    const referenceSignedIn = signedInAuthObject({}, jwt, payload)
    // The reference's getAuthObjectFromJwt: pending and treatPendingAsSignedOut → signed out, status kept.
    const referenceSignedOut = signedOutAuthObject({}, referenceSignedIn.sessionStatus ?? undefined)
    expect(dataOf(authObjectFor(resolved, { treatPendingAsSignedOut: true }))).toEqual(dataOf(referenceSignedOut))
    expect(dataOf(authObjectFor(resolved, { treatPendingAsSignedOut: false }))).toEqual(dataOf(referenceSignedIn))
    expect(dataOf(authObjectFor(null, { treatPendingAsSignedOut: true }))).toEqual(dataOf(signedOutAuthObject({})))
  })
})

// ---------------------------------------------------------------------------------------------
// verifyToken({ jwtKey }) per signing setting.

const SETTINGS: {
  algorithm: SigningAlgorithm
  rsaModulusBits: RsaModulusBits
  jwtKey: string | null
  jwk: string | null
}[] = [
  // The default: both the PEM and the JWKS path accept it.
  { algorithm: 'RS256', rsaModulusBits: 2048, jwtKey: null, jwk: null },
  // The reference's PEM loader strips a fixed 2048-bit SPKI prefix: larger keys read as garbage.
  { algorithm: 'RS256', rsaModulusBits: 3072, jwtKey: 'JWT signature is invalid', jwk: null },
  { algorithm: 'RS256', rsaModulusBits: 4096, jwtKey: 'JWT signature is invalid', jwk: null },
  // The reference verifies RS256/384/512 only.
  { algorithm: 'ES256', rsaModulusBits: 2048, jwtKey: 'Invalid JWT algorithm "ES256"', jwk: 'Invalid JWT algorithm' },
  { algorithm: 'EdDSA', rsaModulusBits: 2048, jwtKey: 'Invalid JWT algorithm "EdDSA"', jwk: 'Invalid JWT algorithm' },
]

describe('verifyToken with jwtKey (the PEM from our JWKS), per signing setting', () => {
  it('accepts a token signed with the default settings (app.config.ts and the schema default)', async () => {
    const now = new Date()
    const { active } = await rotateSigningKey(db, config.tokens, now, { publishAheadSeconds: 0 })
    const { jwt, claims } = await mintSessionTokenWith(
      mintContext(now),
      {
        id: 'sess_2oracle0000000000000000002',
        userId: 'user_2oracle0000000000000000002',
        status: 'active',
        actor: null,
        firstFactorVerifiedAt: now,
        secondFactorVerifiedAt: null,
      },
      { userFeatures: [], userPlan: null, organization: null },
    )
    const payload = await referenceVerifyToken(jwt, { jwtKey: await pemFromJwks(active), authorizedParties: [ORIGIN] })
    expect(payload).toMatchObject({ sub: claims.sub, azp: ORIGIN })
  })

  it.each(SETTINGS)(
    '$algorithm ($rsaModulusBits-bit when RSA): PEM path $jwtKey, JWKS path $jwk (null: accepted)',
    async ({ algorithm, rsaModulusBits, jwtKey: pemError, jwk: jwkError }) => {
      const now = new Date()
      const tokens = { ...config.tokens, algorithm, rsaModulusBits }
      const { active } = await rotateSigningKey(db, tokens, now, { publishAheadSeconds: 0 })
      const { jwt, claims } = await mintSessionTokenWith(
        mintContext(now, tokens),
        {
          id: 'sess_2oracle0000000000000000001',
          userId: 'user_2oracle0000000000000000001',
          status: 'active',
          actor: null,
          firstFactorVerifiedAt: now,
          secondFactorVerifiedAt: null,
        },
        {
          userFeatures: [],
          userPlan: null,
          organization: {
            id: 'org_2oracle',
            slug: 'acme',
            role: 'org:admin',
            permissions: ['org:reports:read'],
            features: ['reports'],
            plan: null,
          },
        },
      )
      const jwtKey = await pemFromJwks(active)
      const viaPem = referenceVerifyToken(jwt, { jwtKey, authorizedParties: [ORIGIN] })
      if (pemError === null) {
        const payload = await viaPem
        expect(payload).toMatchObject({ sub: claims.sub, sid: claims.sid, azp: ORIGIN })
        expect(signedInAuthObject({}, jwt, payload).has({ permission: 'org:reports:read' })).toBe(true)
      } else {
        await expect(viaPem).rejects.toThrow(pemError)
      }
      const ring = await getKeyRing(db, tokens, now)
      const published = publicJwks(ring).keys.find((key) => key.kid === active) as JWK
      const viaJwks = verifyJwt(jwt, { key: published as JsonWebKey, authorizedParties: [ORIGIN] })
      if (jwkError === null) await expect(viaJwks).resolves.toMatchObject({ sub: claims.sub })
      else await expect(viaJwks).rejects.toThrow(jwkError)
      // Whatever the reference makes of it, our own verifier accepts every setting.
      await expect(
        verifySessionToken(jwt, {
          db,
          config: { ...config, tokens },
          now,
          issuer: ORIGIN,
          authorizedParties: [ORIGIN],
        }),
      ).resolves.toMatchObject({ sid: claims.sid })
    },
  )
})
