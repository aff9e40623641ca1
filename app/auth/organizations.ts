/**
 * The reference's organization resources (https://clerk.com/docs/reference/objects/organization):
 * `Organization`, `OrganizationMembership`, `OrganizationInvitation`, `UserOrganizationInvitation`
 * and `Role`, backed by the server functions in app/functions/organizations.functions.ts, which
 * authorize every call themselves (an organization the user is not in is not found; a role without
 * the permission is refused; deleting one needs a recent verification, so wrap `destroy()` in
 * `useReverification`). Pages are asked for as the reference's (`initialPage`, `pageSize`) and sent
 * as `limit`/`offset`; a page out of range is refused by the server (`invalid_input`).
 *
 * What our organizations do not have answers as the reference does without it: `getDomains()` and
 * `getMembershipRequests()` list nothing; `setLogo()` and `addMember()` reject with
 * `organization_feature_unavailable`. Organizations have no image (`imageUrl` is '').
 *
 * A change re-reads the client (the snapshot holds the user's memberships) and refetches every
 * mounted list it touches (pagination.ts), so `useOrganization()` lists stay current.
 */

import {
  $acceptInvitation,
  $createOrganization,
  $deleteOrganization,
  $inviteMember,
  $listOrganizationInvitations,
  $listOrganizationMembers,
  $listUserInvitations,
  $removeMember,
  $revokeInvitation,
  $updateMemberRole,
  $updateOrganization,
} from '../functions/organizations.functions.ts'
import { TesseraError } from '../session/errors.ts'
import type { InvitationState } from '../session/organizations.ts'
import type {
  OrganizationInvitationJSON,
  OrganizationJSON,
  PublicUserDataJSON,
  RoleJSON,
  UserInvitationJSON,
} from '../session/wire.ts'
import {
  type ClerkPaginatedResponse,
  DEFAULT_PAGE_SIZE,
  invalidateLists,
  invalidateListsStartingWith,
} from './pagination.ts'

/** A role key (`org:admin`, `org:member`, or the instance's own). */
export type OrganizationCustomRoleKey = string
/** A permission key, system (`org:sys_memberships:manage`) or custom (`org:reports:read`). */
export type OrganizationPermissionKey = string
/** The reference's invitation statuses; `expired` is a pending invitation past its time. */
export type OrganizationInvitationStatus = InvitationState
export type PublicUserData = PublicUserDataJSON

/** `initialPage` and `pageSize`, as every list method takes them. */
export type ClerkPaginationParams<T = object> = { initialPage?: number; pageSize?: number } & T
export type GetMembersParams = ClerkPaginationParams<{ role?: OrganizationCustomRoleKey[]; query?: string }>
export type GetInvitationsParams = ClerkPaginationParams<{ status?: OrganizationInvitationStatus[] }>
export type GetRolesParams = ClerkPaginationParams
export type GetDomainsParams = ClerkPaginationParams<{ enrollmentMode?: OrganizationEnrollmentMode }>
export type GetMembershipRequestParams = ClerkPaginationParams<{ status?: OrganizationInvitationStatus }>
export type GetUserOrganizationMembershipParams = ClerkPaginationParams
export type GetUserOrganizationInvitationsParams = ClerkPaginationParams<{ status?: OrganizationInvitationStatus }>
export type GetUserOrganizationSuggestionsParams = ClerkPaginationParams<{
  status?: 'pending' | 'accepted' | ('pending' | 'accepted')[]
}>

export interface UpdateOrganizationParams {
  name: string
  slug?: string
}
export interface CreateOrganizationParams {
  name: string
  slug?: string
}
export interface InviteMemberParams {
  emailAddress: string
  role: OrganizationCustomRoleKey
}
export interface InviteMembersParams {
  emailAddresses: string[]
  role: OrganizationCustomRoleKey
}
export interface UpdateMembershipParams {
  userId: string
  role: OrganizationCustomRoleKey
}
export interface UpdateOrganizationMembershipParams {
  role: OrganizationCustomRoleKey
}
export interface AddMemberParams {
  userId: string
  role: OrganizationCustomRoleKey
}
export interface SetOrganizationLogoParams {
  file: Blob | File | string | null
}

