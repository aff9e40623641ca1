/**
 * The reference's Backend SDK resources (`User`, `EmailAddress`, `PhoneNumber`, `Organization` of
 * `@clerk/backend`), made from the Backend API's JSON (ADR 027) as its `fromJSON`s make them:
 * camelCase fields, times in milliseconds, `raw` the JSON they came from. What the server entry's
 * `clerkClient()` answers (docs/decisions/035-the-server-clerk-client.md).
 * Contract: https://clerk.com/docs/reference/backend/types/backend-user
 */

import type { JsonObject } from './user-profile.ts'

export interface BackendVerificationJSON {
  object?: 'verification'
  status: 'verified' | 'unverified'
  strategy: string
  attempts: number | null
  expire_at: number | null
}

export interface BackendEmailAddressJSON {
  object?: 'email_address'
  id: string
  email_address: string
  verification: BackendVerificationJSON | null
  linked_to: { id: string; type: string }[]
}

export interface BackendPhoneNumberJSON {
  object?: 'phone_number'
  id: string
  phone_number: string
  reserved_for_second_factor: boolean
  default_second_factor: boolean
  verification: BackendVerificationJSON | null
  linked_to: { id: string; type: string }[]
}

export interface BackendUserJSON {
  object?: 'user'
  id: string
  external_id: string | null
  username: string | null
  first_name: string | null
  last_name: string | null
  image_url: string
  has_image: boolean
  primary_email_address_id: string | null
  primary_phone_number_id: string | null
  primary_web3_wallet_id: string | null
  password_enabled: boolean
  totp_enabled: boolean
  backup_code_enabled: boolean
  two_factor_enabled: boolean
  banned: boolean
  locked: boolean
  email_addresses: BackendEmailAddressJSON[]
  phone_numbers: BackendPhoneNumberJSON[]
  /** Tessera has none of these: always empty. */
  web3_wallets: never[]
  external_accounts: never[]
  enterprise_accounts: never[]
  public_metadata: JsonObject
  private_metadata: JsonObject
  unsafe_metadata: JsonObject
  last_sign_in_at: number | null
  last_active_at: number | null
  create_organization_enabled: boolean
  create_organizations_limit: number | null
  delete_self_enabled: boolean
  legal_accepted_at: number | null
  locale: string | null
  created_at: number
  updated_at: number
}

export interface BackendOrganizationJSON {
  object?: 'organization'
  id: string
  name: string
  slug: string
  image_url: string
  has_image: boolean
  max_allowed_memberships: number
  admin_delete_enabled: boolean
  public_metadata: JsonObject
  private_metadata: JsonObject
  created_by: string | null
  members_count?: number
  created_at: number
  updated_at: number
}

export class Verification {
  /** Codes only here: no redirect, nonce or message (the reference's OAuth and web3 verifications). */
  readonly externalVerificationRedirectURL: URL | null = null
  readonly nonce: string | null = null
  readonly message: string | null = null

  constructor(
    readonly status: 'verified' | 'unverified',
    readonly strategy: string,
    readonly attempts: number | null,
    readonly expireAt: number | null,
  ) {}

  static fromJSON(data: BackendVerificationJSON): Verification {
    return new Verification(data.status, data.strategy, data.attempts, data.expire_at)
  }
}

export class IdentificationLink {
  constructor(
    readonly id: string,
    readonly type: string,
  ) {}
}

export class EmailAddress {
  constructor(
    readonly id: string,
    readonly emailAddress: string,
    readonly verification: Verification | null,
    readonly linkedTo: IdentificationLink[],
  ) {}

  static fromJSON(data: BackendEmailAddressJSON): EmailAddress {
    return new EmailAddress(
      data.id,
      data.email_address,
      data.verification && Verification.fromJSON(data.verification),
      data.linked_to.map((link) => new IdentificationLink(link.id, link.type)),
    )
  }
}

export class PhoneNumber {
  constructor(
    readonly id: string,
    readonly phoneNumber: string,
    readonly reservedForSecondFactor: boolean,
    readonly defaultSecondFactor: boolean,
    readonly verification: Verification | null,
    readonly linkedTo: IdentificationLink[],
  ) {}

  static fromJSON(data: BackendPhoneNumberJSON): PhoneNumber {
    return new PhoneNumber(
      data.id,
      data.phone_number,
      data.reserved_for_second_factor,
      data.default_second_factor,
      data.verification && Verification.fromJSON(data.verification),
      data.linked_to.map((link) => new IdentificationLink(link.id, link.type)),
    )
  }
}

