/**
 * The reference's `useOrganization()` and `useOrganizationList()`
 * (https://clerk.com/docs/reference/hooks/use-organization, …/use-organization-list), with the
 * shapes of packages/shared/src/react/hooks/useOrganization.tsx and useOrganizationList.tsx in
 * https://github.com/clerk/javascript. Lists are fetched only when asked for (`true` or a config),
 * after the page hydrates, a page at a time or accumulated (pagination.ts).
 *
 * Differences, all deliberate:
 * - A pending session counts as signed out (as in every hook here): `useOrganization()` answers
 *   the signed-out shape (`organization: null`, lists null), `useOrganizationList()` the not-loaded
 *   one, unless the caller passes `treatPendingAsSignedOut: false` (the choose-organization task).
 * - `domains` and `membershipRequests` always list nothing (our organizations have neither);
 *   `userSuggestions` likewise. Each keeps the reference's shape.
 * - `userMemberships` pages through the memberships the client snapshot already holds (bounded by
 *   `organizations.maxMembershipsPerUser`), refetched whenever the snapshot changes.
 */

import { useEffect } from 'react'
import { useAuth, useUser } from './hooks.ts'
import {
  createOrganization,
  type GetDomainsParams,
  type GetInvitationsParams,
  type GetMembershipRequestParams,
  type GetMembersParams,
  type GetUserOrganizationInvitationsParams,
  type GetUserOrganizationMembershipParams,
  type GetUserOrganizationSuggestionsParams,
  getUserOrganizationInvitations,
  listKeys,
  type Organization,
  type OrganizationDomainResource,
  type OrganizationInvitation,
  type OrganizationMembership,
  type OrganizationMembershipRequestResource,
  type OrganizationSuggestionResource,
  type UserOrganizationInvitation,
} from './organizations.ts'
import {
  type ClerkPaginatedResponse,
  DEFAULT_PAGE_SIZE,
  invalidateLists,
  type ListParam,
  type PageFetcher,
  type PaginatedHookConfig,
  type PaginatedResources,
  type PaginatedResourcesWithDefault,
  undefinedPaginatedResource,
  withDefaults,
} from './pagination.ts'
import { type SetActiveParams, useAuthContext } from './provider.tsx'
import { usePaginatedList } from './use-paginated.ts'

export type UseOrganizationParams = {
  domains?: true | PaginatedHookConfig<GetDomainsParams>
  membershipRequests?: true | PaginatedHookConfig<GetMembershipRequestParams>
  memberships?: true | PaginatedHookConfig<GetMembersParams>
  invitations?: true | PaginatedHookConfig<GetInvitationsParams>
  /** Tessera: count a pending session as signed out (default true). */
  treatPendingAsSignedOut?: boolean
}

type IsInfinite<P> = P extends { infinite: true } ? true : false

export type UseOrganizationReturn<T extends UseOrganizationParams> =
  | {
      isLoaded: false
      organization: undefined
      membership: undefined
      domains: PaginatedResourcesWithDefault<OrganizationDomainResource>
      membershipRequests: PaginatedResourcesWithDefault<OrganizationMembershipRequestResource>
      memberships: PaginatedResourcesWithDefault<OrganizationMembership>
      invitations: PaginatedResourcesWithDefault<OrganizationInvitation>
    }
  | {
      isLoaded: true
      organization: Organization
      membership: undefined
      domains: PaginatedResourcesWithDefault<OrganizationDomainResource>
      membershipRequests: PaginatedResourcesWithDefault<OrganizationMembershipRequestResource>
      memberships: PaginatedResourcesWithDefault<OrganizationMembership>
      invitations: PaginatedResourcesWithDefault<OrganizationInvitation>
    }
  | {
      isLoaded: boolean
      organization: Organization | null
      membership: OrganizationMembership | null | undefined
      domains: PaginatedResources<OrganizationDomainResource, IsInfinite<T['membershipRequests']>> | null
      membershipRequests: PaginatedResources<
        OrganizationMembershipRequestResource,
        IsInfinite<T['membershipRequests']>
      > | null
      memberships: PaginatedResources<OrganizationMembership, IsInfinite<T['memberships']>> | null
      invitations: PaginatedResources<OrganizationInvitation, IsInfinite<T['invitations']>> | null
    }