/**
 * The reference's resources for features our organizations do not have: typed so code written for
 * them compiles, never returned (their lists are always empty).
 */
export type OrganizationEnrollmentMode =
  | 'manual_invitation'
  | 'automatic_invitation'
  | 'automatic_suggestion'
  | 'enterprise_sso'

export interface OrganizationDomainVerification {
  status: 'unverified' | 'verified' | 'failed' | 'expired'
  strategy: 'email_code'
  attempts: number
  expiresAt: Date
}

export interface OrganizationDomainResource {
  id: string
  name: string
  organizationId: string
  enrollmentMode: OrganizationEnrollmentMode
  verification: OrganizationDomainVerification | null
  affiliationVerification: OrganizationDomainVerification | null
  createdAt: Date
  updatedAt: Date
  affiliationEmailAddress: string | null
  totalPendingInvitations: number
  totalPendingSuggestions: number
  prepareAffiliationVerification: (params: { affiliationEmailAddress: string }) => Promise<OrganizationDomainResource>
  attemptAffiliationVerification: (params: { code: string }) => Promise<OrganizationDomainResource>
  delete: () => Promise<void>
  updateEnrollmentMode: (params: {
    enrollmentMode: OrganizationEnrollmentMode
    deletePending?: boolean
  }) => Promise<OrganizationDomainResource>
}

export interface OrganizationMembershipRequestResource {
  id: string
  organizationId: string
  status: OrganizationInvitationStatus
  publicUserData: PublicUserData
  createdAt: Date
  updatedAt: Date
  accept: () => Promise<OrganizationMembershipRequestResource>
  reject: () => Promise<OrganizationMembershipRequestResource>
}

export interface OrganizationSuggestionResource {
  id: string
  publicOrganizationData: { hasImage: boolean; imageUrl: string; name: string; id: string; slug: string | null }
  status: 'pending' | 'accepted'
  createdAt: Date
  updatedAt: Date
  accept: () => Promise<OrganizationSuggestionResource>
}

export interface PermissionResource {
  id: string
  key: OrganizationPermissionKey
  name: string
  type: 'system' | 'user'
  description: string
  createdAt: Date
  updatedAt: Date
}

export interface RoleResource {
  id: string
  key: OrganizationCustomRoleKey
  name: string
  description: string
  permissions: PermissionResource[]
  createdAt: Date
  updatedAt: Date
}

export interface GetRolesResponse extends ClerkPaginatedResponse<RoleResource> {
  /** Always false: roles here are the instance's (app.config.ts), never migrating. */
  has_role_set_migration?: boolean
}

/** What the resources need from the auth layer: set by `AuthProvider` in the browser. */
export interface OrganizationRuntime {
  /** After a change to the user's memberships: drop tokens, tell other tabs, re-read the client. */
  sessionChanged: () => Promise<void>
  /** The instance's roles (the environment). */
  roles: () => readonly RoleJSON[]
}

let runtime: OrganizationRuntime = { sessionChanged: async () => {}, roles: () => [] }

/** Connects the resources to the tab's auth layer; returns the disconnect. */
export function connectOrganizationRuntime(next: OrganizationRuntime): () => void {
  runtime = next
  return () => {
    if (runtime === next) runtime = { sessionChanged: async () => {}, roles: () => [] }
  }
}

/** The keys lists share (pagination.ts): a change to one of these refetches every mounted list for it. */
export const listKeys = {
  memberships: (organizationId: string) => `memberships:${organizationId}`,
  invitations: (organizationId: string) => `invitations:${organizationId}`,
  domains: (organizationId: string) => `domains:${organizationId}`,
  membershipRequests: (organizationId: string) => `membership-requests:${organizationId}`,
  userMemberships: (userId: string) => `user-memberships:${userId}`,
  userInvitations: (userId: string) => `user-invitations:${userId}`,
  userSuggestions: (userId: string) => `user-suggestions:${userId}`,
}

/** The reference's `convertPageToOffsetSearchParams`: page 3 of 10 is offset 20. */
export function toLimitOffset(params: ClerkPaginationParams | undefined): { limit: number; offset: number } {
  const pageSize = params?.pageSize ?? DEFAULT_PAGE_SIZE
  const initialPage = params?.initialPage ?? 1
  return { limit: pageSize, offset: (initialPage - 1) * pageSize }
}

