import { useState } from 'react'
import { describe, expect, expectTypeOf, it, vi } from 'vitest'
import { encodeAuthorizationClaims } from '../session/claims.ts'
import type { OrganizationMembershipJSON, SessionJSON, UserJSON } from '../session/wire.ts'
import {
  type EmailCodeFactor,
  Session,
  type SessionRuntime,
  type SessionVerificationResource,
  type TokenResource,
  toTokenResource,
} from './session.ts'

const client = vi.hoisted(() => ({ sessions: [] as unknown[] }))
vi.mock('../functions/client.functions.ts', () => ({
  $getClient: async () => ({ client: { sessions: client.sessions }, sessionId: null }),
}))

const at = Date.parse('2026-01-01T12:00:00Z')

const membership = (id: string, role: string, permissions: string[]): OrganizationMembershipJSON => ({
  id: `orgmem_${id}`,
  organization: { id, name: id, slug: id, membersCount: 2, plan: 'team', createdAt: at, updatedAt: at },
  role,
  roleName: role,
  permissions,
  createdAt: at,
})

const user: UserJSON = {
  id: 'user_1',
  firstName: null,
  lastName: null,
  primaryEmailAddressId: null,
  emailAddresses: [],
  primaryPhoneNumberId: null,
  phoneNumbers: [],
  organizationMemberships: [
    membership('org_a', 'org:admin', ['org:sys_memberships:manage', 'org:reports:read']),
    membership('org_b', 'org:member', ['org:sys_memberships:read']),
  ],
  adminRole: null,
  imageUrl: null,
  hasImage: false,
  username: null,
  publicMetadata: {},
  unsafeMetadata: {},
  passwordEnabled: true,
  totpEnabled: false,
  backupCodeEnabled: false,
  twoFactorEnabled: false,
  passkeys: [],
  externalAccounts: [],
  createdAt: at,
  updatedAt: at,
}

/** A token for org_a with the reports feature, and the user's pro plan. */
const token: TokenResource = toTokenResource(
  'aGVhZGVy.cGF5bG9hZA.c2ln',
  { alg: 'RS256', kid: 'ins_1' },
  {
    sub: 'user_1',
    ...encodeAuthorizationClaims({
      userFeatures: ['api_access'],
      userPlan: 'pro',
      organization: {
        id: 'org_a',
        slug: 'org_a',
        role: 'org:admin',
        permissions: ['org:reports:read'],
        features: ['reports'],
        plan: 'team',
      },
    }),
  },
)

function session(
  factorVerificationAge: SessionJSON['factorVerificationAge'],
  options: {
    organizationId?: string | null
    withToken?: boolean
    signedIn?: boolean
    refresh?: () => Promise<void>
  } = {},
): Session {
  const runtime: SessionRuntime = {
    getToken: async () => null,
    peekToken: () => (options.withToken ? token : null),
    refresh: options.refresh ?? (async () => {}),
    broadcast: () => {},
    clearTokenCache: () => {},
  }
  return new Session(
    {
      id: 'sess_1',
      status: 'active',
      createdAt: at,
      updatedAt: at,
      lastActiveAt: at,
      expireAt: at + 86_400_000,
      abandonAt: at + 86_400_000,
      endedAt: null,
      endReason: null,
      lastActiveOrganizationId: options.organizationId ?? null,
      actor: null,
      factorVerificationAge,
      tasks: null,
      user: options.signedIn === false ? null : user,
      publicUserData: {
        userId: 'user_1',
        firstName: null,
        lastName: null,
        identifier: 'a@example.com',
        imageUrl: null,
        hasImage: false,
        username: null,
        banned: false,
      },
    },
    runtime,
  )
}