const PAGING = { initialPage: 1, pageSize: DEFAULT_PAGE_SIZE, keepPreviousData: false, infinite: false }

const emptyFetcher: PageFetcher<never> = async () => ({ data: [], total_count: 0 })

/** One paginated list of a hook: asked for or not, with its defaults and its fetcher. */
function useList<T, P extends object>(
  param: ListParam<P>,
  defaults: P,
  key: string,
  fetcher: ((params: P & { initialPage: number; pageSize: number }) => Promise<ClerkPaginatedResponse<T>>) | null,
) {
  const settings = withDefaults<P>(param, { ...PAGING, ...defaults })
  const { initialPage, pageSize, infinite, keepPreviousData, ...filters } = settings
  // Filters are part of the key's settings: lists with other filters page on their own.
  const fullKey = `${key}|${JSON.stringify(filters)}`
  return usePaginatedList<T>({
    key,
    identity: fullKey,
    fetcher: fetcher && ((page) => fetcher({ ...(filters as P), ...page })),
    enabled: param !== undefined,
    initialPage,
    pageSize,
    infinite,
    keepPreviousData,
  })
}

/** The lists of one organization, loaded (what `useOrganization()` gives once there is one). */
export interface OrganizationLists<T extends UseOrganizationParams> {
  domains: PaginatedResources<OrganizationDomainResource, IsInfinite<T['domains']>>
  membershipRequests: PaginatedResources<OrganizationMembershipRequestResource, IsInfinite<T['membershipRequests']>>
  memberships: PaginatedResources<OrganizationMembership, IsInfinite<T['memberships']>>
  invitations: PaginatedResources<OrganizationInvitation, IsInfinite<T['invitations']>>
}

/**
 * The lists `useOrganization()` gives for the active organization, for any organization the user
 * belongs to (our organization pages show one by its slug, whichever the tab acts for). Tessera's
 * own; the same fetchers, keys and pagination as `useOrganization()`.
 */
export function useOrganizationLists<T extends UseOrganizationParams>(
  organization: Organization | null,
  params?: T,
): OrganizationLists<T> {
  const id = organization?.id ?? 'none'
  const domains = useList<OrganizationDomainResource, GetDomainsParams>(
    params?.domains,
    { enrollmentMode: undefined },
    listKeys.domains(id),
    organization && emptyFetcher,
  )
  const membershipRequests = useList<OrganizationMembershipRequestResource, GetMembershipRequestParams>(
    params?.membershipRequests,
    { status: 'pending' },
    listKeys.membershipRequests(id),
    organization && emptyFetcher,
  )
  const memberships = useList<OrganizationMembership, GetMembersParams>(
    params?.memberships,
    { role: undefined, query: undefined },
    listKeys.memberships(id),
    organization && ((page) => organization.getMemberships(page)),
  )
  const invitations = useList<OrganizationInvitation, GetInvitationsParams>(
    params?.invitations,
    { status: ['pending'] },
    listKeys.invitations(id),
    organization && ((page) => organization.getInvitations(page)),
  )
  return { domains, membershipRequests, memberships, invitations } as never
}

/** The organization the tab acts for, your membership in it, and its lists when asked for. */
export function useOrganization<T extends UseOrganizationParams>(params?: T): UseOrganizationReturn<T> {
  const pendingOption =
    params?.treatPendingAsSignedOut === undefined ? {} : { treatPendingAsSignedOut: params.treatPendingAsSignedOut }
  const { isLoaded, isSignedIn } = useAuth(pendingOption)
  const { sessions, snapshot } = useAuthContext()
  const session = snapshot.sessionId ? sessions.get(snapshot.sessionId) : undefined
  const membership = isSignedIn ? (session?.activeMembership ?? null) : null
  const organization = membership?.organization ?? null
  const { domains, membershipRequests, memberships, invitations } = useOrganizationLists(organization, params)

  if (!isLoaded) {
    return {
      isLoaded: false,
      organization: undefined,
      membership: undefined,
      domains: undefinedPaginatedResource,
      membershipRequests: undefinedPaginatedResource,
      memberships: undefinedPaginatedResource,
      invitations: undefinedPaginatedResource,
    }
  }
  if (organization === null || membership === null) {
    return {
      isLoaded: true,
      organization: null,
      membership: null,
      domains: null,
      membershipRequests: null,
      memberships: null,
      invitations: null,
    }
  }
  return {
    isLoaded: true,
    organization,
    membership,
    domains,
    membershipRequests,
    memberships,
    invitations,
  } as UseOrganizationReturn<T>
}