const EMPTY_PAGE = <T>(): ClerkPaginatedResponse<T> => ({ data: [], total_count: 0 })

const unavailable = (feature: string) =>
  Promise.reject(new TesseraError('organization_feature_unavailable', { meta: { feature } }))

function changed(...keys: string[]) {
  for (const key of keys) void invalidateLists(key)
}

const EPOCH = new Date(0)

function toRole(role: RoleJSON): RoleResource {
  return {
    id: role.key,
    key: role.key,
    name: role.name,
    description: role.description,
    permissions: role.permissions.map((key) => ({
      id: key,
      key,
      name: key,
      type: key.startsWith('org:sys_') ? 'system' : 'user',
      description: '',
      createdAt: EPOCH,
      updatedAt: EPOCH,
    })),
    createdAt: EPOCH,
    updatedAt: EPOCH,
  }
}

export class Organization {
  readonly pathRoot = '/organizations'
  readonly id: string
  readonly name: string
  readonly slug: string
  /** Organizations have no image here. */
  readonly imageUrl = ''
  readonly hasImage = false
  readonly membersCount: number
  /** Not counted here (0), as the reference answers when it does not know. */
  readonly pendingInvitationsCount = 0
  readonly publicMetadata: Record<string, unknown> = {}
  /** A member whose role has `org:sys_profile:delete` may delete it. */
  readonly adminDeleteEnabled = true
  /** 0: the instance's limit (app.config.ts `organizations.maxMembersPerOrganization`) applies. */
  readonly maxAllowedMemberships = 0
  readonly selfServeSSOEnabled = false
  readonly exclusiveMembership = false
  /** Tessera addition: the plan in force, or null. */
  readonly plan: string | null
  readonly createdAt: Date
  readonly updatedAt: Date

  constructor(json: OrganizationJSON) {
    this.id = json.id
    this.name = json.name
    this.slug = json.slug
    this.membersCount = json.membersCount
    this.plan = json.plan
    this.createdAt = new Date(json.createdAt)
    this.updatedAt = new Date(json.updatedAt)
  }

  /** Re-reads the client; the organization as it is now comes with the next snapshot. */
  reload = async (): Promise<this> => {
    await runtime.sessionChanged()
    return this
  }

  /** Needs `org:sys_profile:manage`. */
  update = async (params: UpdateOrganizationParams): Promise<Organization> => {
    const json = await $updateOrganization({ data: { organizationId: this.id, name: params.name, slug: params.slug } })
    await runtime.sessionChanged()
    return new Organization(json)
  }

  /** Needs `org:sys_profile:delete` and a recent verification (`reverification_required`). */
  destroy = async (): Promise<void> => {
    await $deleteOrganization({ data: { organizationId: this.id } })
    await runtime.sessionChanged()
  }

  setLogo = (_params: SetOrganizationLogoParams): Promise<Organization> => unavailable('logo')

  /** A page of the members, oldest first; needs `org:sys_memberships:read`. */
  getMemberships = async (params?: GetMembersParams): Promise<ClerkPaginatedResponse<OrganizationMembership>> => {
    const response = await $listOrganizationMembers({
      data: { organizationId: this.id, ...toLimitOffset(params), role: params?.role, query: params?.query },
    })
    return {
      total_count: response.total_count,
      data: response.data.map((member) => new OrganizationMembership(member, this)),
    }
  }

  /** A page of the invitations in `status` (default: pending), oldest first; needs `org:sys_memberships:read`. */
  getInvitations = async (params?: GetInvitationsParams): Promise<ClerkPaginatedResponse<OrganizationInvitation>> => {
    const response = await $listOrganizationInvitations({
      data: { organizationId: this.id, ...toLimitOffset(params), status: params?.status },
    })
    return {
      total_count: response.total_count,
      data: response.data.map((invitation) => new OrganizationInvitation(invitation)),
    }
  }

  /** The instance's roles (app.config.ts), a page at a time. */
  getRoles = async (params?: GetRolesParams): Promise<GetRolesResponse> => {
    const { limit, offset } = toLimitOffset(params)
    const roles = runtime.roles()
    return {
      data: roles.slice(Math.max(0, offset), Math.max(0, offset) + Math.max(0, limit)).map(toRole),
      total_count: roles.length,
      has_role_set_migration: false,
    }
  }