/** The reference's Backend `User`. Tessera has no web3 wallets, external or enterprise accounts here: empty lists. */
export class User {
  readonly id: string
  readonly externalId: string | null
  readonly username: string | null
  readonly firstName: string | null
  readonly lastName: string | null
  readonly imageUrl: string
  readonly hasImage: boolean
  readonly primaryEmailAddressId: string | null
  readonly primaryPhoneNumberId: string | null
  readonly primaryWeb3WalletId: string | null
  readonly passwordEnabled: boolean
  readonly totpEnabled: boolean
  readonly backupCodeEnabled: boolean
  readonly twoFactorEnabled: boolean
  readonly banned: boolean
  readonly locked: boolean
  readonly emailAddresses: EmailAddress[]
  readonly phoneNumbers: PhoneNumber[]
  readonly web3Wallets: never[] = []
  readonly externalAccounts: never[] = []
  readonly enterpriseAccounts: never[] = []
  readonly publicMetadata: JsonObject
  readonly privateMetadata: JsonObject
  readonly unsafeMetadata: JsonObject
  readonly lastSignInAt: number | null
  readonly lastActiveAt: number | null
  readonly createOrganizationEnabled: boolean
  readonly createOrganizationsLimit: number | null
  readonly deleteSelfEnabled: boolean
  readonly legalAcceptedAt: number | null
  readonly locale: string | null
  /** Tessera keeps no time zone, and no account is deprovisioned by a directory. */
  readonly timezone: string | null = null
  readonly deprovisioned: boolean = false
  readonly createdAt: number
  readonly updatedAt: number
  readonly raw: BackendUserJSON

  private constructor(data: BackendUserJSON) {
    this.raw = data
    this.id = data.id
    this.externalId = data.external_id
    this.username = data.username
    this.firstName = data.first_name
    this.lastName = data.last_name
    this.imageUrl = data.image_url
    this.hasImage = data.has_image
    this.primaryEmailAddressId = data.primary_email_address_id
    this.primaryPhoneNumberId = data.primary_phone_number_id
    this.primaryWeb3WalletId = data.primary_web3_wallet_id
    this.passwordEnabled = data.password_enabled
    this.totpEnabled = data.totp_enabled
    this.backupCodeEnabled = data.backup_code_enabled
    this.twoFactorEnabled = data.two_factor_enabled
    this.banned = data.banned
    this.locked = data.locked
    this.emailAddresses = data.email_addresses.map(EmailAddress.fromJSON)
    this.phoneNumbers = data.phone_numbers.map(PhoneNumber.fromJSON)
    this.publicMetadata = data.public_metadata
    this.privateMetadata = data.private_metadata
    this.unsafeMetadata = data.unsafe_metadata
    this.lastSignInAt = data.last_sign_in_at
    this.lastActiveAt = data.last_active_at
    this.createOrganizationEnabled = data.create_organization_enabled
    this.createOrganizationsLimit = data.create_organizations_limit
    this.deleteSelfEnabled = data.delete_self_enabled
    this.legalAcceptedAt = data.legal_accepted_at
    this.locale = data.locale
    this.createdAt = data.created_at
    this.updatedAt = data.updated_at
  }

  static fromJSON(data: BackendUserJSON): User {
    return new User(data)
  }

  get primaryEmailAddress(): EmailAddress | null {
    return this.emailAddresses.find((email) => email.id === this.primaryEmailAddressId) ?? null
  }

  get primaryPhoneNumber(): PhoneNumber | null {
    return this.phoneNumbers.find((phone) => phone.id === this.primaryPhoneNumberId) ?? null
  }

  get primaryWeb3Wallet(): null {
    return null
  }

  /** "First Last", either alone, or null (the reference's). */
  get fullName(): string | null {
    return [this.firstName, this.lastName].filter(Boolean).join(' ') || null
  }
}

export class Organization {
  readonly id: string
  readonly name: string
  readonly slug: string
  readonly imageUrl: string
  readonly hasImage: boolean
  readonly createdAt: number
  readonly updatedAt: number
  readonly publicMetadata: JsonObject | null
  readonly privateMetadata: JsonObject
  readonly maxAllowedMemberships: number
  readonly adminDeleteEnabled: boolean
  readonly membersCount?: number | undefined
  readonly createdBy?: string | undefined
  readonly raw: BackendOrganizationJSON

  private constructor(data: BackendOrganizationJSON) {
    this.raw = data
    this.id = data.id
    this.name = data.name
    this.slug = data.slug
    this.imageUrl = data.image_url
    this.hasImage = data.has_image
    this.createdAt = data.created_at
    this.updatedAt = data.updated_at
    this.publicMetadata = data.public_metadata
    this.privateMetadata = data.private_metadata
    this.maxAllowedMemberships = data.max_allowed_memberships
    this.adminDeleteEnabled = data.admin_delete_enabled
    this.membersCount = data.members_count
    this.createdBy = data.created_by ?? undefined
  }

  static fromJSON(data: BackendOrganizationJSON): Organization {
    return new Organization(data)
  }
}

/** A page of a list, as the reference's SDK answers its paginated lists. */
export interface PaginatedResourceResponse<T> {
  data: T
  totalCount: number
}
