import { describe, expect, it } from 'vitest'
import { isTesseraError } from '../session/errors.ts'
import type { UserJSON } from '../session/wire.ts'
import { connectOrganizationRuntime, Organization, OrganizationMembership, toLimitOffset } from './organizations.ts'
import { toUserResource } from './resources.ts'

const at = Date.parse('2026-01-01T12:00:00Z')
const organization = new Organization({
  id: 'org_a',
  name: 'Acme',
  slug: 'acme',
  membersCount: 3,
  plan: null,
  createdAt: at,
  updatedAt: at,
})

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (isTesseraError(error) ? error.code : String(error)),
  )

describe('the Organization resource', () => {
  it('asks for pages as the reference converts them: page 3 of 20 is 20 from 40; nothing asked, the first ten', () => {
    expect(toLimitOffset({ initialPage: 3, pageSize: 20 })).toEqual({ limit: 20, offset: 40 })
    expect(toLimitOffset(undefined)).toEqual({ limit: 10, offset: 0 })
    // Out of range is passed on for the server to refuse (invalid_input), not quietly fixed here.
    expect(toLimitOffset({ initialPage: 0, pageSize: 1000 })).toEqual({ limit: 1000, offset: -1000 })
  })

  it("pages the instance's roles, with their permissions typed system or custom", async () => {
    const disconnect = connectOrganizationRuntime({
      sessionChanged: async () => {},
      roles: () => [
        { key: 'org:admin', name: 'Admin', description: '', permissions: ['org:sys_memberships:manage'] },
        { key: 'org:analyst', name: 'Analyst', description: '', permissions: ['org:reports:read'] },
        { key: 'org:member', name: 'Member', description: '', permissions: [] },
      ],
    })
    try {
      const second = await organization.getRoles({ initialPage: 2, pageSize: 1 })
      expect(second.total_count).toBe(3)
      expect(second.has_role_set_migration).toBe(false)
      expect(second.data.map((role) => role.key)).toEqual(['org:analyst'])
      expect(second.data[0]?.permissions[0]).toMatchObject({ key: 'org:reports:read', type: 'user' })
      const first = await organization.getRoles()
      expect(first.data[0]?.permissions[0]?.type).toBe('system')
    } finally {
      disconnect()
    }
  })

  it('lists no domains or membership requests, and refuses a logo or a direct add with a code', async () => {
    expect(await organization.getDomains()).toEqual({ data: [], total_count: 0 })
    expect(await organization.getMembershipRequests()).toEqual({ data: [], total_count: 0 })
    expect(await codeOf(organization.setLogo({ file: null }))).toBe('organization_feature_unavailable')
    expect(await codeOf(organization.addMember({ userId: 'user_1', role: 'org:member' }))).toBe(
      'organization_feature_unavailable',
    )
  })

  it("has the reference's fields, with what we lack as the reference answers without it", () => {
    expect(organization).toMatchObject({
      id: 'org_a',
      slug: 'acme',
      imageUrl: '',
      hasImage: false,
      membersCount: 3,
      publicMetadata: {},
      createdAt: new Date(at),
    })
  })
})

describe("the user's memberships", () => {
  it('are OrganizationMembership resources carrying the user as publicUserData', () => {
    const json: UserJSON = {
      id: 'user_1',
      firstName: 'Ada',
      lastName: 'Lovelace',
      primaryEmailAddressId: 'email_1',
      emailAddresses: [{ id: 'email_1', emailAddress: 'ada@example.com', verified: true }],
      primaryPhoneNumberId: null,
      phoneNumbers: [],
      organizationMemberships: [
        {
          id: 'orgmem_1',
          organization: {
            id: 'org_a',
            name: 'Acme',
            slug: 'acme',
            membersCount: 2,
            plan: null,
            createdAt: at,
            updatedAt: at,
          },
          role: 'org:admin',
          roleName: 'Admin',
          permissions: ['org:sys_memberships:manage'],
          createdAt: at,
        },
      ],
      adminRole: null,
      imageUrl: null,
      hasImage: false,
      username: 'ada',
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
    const [membership] = toUserResource(json).organizationMemberships
    expect(membership).toBeInstanceOf(OrganizationMembership)
    expect(membership?.organization).toBeInstanceOf(Organization)
    expect(membership?.publicUserData).toEqual({
      userId: 'user_1',
      firstName: 'Ada',
      lastName: 'Lovelace',
      identifier: 'ada@example.com',
      imageUrl: null,
      hasImage: false,
      username: 'ada',
      banned: false,
    })
    expect(membership?.updatedAt).toEqual(new Date(at))
  })
})