  /** No verified domains here: always empty. */
  getDomains = async (_params?: GetDomainsParams): Promise<ClerkPaginatedResponse<OrganizationDomainResource>> =>
    EMPTY_PAGE()

  /** No membership requests here (people join by invitation): always empty. */
  getMembershipRequests = async (
    _params?: GetMembershipRequestParams,
  ): Promise<ClerkPaginatedResponse<OrganizationMembershipRequestResource>> => EMPTY_PAGE()

  /** Members join by invitation here. */
  addMember = (_params: AddMemberParams): Promise<OrganizationMembership> => unavailable('add_member')

  /** Sends an invitation email; needs `org:sys_memberships:manage` and a role no stronger than your own. */
  inviteMember = async (params: InviteMemberParams): Promise<OrganizationInvitation> => {
    const json = await $inviteMember({
      data: { organizationId: this.id, emailAddress: params.emailAddress, role: params.role },
    })
    changed(listKeys.invitations(this.id))
    return new OrganizationInvitation(json)
  }

  /** One invitation per address, in order; the first refusal stops the rest (those sent stay sent). */
  inviteMembers = async (params: InviteMembersParams): Promise<OrganizationInvitation[]> => {
    const sent: OrganizationInvitation[] = []
    for (const emailAddress of params.emailAddresses)
      sent.push(await this.inviteMember({ emailAddress, role: params.role }))
    return sent
  }

  /** Gives the member who is `userId` another role; needs `org:sys_memberships:manage`. */
  updateMember = async (params: UpdateMembershipParams): Promise<OrganizationMembership> => {
    const json = await $updateMemberRole({
      data: { organizationId: this.id, userId: params.userId, role: params.role },
    })
    await afterMembershipChange(this.id)
    return new OrganizationMembership(json, this)
  }

  /** Removes the member who is `userId`; answers the membership as it was. */
  removeMember = async (userId: string): Promise<OrganizationMembership> => {
    const json = await $removeMember({ data: { organizationId: this.id, userId } })
    await afterMembershipChange(this.id)
    return new OrganizationMembership(json, this)
  }
}

/** A role change or removal may be the user's own: the client is re-read, and the member lists refetched. */
async function afterMembershipChange(organizationId: string) {
  changed(listKeys.memberships(organizationId))
  await runtime.sessionChanged()
}

export interface OrganizationMembershipData {
  id: string
  role: string
  roleName: string
  permissions: string[]
  createdAt: number
  updatedAt?: number
  publicUserData: PublicUserDataJSON
}

export class OrganizationMembership {
  readonly pathRoot = '/organizations'
  readonly id: string
  readonly organization: Organization
  readonly permissions: OrganizationPermissionKey[]
  readonly publicMetadata: Record<string, unknown> = {}
  readonly publicUserData: PublicUserData
  readonly role: OrganizationCustomRoleKey
  readonly roleName: string
  readonly createdAt: Date
  readonly updatedAt: Date

  constructor(json: OrganizationMembershipData, organization: Organization) {
    this.id = json.id
    this.organization = organization
    this.permissions = json.permissions
    this.publicUserData = json.publicUserData
    this.role = json.role
    this.roleName = json.roleName
    this.createdAt = new Date(json.createdAt)
    this.updatedAt = new Date(json.updatedAt ?? json.createdAt)
  }

  reload = async (): Promise<this> => {
    await runtime.sessionChanged()
    return this
  }

  /** Gives this member another role; needs `org:sys_memberships:manage`. */
  update = async (params: UpdateOrganizationMembershipParams): Promise<OrganizationMembership> => {
    const json = await $updateMemberRole({
      data: { organizationId: this.organization.id, membershipId: this.id, role: params.role },
    })
    await afterMembershipChange(this.organization.id)
    return new OrganizationMembership(json, this.organization)
  }

  /** Removes this member; needs `org:sys_memberships:manage` (to leave yourself, see `LeaveSection`). */
  destroy = async (): Promise<OrganizationMembership> => {
    const json = await $removeMember({ data: { organizationId: this.organization.id, membershipId: this.id } })
    await afterMembershipChange(this.organization.id)
    return new OrganizationMembership(json, this.organization)
  }
}

