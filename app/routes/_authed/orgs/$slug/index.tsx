import { createFileRoute } from '@tanstack/react-router'
import { useEnvironment, useUser } from '../../../../auth/index.ts'
import { useOrganizationLists } from '../../../../auth/organization-hooks.ts'
import { useSensitiveActionLock } from '../../../../components/actors/use-actor-lock.ts'
import { InvitationsSection } from '../../../../components/organizations/invitations.tsx'
import { LeaveSection } from '../../../../components/organizations/leave.tsx'
import { MembersSection } from '../../../../components/organizations/members.tsx'
import { titled } from '../../../../components/page-title.ts'
import { canAssignRole, MANAGING_PERMISSION } from '../../../../session/organizations.ts'

/**
 * An organization's members and invitations, through the public organization API: the
 * `Organization` resource from the user's memberships and the lists `useOrganization()` gives
 * (fetched after the page hydrates, a page at a time).
 */
export const Route = createFileRoute('/_authed/orgs/$slug/')({
  head: titled('Members'),
  component: MembersPage,
})

function MembersPage() {
  const { membership } = Route.useRouteContext()
  const { user } = useUser()
  const { roles } = useEnvironment().organizations
  const actorLock = useSensitiveActionLock()
  const organization =
    user?.organizationMemberships.find((candidate) => candidate.id === membership.id)?.organization ?? null
  const canRead = membership.permissions.includes('org:sys_memberships:read')
  const canManage = membership.permissions.includes('org:sys_memberships:manage')
  const ownRole = roles.find((role) => role.key === membership.role)
  /** Roles this member may give: none granting more than their own (the server checks the same). */
  const assignable = roles.filter((role) => canManage && canAssignRole(ownRole?.permissions ?? [], role.permissions))
  /** The server refuses a leave that would leave nobody to manage members (organization_last_manager). */
  const managing = roles.filter((role) => role.permissions.includes(MANAGING_PERMISSION)).map((role) => role.key)
  const { memberships: managers } = useOrganizationLists(organization, {
    memberships: canRead ? { role: managing, pageSize: 1 } : undefined,
  })
  const managersAfterLeaving = managers.count - (managing.includes(membership.role) ? 1 : 0)
  const leaveRefusal =
    actorLock ??
    (!canRead || managers.isLoading || managers.isError || managersAfterLeaving !== 0
      ? null
      : managing.includes(membership.role)
        ? `You are the only admin of ${membership.organization.name}: make someone else an admin first, or delete the organization.`
        : `Nobody else in ${membership.organization.name} can manage members: an admin must be made first.`)

  return (
    <>
      {!canRead || !organization ? (
        <p className="mt-8 text-sm text-zinc-600">Your role does not show the member list.</p>
      ) : (
        <MembersSection organization={organization} ownMembershipId={membership.id} assignable={assignable} />
      )}
      {canManage && organization && <InvitationsSection organization={organization} assignable={assignable} />}
      <LeaveSection
        organizationId={membership.organization.id}
        name={membership.organization.name}
        refusal={leaveRefusal}
      />
    </>
  )
}
