/**
 * Client-side resources: wire JSON turned into objects with `Date`s and the derived fields the
 * reference API exposes.
 */

import type { PersonJSON } from '../session/admin-wire.ts'
import type { EmailAddressJSON, PhoneNumberJSON, PublicUserDataJSON, UserJSON } from '../session/wire.ts'
import { Organization, OrganizationMembership, type OrganizationMembershipResource } from './organizations.ts'

export type { OrganizationMembershipResource, OrganizationResource } from './organizations.ts'

export interface EmailAddressResource {
  id: string
  emailAddress: string
  verified: boolean
}

export interface PhoneNumberResource {
  id: string
  phoneNumber: string
  verified: boolean
}

export interface UserResource {
  id: string
  firstName: string | null
  lastName: string | null
  fullName: string | null
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
  createdAt: Date
  updatedAt: Date
}

export function toUserResource(json: UserJSON): UserResource {
  const emailAddresses = json.emailAddresses.map((email: EmailAddressJSON) => ({ ...email }))
  const phoneNumbers = json.phoneNumbers.map((phone: PhoneNumberJSON) => ({ ...phone }))
  const primaryEmailAddress = emailAddresses.find((email) => email.id === json.primaryEmailAddressId) ?? null
  /** The user as their own memberships show them (the reference's `publicUserData`). */
  const publicUserData: PublicUserDataJSON = {
    userId: json.id,
    firstName: json.firstName,
    lastName: json.lastName,
    identifier: primaryEmailAddress?.emailAddress ?? json.id,
    imageUrl: json.imageUrl,
    hasImage: json.hasImage,
    username: null,
    // The user is reading their own memberships: signed in, so not banned.
    banned: false,
  }
  return {
    id: json.id,
    firstName: json.firstName,
    lastName: json.lastName,
    fullName: [json.firstName, json.lastName].filter(Boolean).join(' ') || null,
    primaryEmailAddressId: json.primaryEmailAddressId,
    primaryEmailAddress,
    emailAddresses,
    primaryPhoneNumberId: json.primaryPhoneNumberId,
    primaryPhoneNumber: phoneNumbers.find((phone) => phone.id === json.primaryPhoneNumberId) ?? null,
    phoneNumbers,
    organizationMemberships: json.organizationMemberships.map(
      ({ organization, ...membership }) =>
        new OrganizationMembership({ ...membership, publicUserData }, new Organization(organization)),
    ),
    adminRole: json.adminRole,
    imageUrl: json.imageUrl,
    hasImage: json.hasImage,
    createdAt: new Date(json.createdAt),
    updatedAt: new Date(json.updatedAt),
  }
}

/** The name to show for an account: full name, else the identifier (email). */
export function displayName(data: Pick<PublicUserDataJSON, 'firstName' | 'lastName' | 'identifier'>): string {
  return [data.firstName, data.lastName].filter(Boolean).join(' ') || data.identifier
}

/** How the admin console and activity lists name a person: their name, else email address, else id. */
export const personName = (person: PersonJSON): string => person.name ?? person.email ?? person.id