export class OrganizationInvitation {
  readonly pathRoot = '/organizations'
  readonly id: string
  readonly emailAddress: string
  readonly organizationId: string
  readonly publicMetadata: Record<string, unknown> = {}
  readonly role: OrganizationCustomRoleKey
  readonly roleName: string
  readonly status: OrganizationInvitationStatus
  readonly createdAt: Date
  readonly updatedAt: Date
  /** Tessera addition: when the link stops working. */
  readonly expiresAt: Date

  readonly #json: OrganizationInvitationJSON

  constructor(json: OrganizationInvitationJSON) {
    this.#json = json
    this.id = json.id
    this.emailAddress = json.emailAddress
    this.organizationId = json.organizationId
    this.role = json.role
    this.roleName = json.roleName
    this.status = json.status
    this.createdAt = new Date(json.createdAt)
    this.updatedAt = new Date(json.updatedAt)
    this.expiresAt = new Date(json.expiresAt)
  }

  reload = async (): Promise<this> => this

  /** Withdraws a pending invitation; needs `org:sys_memberships:manage`. */
  revoke = async (): Promise<OrganizationInvitation> => {
    await $revokeInvitation({ data: { organizationId: this.organizationId, invitationId: this.id } })
    changed(listKeys.invitations(this.organizationId))
    return new OrganizationInvitation({ ...this.#json, status: 'revoked', updatedAt: Date.now() })
  }
}

export class UserOrganizationInvitation {
  readonly pathRoot = '/me/organization_invitations'
  readonly id: string
  readonly emailAddress: string
  readonly publicOrganizationData: {
    hasImage: boolean
    imageUrl: string
    name: string
    id: string
    slug: string | null
  }
  readonly publicMetadata: Record<string, unknown> = {}
  readonly role: OrganizationCustomRoleKey
  /** Tessera addition: the role's display name. */
  readonly roleName: string
  readonly status: OrganizationInvitationStatus
  readonly createdAt: Date
  readonly updatedAt: Date
  readonly expiresAt: Date
  readonly #json: UserInvitationJSON

  constructor(json: UserInvitationJSON) {
    this.#json = json
    this.id = json.id
    this.emailAddress = json.emailAddress
    this.publicOrganizationData = {
      hasImage: false,
      imageUrl: '',
      name: json.organization.name,
      id: json.organization.id,
      slug: json.organization.slug,
    }
    this.role = json.role
    this.roleName = json.roleName
    this.status = json.status
    this.createdAt = new Date(json.createdAt)
    this.updatedAt = new Date(json.updatedAt)
    this.expiresAt = new Date(json.expiresAt)
  }

  reload = async (): Promise<this> => this

  /** Joins the organization (the invitation must be to one of your verified addresses). */
  accept = async (): Promise<UserOrganizationInvitation> => {
    await $acceptInvitation({ data: { invitationId: this.id } })
    void invalidateListsStartingWith('user-invitations:')
    await runtime.sessionChanged()
    return new UserOrganizationInvitation({ ...this.#json, status: 'accepted', updatedAt: Date.now() })
  }
}

/** A page of the invitations to the signed-in user. */
export async function getUserOrganizationInvitations(
  params?: GetUserOrganizationInvitationsParams,
): Promise<ClerkPaginatedResponse<UserOrganizationInvitation>> {
  const response = await $listUserInvitations({
    data: { ...toLimitOffset(params), status: params?.status ? [params.status] : undefined },
  })
  return {
    total_count: response.total_count,
    data: response.data.map((invitation) => new UserOrganizationInvitation(invitation)),
  }
}

/** Creates an organization with the user as its first member (creator role); re-reads the client. */
export async function createOrganization(params: CreateOrganizationParams): Promise<Organization> {
  const json = await $createOrganization({ data: { name: params.name, slug: params.slug } })
  await runtime.sessionChanged()
  return new Organization(json)
}

export type OrganizationResource = Organization
export type OrganizationMembershipResource = OrganizationMembership
export type OrganizationInvitationResource = OrganizationInvitation
export type UserOrganizationInvitationResource = UserOrganizationInvitation
