import { createFileRoute } from '@tanstack/react-router'
import { useUser } from '../../../../auth/index.ts'
import { useSensitiveActionLock } from '../../../../components/actors/use-actor-lock.ts'
import { DeleteOrganizationSection } from '../../../../components/organizations/delete-organization.tsx'
import { OrganizationProfileSection } from '../../../../components/organizations/organization-profile.tsx'
import { titled } from '../../../../components/page-title.ts'

/**
 * The organization's profile (name, slug) and its deletion, for members whose role may change
 * them. Others see why they cannot; the server refuses them either way.
 */
export const Route = createFileRoute('/_authed/orgs/$slug/settings')({
  head: titled('Organization settings'),
  component: OrganizationSettings,
})

function OrganizationSettings() {
  const { membership } = Route.useRouteContext()
  const { user } = useUser()
  // The public `Organization` resource for this page's organization (it updates and deletes itself).
  const organization = user?.organizationMemberships.find((candidate) => candidate.id === membership.id)?.organization
  const actorLock = useSensitiveActionLock()
  const canManage = membership.permissions.includes('org:sys_profile:manage')
  const canDelete = membership.permissions.includes('org:sys_profile:delete')
  if (!canManage && !canDelete) {
    return (
      <div role="alert" className="mt-10 rounded-2xl bg-white p-8 text-center shadow-sm ring-1 ring-zinc-200">
        <h2 className="text-lg font-semibold text-zinc-900">Only admins can change these settings</h2>
        <p className="mt-2 text-sm text-zinc-600">
          Your role in {membership.organization.name} is {membership.roleName}. Ask an admin if something needs
          changing.
        </p>
      </div>
    )
  }
  if (!organization) return null
  return (
    <>
      {canManage && <OrganizationProfileSection organization={organization} />}
      {canDelete && <DeleteOrganizationSection organization={organization} refusal={actorLock} />}
    </>
  )
}
