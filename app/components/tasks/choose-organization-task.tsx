/**
 * The `choose-organization` task: the instance has no personal accounts, so the session acts for
 * an organization. The user picks one they belong to, accepts an invitation, or creates one;
 * choosing it (`setActive({ organization })`) completes the task. The invitations come from
 * `useOrganizationList()` and are accepted with `UserOrganizationInvitation.accept()`.
 */

import { useAuthContext, useOrganizationList, useSession } from '../../auth/index.ts'
import { useFinishTask } from '../../auth/tasks.ts'
import { ORGANIZATION_LIST_MAX_PAGE_SIZE } from '../../session/policy.ts'
import { CreateOrganizationForm } from '../organizations/create-organization-form.tsx'
import { useSettingsAction } from '../settings/use-settings-action.ts'
import { TaskCard } from '../tasks/task-card.tsx'
import { Alert } from '../ui/alert.tsx'
import { Button } from '../ui/button.tsx'

export function ChooseOrganizationTask() {
  // The session is pending (this is its task): it opts in to the organization list.
  const { userInvitations } = useOrganizationList({
    userInvitations: { pageSize: ORGANIZATION_LIST_MAX_PAGE_SIZE },
    treatPendingAsSignedOut: false,
  })
  const invitations = userInvitations.data ?? []
  const { session } = useSession()
  const { setActive } = useAuthContext()
  const finish = useFinishTask()
  const { error, trigger } = useSettingsAction()
  const memberships = session?.user.organizationMemberships ?? []
  const choose = (organizationId: string) => finish(() => setActive({ organization: organizationId }))

  return (
    <TaskCard
      title="Choose an organization"
      description="Everything here happens inside an organization. Continue with one of yours, join one you were invited to, or create one."
    >
      {error && (
        <div className="mb-4">
          <Alert>{error}</Alert>
        </div>
      )}
      {memberships.length > 0 && (
        <section aria-labelledby="your-organizations" className="mb-8">
          <h2 id="your-organizations" className="text-sm font-semibold text-zinc-900">
            Your organizations
          </h2>
          <ul aria-label="Your organizations" className="mt-3 divide-y divide-zinc-100 rounded-xl ring-1 ring-zinc-200">
            {memberships.map((membership) => (
              <li
                key={membership.id}
                aria-label={membership.organization.name}
                className="flex items-center justify-between gap-4 px-4 py-3"
              >
                <div>
                  <p className="text-sm font-medium text-zinc-900">{membership.organization.name}</p>
                  <p className="text-xs text-zinc-500">{membership.roleName}</p>
                </div>
                <Button size="sm" {...trigger(membership.id, () => choose(membership.organization.id))}>
                  Continue
                </Button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {invitations.length > 0 && (
        <section aria-labelledby="your-invitations" className="mb-8">
          <h2 id="your-invitations" className="text-sm font-semibold text-zinc-900">
            Invitations
          </h2>
          <ul aria-label="Invitations" className="mt-3 divide-y divide-zinc-100 rounded-xl ring-1 ring-zinc-200">
            {invitations.map((invitation) => (
              <li
                key={invitation.id}
                aria-label={invitation.publicOrganizationData.name}
                className="flex items-center justify-between gap-4 px-4 py-3"
              >
                <div>
                  <p className="text-sm font-medium text-zinc-900">{invitation.publicOrganizationData.name}</p>
                  <p className="text-xs text-zinc-500">
                    Invited as {invitation.roleName} · {invitation.emailAddress}
                  </p>
                </div>
                <Button
                  size="sm"
                  {...trigger(invitation.id, async () => {
                    const accepted = await invitation.accept()
                    await choose(accepted.publicOrganizationData.id)
                  })}
                >
                  Accept
                </Button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="new-organization">
        <h2 id="new-organization" className="mb-3 text-sm font-semibold text-zinc-900">
          Create an organization
        </h2>
        <CreateOrganizationForm
          submitLabel="Create and continue"
          onCreated={(organization) => choose(organization.id)}
        />
      </section>
    </TaskCard>
  )
}
