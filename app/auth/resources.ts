/**
 * Client-side resources: wire JSON turned into objects with `Date`s, the derived fields the
 * reference API exposes, and (the User, its email addresses and phone numbers) its methods.
 * Contract: https://clerk.com/docs/reference/objects/user
 */

import {
  $addEmailAddress,
  $addPhoneNumber,
  $removeEmailAddress,
  $removePasskey,
  $renamePasskey,
  $resendEmailVerification,
  $verifyEmailAddress,
} from '../functions/account.functions.ts'
import { $getUser, $removeProfileImage, $setProfileImage, $updateUser } from '../functions/profile.functions.ts'
import { $connectExternalAccount, $disconnectExternalAccount } from '../functions/social.functions.ts'
import type { PersonJSON } from '../session/admin-wire.ts'
import { TesseraError } from '../session/errors.ts'
import { type OAuthProvider, type OAuthStrategy, providerOf } from '../session/factors.ts'
import { PROFILE_IMAGE_MAX_BYTES } from '../session/policy.ts'
import { SOCIAL_PROVIDERS } from '../session/social.ts'
import type { JsonObject } from '../session/user-profile.ts'
import type {
  EmailAddressJSON,
  ExternalAccountJSON,
  PasskeyJSON,
  PublicUserDataJSON,
  UserJSON,
} from '../session/wire.ts'
import { type CreateEmailLinkFlowReturn, emailLinkFlow, type StartEmailLinkFlowParams } from './email-link-flow.ts'
import { Organization, OrganizationMembership, type OrganizationMembershipResource } from './organizations.ts'
import { type IdentifierVerification, PhoneNumber, type PhoneNumberResource } from './phone-numbers.ts'
import {
  type BackupCodeResource,
  createBackupCode,
  createTOTP,
  type DeletedObjectResource,
  disableTOTP,
  type TOTPResource,
  type UpdateUserPasswordParams,
  updatePassword,
  type VerifyTOTPParams,
  verifyTOTP,
} from './second-factors.ts'
import { DETACHED, type UserRuntime, userChanged } from './user-runtime.ts'

export type { OrganizationMembershipResource, OrganizationResource } from './organizations.ts'
export type {
  AttemptPhoneNumberVerificationParams,
  IdentifierVerification,
  PhoneNumberResource,
  SetReservedForSecondFactorParams,
} from './phone-numbers.ts'
export type {
  BackupCodeResource,
  DeletedObjectResource,
  TOTPResource,
  UpdateUserPasswordParams,
  VerifyTOTPParams,
} from './second-factors.ts'
export type { UserRuntime } from './user-runtime.ts'

export interface EmailAddressResource {
  id: string
  emailAddress: string
  verified: boolean
  verification: IdentifierVerification
  /** Sends a code to the address (`email_code`), or a link that verifies it (`email_link`, with the page it goes on to). */
  prepareVerification: (params?: EmailAddressPrepareVerificationParams) => Promise<EmailAddressResource>
  /**
   * The reference's email-link verification: `startEmailLinkFlow({ redirectUrl })` emails the link,
   * then polls until the address is verified and resolves with it.
   */
  createEmailLinkFlow: () => CreateEmailLinkFlowReturn<StartEmailLinkFlowParams, EmailAddressResource>
  /** Re-reads the address (its verification). */
  reload: () => Promise<EmailAddressResource>
  /** Checks the code; resolves with the address verified, or rejects with a coded error. */
  attemptVerification: (params: { code: string }) => Promise<EmailAddressResource>
  /** Removes the address (a sensitive action: may need reverification). */
  destroy: () => Promise<void>
  toString: () => string
}

export type EmailAddressPrepareVerificationParams =
  | { strategy?: 'email_code' }
  | { strategy: 'email_link'; redirectUrl?: string }

class EmailAddress implements EmailAddressResource {
  readonly id: string
  readonly emailAddress: string
  readonly verified: boolean
  readonly verification: IdentifierVerification
  readonly #runtime: UserRuntime

  constructor(json: EmailAddressJSON, runtime: UserRuntime) {
    this.id = json.id
    this.emailAddress = json.emailAddress
    this.verified = json.verified
    this.verification = { status: json.verified ? 'verified' : 'unverified', strategy: 'email_code' }
    this.#runtime = runtime
  }