describe('Session.checkAuthorization', () => {
  it('passes reverification only while the session verified recently enough', () => {
    expect(session([3, -1]).checkAuthorization({ reverification: 'strict' })).toBe(true)
    expect(session([12, -1]).checkAuthorization({ reverification: 'strict' })).toBe(false)
    expect(session([12, 2]).checkAuthorization({ reverification: 'strict' })).toBe(true)
    expect(session([12, 2]).checkAuthorization({ reverification: 'strict_mfa' })).toBe(false)
  })

  it('judges roles and permissions (system ones too) on the membership in the active organization', () => {
    const inA = session([0, -1], { organizationId: 'org_a' })
    expect(inA.checkAuthorization({ role: 'org:admin' })).toBe(true)
    expect(inA.checkAuthorization({ permission: 'org:sys_memberships:manage' })).toBe(true)
    const inB = session([0, -1], { organizationId: 'org_b' })
    expect(inB.checkAuthorization({ role: 'org:admin' })).toBe(false)
    expect(inB.checkAuthorization({ permission: 'org:sys_memberships:read' })).toBe(true)
    expect(inB.activeMembership?.organization.id).toBe('org_b')
  })

  it('reads features and plans from the latest token, organization ones only for the organization acted for', () => {
    const inA = session([0, -1], { organizationId: 'org_a', withToken: true })
    expect(inA.checkAuthorization({ feature: 'org:reports' })).toBe(true)
    expect(inA.checkAuthorization({ plan: 'o:team' })).toBe(true)
    expect(inA.checkAuthorization({ feature: 'user:api_access' })).toBe(true)
    const inB = session([0, -1], { organizationId: 'org_b', withToken: true })
    expect(inB.checkAuthorization({ feature: 'org:reports' })).toBe(false)
    expect(inB.checkAuthorization({ plan: 'user:pro' })).toBe(true)
  })

  it('fails closed without a factor verification age, an organization, a user, or anything asked', () => {
    expect(session(null).checkAuthorization({ reverification: 'lax' })).toBe(false)
    expect(session([0, 0]).checkAuthorization({ role: 'org:admin' })).toBe(false)
    expect(
      session([0, 0], { organizationId: 'org_a', signedIn: false }).checkAuthorization({ role: 'org:admin' }),
    ).toBe(false)
    expect(session([0, 0]).checkAuthorization({})).toBe(false)
  })
})

describe('the Session resource beside checkAuthorization', () => {
  it("gives lastActiveToken the reference's TokenResource shape: encoded parts, header and typed claims", () => {
    const last = session([0, -1], { withToken: true }).lastActiveToken
    expect(last?.jwt.encoded).toEqual({ header: 'aGVhZGVy', payload: 'cGF5bG9hZA', signature: 'c2ln' })
    expect(last?.jwt.header.kid).toBe('ins_1')
    expect(last?.getRawString()).toBe('aGVhZGVy.cGF5bG9hZA.c2ln')
    expectTypeOf<NonNullable<typeof last>['jwt']['claims']['sid']>().toEqualTypeOf<string>()
    expectTypeOf<NonNullable<typeof last>['jwt']['claims']['fva']>().toEqualTypeOf<[number, number]>()
    expect(session([0, -1]).lastActiveToken).toBeNull()
  })

  it("has the reference's pathRoot", () => {
    expect(session([0, -1]).pathRoot).toBe('/client/sessions')
  })

  it('reload() answers the session as the server has it now and re-reads the client', async () => {
    const refresh = vi.fn(async () => {})
    const withRefresh = session([0, -1], { refresh })
    client.sessions = [
      {
        id: 'sess_1',
        status: 'active',
        createdAt: at,
        updatedAt: at + 5,
        lastActiveAt: at + 5,
        expireAt: at + 86_400_000,
        abandonAt: at + 86_400_000,
        endedAt: null,
        endReason: null,
        lastActiveOrganizationId: 'org_b',
        actor: null,
        factorVerificationAge: [1, -1],
        tasks: null,
        user,
        publicUserData: withRefresh.publicUserData,
      },
    ]
    const reloaded = await withRefresh.reload()
    expect(reloaded).not.toBe(withRefresh)
    expect(reloaded.lastActiveOrganizationId).toBe('org_b')
    expect(withRefresh.lastActiveOrganizationId).toBeNull()
    expect(refresh).toHaveBeenCalledTimes(1)
    client.sessions = []
    await expect(withRefresh.reload()).rejects.toMatchObject({ code: 'session_not_found', status: 404 })
  })
})

/**
 * The reference's custom step-up example (docs/reference/hooks/use-reverification.mdx in its docs
 * repository, the TanStack tab), reduced to the typed lines: it must compile against our types.
 */
function StepUpExampleTypes({ session }: { session: Session }) {
  const [factor, setFactor] = useState<EmailCodeFactor | undefined>()
  void session.startVerification({ level: 'first_factor' }).then(async (response: SessionVerificationResource) => {
    const determinedStartingFirstFactor = response.supportedFirstFactors?.filter(
      (candidate) => candidate.strategy === 'email_code',
    )[0]
    if (determinedStartingFirstFactor) {
      setFactor(determinedStartingFirstFactor)
      await session.prepareFirstFactorVerification({
        strategy: determinedStartingFirstFactor.strategy,
        emailAddressId: determinedStartingFirstFactor?.emailAddressId,
      })
    }
    for (const second of response.supportedSecondFactors ?? []) {
      if (second.strategy === 'phone_code') expectTypeOf(second.phoneNumberId).toEqualTypeOf<string>()
    }
  })
  return factor?.safeIdentifier ?? null
}

describe("the reference's custom step-up example", () => {
  it('compiles against our types (tsc checks StepUpExampleTypes above)', () => {
    expect(typeof StepUpExampleTypes).toBe('function')
  })
})
