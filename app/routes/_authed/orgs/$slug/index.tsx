import { createFileRoute } from '@tanstack/react-router'
import { useEnvironment } from '../../../../auth/index.ts'
import { useSensitiveActionLock } from '../../../../components/actors/use-actor-lock.ts'
import { InvitationsSection } from '../../../../components/organizations/invitations.tsx'
import { LeaveSection } from '../../../../components/organizations/leave.tsx'
import { MembersSection } from '../../../../components/organizations/members.tsx'
import { titled } from '../../../../components/page-title.ts'
import {
  $listOrganizationInvitations,
  $listOrganizationMembers,
} from '../../../../functions/organizations.functions.ts'
import { canAssignRole, MANAGING_PERMISSION } from '../../../../session/organizations.ts'

export const Route = createFileRoute('/_authed/orgs/$slug/')({
  loader: async ({ context }) => {
    const { organization, permissions } = context.membership
    if (!permissions.includes('org:sys_memberships:read')) return { members: null, invitations: [] }
    const data = { organizationId: organization.id }
    const [members, invitations] = await Promise.all([
      $listOrganizationMembers({ data }),
      $listOrganizationInvitations({ data }),
    ])
    return { members, invitations }
  },
  head: titled('Members'),
  component: MembersPage,
})

function MembersPage() {
  const { membership } = Route.useRouteContext()
  const { members, invitations } = Route.useLoaderData()
  const { roles } = useEnvironment().organizations
  const actorLock = useSensitiveActionLock()
  const { organization } = membership
  const canManage = membership.permissions.includes('org:sys_memberships:manage')
  const ownRole = roles.find((role) => role.key === membership.role)
  /** Roles this member may give: none granting more than their own (the server checks the same). */
  const assignable = roles.filter((role) => canManage && canAssignRole(ownRole?.permissions ?? [], role.permissions))
  /** The server refuses a leave that would leave nobody to manage members (organization_last_manager). */
  const managing = new Set(roles.filter((role) => role.permissions.includes(MANAGING_PERMISSION)).map((r) => r.key))
  const managersAfterLeaving = members?.filter((m) => m.id !== membership.id && managing.has(m.role)).length
  const leaveRefusal =
    actorLock ??
    (managersAfterLeaving !== 0
      ? null
      : managing.has(membership.role)
        ? `You are the only admin of ${organization.name}: make someone else an admin first, or delete the organization.`
        : `Nobody else in ${organization.name} can manage members: an admin must be made first.`)

  return (
    <>
      {members === null ? (
        <p className="mt-8 text-sm text-zinc-600">Your role does not show the member list.</p>
      ) : (
        <MembersSection
          organizationId={organization.id}
          members={members}
          ownMembershipId={membership.id}
          assignable={assignable}
        />
      )}
      {canManage && (
        <InvitationsSection organizationId={organization.id} invitations={invitations} assignable={assignable} />
      )}
      <LeaveSection organizationId={organization.id} name={organization.name} refusal={leaveRefusal} />
    </>
  )
}