  async prepareVerification(params: EmailAddressPrepareVerificationParams = {}): Promise<EmailAddressResource> {
    if (params.strategy === 'email_link') {
      await $resendEmailVerification({
        data: { emailAddressId: this.id, strategy: 'email_link', redirectUrl: params.redirectUrl ?? null },
      })
      return this
    }
    if (params.strategy !== undefined && params.strategy !== 'email_code')
      throw new TesseraError('strategy_not_allowed', { meta: { strategy: String(params.strategy) } })
    await $resendEmailVerification({ data: { emailAddressId: this.id } })
    return this
  }

  createEmailLinkFlow(): CreateEmailLinkFlowReturn<StartEmailLinkFlowParams, EmailAddressResource> {
    return emailLinkFlow(
      ({ redirectUrl }: StartEmailLinkFlowParams) => this.prepareVerification({ strategy: 'email_link', redirectUrl }),
      () => this.reload(),
      (address) => address.verification.status === 'verified',
    )
  }

  async reload(): Promise<EmailAddressResource> {
    const json = (await $getUser()).emailAddresses.find((candidate) => candidate.id === this.id)
    if (!json) throw new TesseraError('identifier_not_found')
    if (json.verified) await userChanged(this.#runtime)
    return new EmailAddress(json, this.#runtime)
  }

  async attemptVerification({ code }: { code: string }): Promise<EmailAddressResource> {
    await $verifyEmailAddress({ data: { emailAddressId: this.id, code } })
    await userChanged(this.#runtime)
    return new EmailAddress({ id: this.id, emailAddress: this.emailAddress, verified: true }, this.#runtime)
  }

  async destroy(): Promise<void> {
    await $removeEmailAddress({ data: { emailAddressId: this.id } })
    await userChanged(this.#runtime)
  }

  toString(): string {
    return this.emailAddress
  }
}

/** The reference's `PasskeyResource`, as far as ours go. */
/**
 * A connected social account (the reference's `ExternalAccountResource`, for our providers):
 * whom it is at the provider, and a way to disconnect it.
 */
export interface ExternalAccountResource {
  id: string
  /** `google`, `github` or `microsoft`. */
  provider: OAuthProvider
  providerUserId: string
  emailAddress: string
  firstName: string | null
  lastName: string | null
  username: string | null
  /** The reference's fields we have no value for. */
  imageUrl: string
  phoneNumber: string
  label: string | null
  approvedScopes: string
  publicMetadata: Record<string, unknown>
  /** `verified` when the provider said it verified the address; `externalVerificationRedirectURL` while connecting. */
  verification: {
    status: 'verified' | 'unverified'
    strategy: OAuthStrategy
    externalVerificationRedirectURL: URL | null
  } | null
  /** Tessera's own: when it was connected, and last signed in. */
  createdAt: Date
  lastSignedInAt: Date
  /** Disconnects it (a sensitive action; refused when it is the user's last way to sign in). */
  destroy: () => Promise<void>
  /** `google`. */
  providerSlug: () => OAuthProvider
  /** `Google`. */
  providerTitle: () => string
  /** The username at the provider, else the address. */
  accountIdentifier: () => string
}

class ExternalAccount implements ExternalAccountResource {
  readonly id: string
  readonly provider: OAuthProvider
  readonly providerUserId: string
  readonly emailAddress: string
  readonly firstName: string | null
  readonly lastName: string | null
  readonly username: string | null
  readonly imageUrl = ''
  readonly phoneNumber = ''
  readonly label = null
  readonly approvedScopes = ''
  readonly publicMetadata = {}
  readonly verification: ExternalAccountResource['verification']
  readonly createdAt: Date
  readonly lastSignedInAt: Date
  readonly #runtime: UserRuntime

  constructor(json: ExternalAccountJSON, runtime: UserRuntime, redirect: URL | null = null) {
    this.id = json.id
    this.provider = json.provider
    this.providerUserId = json.providerUserId
    this.emailAddress = json.emailAddress
    this.firstName = json.firstName
    this.lastName = json.lastName
    this.username = json.username
    this.verification = { ...json.verification, externalVerificationRedirectURL: redirect }
    this.createdAt = new Date(json.createdAt)
    this.lastSignedInAt = new Date(json.lastSignedInAt)
    this.#runtime = runtime
  }

  async destroy(): Promise<void> {
    await $disconnectExternalAccount({ data: { externalAccountId: this.id } })
    await userChanged(this.#runtime)
  }

  providerSlug = () => this.provider
  providerTitle = () => SOCIAL_PROVIDERS[this.provider].name
  accountIdentifier = () => this.username ?? this.emailAddress
}

export interface PasskeyResource {
  id: string
  name: string
  createdAt: Date
  lastUsedAt: Date | null
  /** Tessera's own: synced across the user's devices. */
  synced: boolean
  /** Renames it; resolves with the renamed passkey. */
  update: (params: { name: string }) => Promise<PasskeyResource>
  /** Removes it (a sensitive action: may need reverification). */
  delete: () => Promise<void>
}

class Passkey implements PasskeyResource {
  readonly id: string
  readonly name: string
  readonly createdAt: Date
  readonly lastUsedAt: Date | null
  readonly synced: boolean
  readonly #runtime: UserRuntime

  constructor(json: PasskeyJSON, runtime: UserRuntime) {
    this.id = json.id
    this.name = json.name
    this.createdAt = new Date(json.createdAt)
    this.lastUsedAt = json.lastUsedAt === null ? null : new Date(json.lastUsedAt)
    this.synced = json.synced
    this.#runtime = runtime
  }

  async update({ name }: { name: string }): Promise<PasskeyResource> {
    await $renamePasskey({ data: { passkeyId: this.id, name } })
    await userChanged(this.#runtime)
    return new Passkey(
      {
        id: this.id,
        name,
        createdAt: this.createdAt.getTime(),
        lastUsedAt: this.lastUsedAt?.getTime() ?? null,
        synced: this.synced,
      },
      this.#runtime,
    )
  }

  async delete(): Promise<void> {
    await $removePasskey({ data: { passkeyId: this.id } })
    await userChanged(this.#runtime)
  }
}

/** `user.update()`'s parameters: each left out stays as it is. */
export interface UpdateUserParams {
  firstName?: string | null
  lastName?: string | null
  /** Only when the instance has usernames on (else `username_not_enabled`); null removes it. */
  username?: string | null
  /** Replaces the whole object (the reference's `update` semantics); at most 8 KB as JSON. */
  unsafeMetadata?: JsonObject
}

/** The reference's `ImageResource`, for `setProfileImage`. */
export interface ImageResource {
  id: string
  name: string | null
  publicUrl: string | null
}

export interface UserResource {
  id: string
  firstName: string | null
  lastName: string | null
  fullName: string | null
  /** Null without one (always, when the instance has usernames off). */
  username: string | null
  /** Written by the backend; read-only here. */
  publicMetadata: JsonObject
  /** Written by the user (`update({ unsafeMetadata })`): never trust it for authorization. */
  unsafeMetadata: JsonObject
  primaryEmailAddressId: string | null
  primaryEmailAddress: EmailAddressResource | null
  emailAddresses: EmailAddressResource[]
  primaryPhoneNumberId: string | null
  primaryPhoneNumber: PhoneNumberResource | null
  phoneNumbers: PhoneNumberResource[]
  /** Every organization the user belongs to, by name. */
  organizationMemberships: OrganizationMembershipResource[]
  /** The instance admin role, or null (Tessera's own field). */
  adminRole: UserJSON['adminRole']
  /** The profile image's URL, or null. */
  imageUrl: string | null
  hasImage: boolean
  passwordEnabled: boolean
  totpEnabled: boolean
  /** Unused backup codes remain. */
  backupCodeEnabled: boolean
  /** Sign-in asks for a second factor. */
  twoFactorEnabled: boolean
  passkeys: PasskeyResource[]
  /** Connected social accounts. */
  externalAccounts: ExternalAccountResource[]
  createdAt: Date
  updatedAt: Date
  /**
   * Starts connecting another social account (a sensitive action): the answer's
   * `verification.externalVerificationRedirectURL` is where to send the browser; the provider
   * brings it back to `redirectUrl`, with the account connected.
   */
  createExternalAccount: (params: { strategy: OAuthStrategy; redirectUrl?: string }) => Promise<ExternalAccountResource>
  /** Changes names, username and unsafe metadata; resolves with this user, re-read. */
  update: (params: UpdateUserParams) => Promise<UserResource>
  /** Re-reads this user from the server, in place. */
  reload: () => Promise<UserResource>
  /** Uploads (a Blob, File or base64 data URL) or, with `file: null`, removes the profile image. */
  setProfileImage: (params: { file: Blob | string | null }) => Promise<ImageResource>
  /** Adds an unverified address; `prepareVerification()` on it sends the code. */
  createEmailAddress: (params: { email: string }) => Promise<EmailAddressResource>
  /** Adds an unverified number; `prepareVerification()` on it texts the code. */
  createPhoneNumber: (params: { phoneNumber: string }) => Promise<PhoneNumberResource>
  /** Changes (or sets a first) password; resolves with this user, re-read. Sensitive: may need reverification. */
  updatePassword: (params: UpdateUserPasswordParams) => Promise<UserResource>
  /** Starts setting up an authenticator app. Sensitive. */
  createTOTP: () => Promise<TOTPResource>
  /** Confirms the authenticator app with a code from it. Sensitive. */
  verifyTOTP: (params: VerifyTOTPParams) => Promise<TOTPResource>
  /** Removes the authenticator app. Sensitive. */
  disableTOTP: () => Promise<DeletedObjectResource>
  /** A new set of backup codes (the old ones stop working). Sensitive. */
  createBackupCode: () => Promise<BackupCodeResource>
}

/** The bytes of a Blob, or a base64 data URL's, as base64 (what $setProfileImage takes). */
async function base64Of(file: Blob | string): Promise<string> {
  if (typeof file === 'string') return file.replace(/^data:[^,]*;base64,/, '')
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  for (let offset = 0; offset < bytes.length; offset += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000))
  return btoa(binary)
}

/**
 * The reference's `User`: the wire JSON with `Date`s and derived fields, and methods that call our
 * server functions (each authorizes itself; the sensitive ones may ask for reverification, which
 * `useReverification` handles). A method that changes the user re-reads it in place, as the
 * reference's do, then has every tab re-read the client.
 */
class User implements UserResource {
  id = ''
  firstName: string | null = null
  lastName: string | null = null
  fullName: string | null = null
  username: string | null = null
  publicMetadata: JsonObject = {}
  unsafeMetadata: JsonObject = {}
  primaryEmailAddressId: string | null = null
  primaryEmailAddress: EmailAddressResource | null = null
  emailAddresses: EmailAddressResource[] = []
  primaryPhoneNumberId: string | null = null
  primaryPhoneNumber: PhoneNumberResource | null = null
  phoneNumbers: PhoneNumberResource[] = []
  organizationMemberships: OrganizationMembershipResource[] = []
  adminRole: UserJSON['adminRole'] = null
  imageUrl: string | null = null
  hasImage = false
  passwordEnabled = false
  totpEnabled = false
  backupCodeEnabled = false
  twoFactorEnabled = false
  passkeys: PasskeyResource[] = []
  externalAccounts: ExternalAccountResource[] = []
  createdAt = new Date(0)
  updatedAt = new Date(0)
  readonly #runtime: UserRuntime

  constructor(json: UserJSON, runtime: UserRuntime) {
    this.#runtime = runtime
    this.#apply(json)
  }

  #apply(json: UserJSON): this {
    const emailAddresses = json.emailAddresses.map((email) => new EmailAddress(email, this.#runtime))
    const phoneNumbers = json.phoneNumbers.map((phone) => new PhoneNumber(phone, this.#runtime))
    this.id = json.id
    this.firstName = json.firstName
    this.lastName = json.lastName
    this.fullName = [json.firstName, json.lastName].filter(Boolean).join(' ') || null
    this.username = json.username
    this.publicMetadata = json.publicMetadata
    this.unsafeMetadata = json.unsafeMetadata
    this.primaryEmailAddressId = json.primaryEmailAddressId
    this.primaryEmailAddress = emailAddresses.find((email) => email.id === json.primaryEmailAddressId) ?? null
    this.emailAddresses = emailAddresses
    this.primaryPhoneNumberId = json.primaryPhoneNumberId
    this.primaryPhoneNumber = phoneNumbers.find((phone) => phone.id === json.primaryPhoneNumberId) ?? null
    this.phoneNumbers = phoneNumbers
    /** The user as their own memberships show them (the reference's `publicUserData`); signed in, so not banned. */
    const publicUserData: PublicUserDataJSON = {
      userId: json.id,
      firstName: json.firstName,
      lastName: json.lastName,
      identifier: this.primaryEmailAddress?.emailAddress ?? json.id,
      imageUrl: json.imageUrl,
      hasImage: json.hasImage,
      username: json.username,
      banned: false,
    }
    this.organizationMemberships = json.organizationMemberships.map(
      ({ organization, ...membership }) =>
        new OrganizationMembership({ ...membership, publicUserData }, new Organization(organization)),
    )
    this.adminRole = json.adminRole
    this.imageUrl = json.imageUrl
    this.hasImage = json.hasImage
    this.passwordEnabled = json.passwordEnabled
    this.totpEnabled = json.totpEnabled
    this.backupCodeEnabled = json.backupCodeEnabled
    this.twoFactorEnabled = json.twoFactorEnabled
    this.passkeys = json.passkeys.map((passkey) => new Passkey(passkey, this.#runtime))
    this.externalAccounts = json.externalAccounts.map((account) => new ExternalAccount(account, this.#runtime))
    this.createdAt = new Date(json.createdAt)
    this.updatedAt = new Date(json.updatedAt)
    return this
  }

  async reload(): Promise<this> {
    return this.#apply(await $getUser())
  }

  async createExternalAccount(params: {
    strategy: OAuthStrategy
    redirectUrl?: string
  }): Promise<ExternalAccountResource> {
    const { externalVerificationRedirectUrl } = await $connectExternalAccount({
      data: { strategy: params.strategy, redirectUrl: params.redirectUrl ?? null },
    })
    const provider = providerOf(params.strategy)
    // Not connected yet: the provider's answer connects it, at the callback.
    const pending: ExternalAccountJSON = {
      id: '',
      provider,
      providerUserId: '',
      emailAddress: '',
      firstName: null,
      lastName: null,
      username: null,
      verification: { status: 'unverified', strategy: params.strategy },
      createdAt: Date.now(),
      lastSignedInAt: Date.now(),
    }
    return new ExternalAccount(pending, this.#runtime, new URL(externalVerificationRedirectUrl))
  }

  async update(params: UpdateUserParams): Promise<this> {
    this.#apply(await $updateUser({ data: params }))
    await userChanged(this.#runtime)
    return this
  }

  async setProfileImage({ file }: { file: Blob | string | null }): Promise<ImageResource> {
    if (file === null) {
      await $removeProfileImage()
    } else {
      // The server checks again, by the bytes: this only saves a wasted upload.
      const size = typeof file === 'string' ? Math.floor((file.length * 3) / 4) : file.size
      if (size > PROFILE_IMAGE_MAX_BYTES)
        throw new TesseraError('image_too_large', { meta: { maxBytes: PROFILE_IMAGE_MAX_BYTES } })
      await $setProfileImage({ data: { image: await base64Of(file) } })
    }
    await this.reload()
    await userChanged(this.#runtime)
    return { id: this.id, name: null, publicUrl: this.imageUrl }
  }

  async createEmailAddress({ email }: { email: string }): Promise<EmailAddressResource> {
    const { emailAddressId } = await $addEmailAddress({ data: { email, sendCode: false } })
    await this.reload()
    await userChanged(this.#runtime)
    const created = this.emailAddresses.find((candidate) => candidate.id === emailAddressId)
    return created ?? new EmailAddress({ id: emailAddressId, emailAddress: email, verified: false }, this.#runtime)
  }

  async createPhoneNumber({ phoneNumber }: { phoneNumber: string }): Promise<PhoneNumberResource> {
    const { phoneNumberId } = await $addPhoneNumber({ data: { phoneNumber, sendCode: false } })
    await this.reload()
    await userChanged(this.#runtime)
    const created = this.phoneNumbers.find((candidate) => candidate.id === phoneNumberId)
    return (
      created ??
      new PhoneNumber(
        { id: phoneNumberId, phoneNumber, verified: false, reservedForSecondFactor: false, defaultSecondFactor: false },
        this.#runtime,
      )
    )
  }

  async updatePassword(params: UpdateUserPasswordParams): Promise<this> {
    await updatePassword(params)
    await this.reload()
    await userChanged(this.#runtime)
    return this
  }

  async createTOTP(): Promise<TOTPResource> {
    return createTOTP(this.id)
  }

  async verifyTOTP(params: VerifyTOTPParams): Promise<TOTPResource> {
    const totp = await verifyTOTP(this.id, params, new Date())
    await this.reload()
    await userChanged(this.#runtime)
    return totp
  }

  async disableTOTP(): Promise<DeletedObjectResource> {
    const deleted = await disableTOTP(this.id)
    await this.reload()
    await userChanged(this.#runtime)
    return deleted
  }

  async createBackupCode(): Promise<BackupCodeResource> {
    const codes = await createBackupCode(this.id, new Date())
    await this.reload()
    await userChanged(this.#runtime)
    return codes
  }
}

export function toUserResource(json: UserJSON, runtime: UserRuntime = DETACHED): UserResource {
  return new User(json, runtime)
}

/** The name to show for an account: full name, else the identifier (email). */
export function displayName(data: Pick<PublicUserDataJSON, 'firstName' | 'lastName' | 'identifier'>): string {
  return [data.firstName, data.lastName].filter(Boolean).join(' ') || data.identifier
}

/** How the admin console and activity lists name a person: their name, else email address, else id. */
export const personName = (person: PersonJSON): string => person.name ?? person.email ?? person.id
