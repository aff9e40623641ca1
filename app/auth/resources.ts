/**
 * Client-side resources: wire JSON turned into objects with `Date`s and the derived fields the
 * reference API exposes.
 */

import type { PersonJSON } from '../session/admin-wire.ts'
import type {
  EmailAddressJSON,
  OrganizationJSON,
  OrganizationMembershipJSON,
  PhoneNumberJSON,
  PublicUserDataJSON,
  UserJSON,
} from '../session/wire.ts'

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

export interface OrganizationResource extends Omit<OrganizationJSON, 'createdAt' | 'updatedAt'> {
  createdAt: Date
  updatedAt: Date
}

export interface OrganizationMembershipResource extends Omit<OrganizationMembershipJSON, 'organization' | 'createdAt'> {
  organization: OrganizationResource
  createdAt: Date
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
  return {
    id: json.id,
    firstName: json.firstName,
    lastName: json.lastName,
    fullName: [json.firstName, json.lastName].filter(Boolean).join(' ') || null,
    primaryEmailAddressId: json.primaryEmailAddressId,
    primaryEmailAddress: emailAddresses.find((email) => email.id === json.primaryEmailAddressId) ?? null,
    emailAddresses,
    primaryPhoneNumberId: json.primaryPhoneNumberId,
    primaryPhoneNumber: phoneNumbers.find((phone) => phone.id === json.primaryPhoneNumberId) ?? null,
    phoneNumbers,
    organizationMemberships: json.organizationMemberships.map((membership) => ({
      ...membership,
      organization: {
        ...membership.organization,
        createdAt: new Date(membership.organization.createdAt),
        updatedAt: new Date(membership.organization.updatedAt),
      },
      createdAt: new Date(membership.createdAt),
    })),
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