export type UseOrganizationListParams = {
  userMemberships?: true | PaginatedHookConfig<GetUserOrganizationMembershipParams>
  userInvitations?: true | PaginatedHookConfig<GetUserOrganizationInvitationsParams>
  userSuggestions?: true | PaginatedHookConfig<GetUserOrganizationSuggestionsParams>
  /** Tessera: count a pending session as signed out (default true); the choose-organization task passes false. */
  treatPendingAsSignedOut?: boolean
}

export type CreateOrganizationParams = Parameters<typeof createOrganization>[0]
export type SetActive = (params: SetActiveParams) => Promise<void>

export type UseOrganizationListReturn<T extends UseOrganizationListParams> =
  | {
      isLoaded: false
      createOrganization: undefined
      setActive: undefined
      userMemberships: PaginatedResourcesWithDefault<OrganizationMembership>
      userInvitations: PaginatedResourcesWithDefault<UserOrganizationInvitation>
      userSuggestions: PaginatedResourcesWithDefault<OrganizationSuggestionResource>
    }
  | {
      isLoaded: boolean
      createOrganization: (params: CreateOrganizationParams) => Promise<Organization>
      setActive: SetActive
      userMemberships: PaginatedResources<OrganizationMembership, IsInfinite<T['userMemberships']>>
      userInvitations: PaginatedResources<UserOrganizationInvitation, IsInfinite<T['userInvitations']>>
      userSuggestions: PaginatedResources<OrganizationSuggestionResource, IsInfinite<T['userSuggestions']>>
    }

/** The signed-in user's organizations, invitations to them, and creating and choosing one. */
export function useOrganizationList<T extends UseOrganizationListParams>(params?: T): UseOrganizationListReturn<T> {
  const pendingOption =
    params?.treatPendingAsSignedOut === undefined ? {} : { treatPendingAsSignedOut: params.treatPendingAsSignedOut }
  const { user } = useUser(pendingOption)
  const { setActive } = useAuthContext()
  const userId = user?.id ?? 'none'
  const held = user?.organizationMemberships ?? null

  const membershipsKey = listKeys.userMemberships(userId)
  const userMemberships = useList<OrganizationMembership, GetUserOrganizationMembershipParams>(
    params?.userMemberships,
    {},
    membershipsKey,
    held &&
      (async ({ initialPage, pageSize }) => {
        const offset = (initialPage - 1) * pageSize
        return { data: held.slice(offset, offset + pageSize), total_count: held.length }
      }),
  )
  // The memberships come with the client snapshot: a new snapshot is a new list.
  useEffect(() => {
    if (held) void invalidateLists(membershipsKey)
  }, [held, membershipsKey])
  const userInvitations = useList<UserOrganizationInvitation, GetUserOrganizationInvitationsParams>(
    params?.userInvitations,
    { status: 'pending' },
    listKeys.userInvitations(userId),
    user ? getUserOrganizationInvitations : null,
  )
  const userSuggestions = useList<OrganizationSuggestionResource, GetUserOrganizationSuggestionsParams>(
    params?.userSuggestions,
    { status: 'pending' },
    listKeys.userSuggestions(userId),
    user ? emptyFetcher : null,
  )

  if (!user) {
    return {
      isLoaded: false,
      createOrganization: undefined,
      setActive: undefined,
      userMemberships: undefinedPaginatedResource,
      userInvitations: undefinedPaginatedResource,
      userSuggestions: undefinedPaginatedResource,
    }
  }
  return {
    isLoaded: true,
    createOrganization,
    setActive,
    userMemberships,
    userInvitations,
    userSuggestions,
  } as UseOrganizationListReturn<T>
}
