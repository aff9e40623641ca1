import type {
  EmailAddress as ReferenceEmailAddress,
  Organization as ReferenceOrganization,
  PhoneNumber as ReferencePhoneNumber,
  User as ReferenceUser,
} from '@clerk/backend'
import { describe, expect, it } from 'vitest'
import { type BackendUserJSON, type EmailAddress, Organization, type PhoneNumber, User } from './backend-resources.ts'

/** A class's public fields and getters, without `raw` (the reference's is its own JSON type). */
type Shape<T> = Omit<{ [K in keyof T]: T[K] }, 'raw'>
/** What Tessera does not have: wallets, external and enterprise accounts (always empty here). */
type WithoutAccounts<T> = Omit<T, 'web3Wallets' | 'externalAccounts' | 'enterpriseAccounts' | 'primaryWeb3Wallet'>

const json: BackendUserJSON = {
  object: 'user',
  id: 'user_1',
  external_id: null,
  username: null,
  first_name: 'Ada',
  last_name: 'Lovelace',
  image_url: '',
  has_image: false,
  primary_email_address_id: 'idn_2',
  primary_phone_number_id: null,
  primary_web3_wallet_id: null,
  password_enabled: true,
  totp_enabled: false,
  backup_code_enabled: false,
  two_factor_enabled: true,
  banned: false,
  locked: false,
  email_addresses: [
    { id: 'idn_1', email_address: 'a@example.com', verification: null, linked_to: [] },
    {
      id: 'idn_2',
      email_address: 'b@example.com',
      verification: { status: 'verified', strategy: 'email_code', attempts: null, expire_at: null },
      linked_to: [{ id: 'x', type: 'oauth_google' }],
    },
  ],
  phone_numbers: [
    {
      id: 'idn_3',
      phone_number: '+15555550100',
      reserved_for_second_factor: true,
      default_second_factor: true,
      verification: null,
      linked_to: [],
    },
  ],
  web3_wallets: [],
  external_accounts: [],
  enterprise_accounts: [],
  public_metadata: { role: 'admin' },
  private_metadata: {},
  unsafe_metadata: {},
  last_sign_in_at: 1,
  last_active_at: 2,
  create_organization_enabled: true,
  create_organizations_limit: null,
  delete_self_enabled: true,
  legal_accepted_at: null,
  locale: null,
  created_at: 3,
  updated_at: 4,
}

describe("the Backend SDK's resources", () => {
  it("have the reference's fields and types (@clerk/backend's User, Organization, EmailAddress, PhoneNumber)", () => {
    // Compile-time: ours is assignable wherever code expects the reference's (`npm run typecheck`).
    const user = (value: Shape<User>): WithoutAccounts<Shape<ReferenceUser>> => value
    const organization = (value: Shape<Organization>): Shape<ReferenceOrganization> => value
    const email = (value: Shape<EmailAddress>): Shape<ReferenceEmailAddress> => value
    const phone = (value: Shape<PhoneNumber>): Shape<ReferencePhoneNumber> => value
    expect([user, organization, email, phone]).toHaveLength(4)
  })

  it('read the JSON as the reference’s fromJSON does, with its derived fields', () => {
    const user = User.fromJSON(json)
    expect(user).toMatchObject({ id: 'user_1', firstName: 'Ada', twoFactorEnabled: true, lastActiveAt: 2 })
    expect(user.fullName).toBe('Ada Lovelace')
    expect(user.primaryEmailAddress?.emailAddress).toBe('b@example.com')
    expect(user.primaryEmailAddress?.verification?.status).toBe('verified')
    expect(user.primaryEmailAddress?.linkedTo).toEqual([{ id: 'x', type: 'oauth_google' }])
    expect(user.primaryPhoneNumber).toBeNull()
    expect(user.phoneNumbers[0]).toMatchObject({ reservedForSecondFactor: true, defaultSecondFactor: true })
    expect(user.publicMetadata).toEqual({ role: 'admin' })
    expect(user.raw).toBe(json)
    expect(User.fromJSON({ ...json, first_name: null, last_name: null }).fullName).toBeNull()
  })

  it('an organization keeps its member count only when it was asked for', () => {
    const base = {
      id: 'org_1',
      name: 'Acme',
      slug: 'acme',
      image_url: '',
      has_image: false,
      max_allowed_memberships: 5,
      admin_delete_enabled: true,
      public_metadata: {},
      private_metadata: {},
      created_by: null,
      created_at: 1,
      updated_at: 2,
    }
    expect(Organization.fromJSON(base)).toMatchObject({ name: 'Acme', membersCount: undefined, createdBy: undefined })
    expect(Organization.fromJSON({ ...base, members_count: 3, created_by: 'user_1' })).toMatchObject({
      membersCount: 3,
      createdBy: 'user_1',
    })
  })
})
