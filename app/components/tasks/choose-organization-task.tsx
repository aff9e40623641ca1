/**
 * The `choose-organization` task: the instance has no personal accounts, so the session acts for
 * an organization. The user picks one they belong to, accepts an invitation, or creates one;
 * choosing it (`setActive({ organization })`) completes the task. The invitations come from
 * `useOrganizationList()` and are accepted with `UserOrganizationInvitation.accept()`.
 */

import type { ComponentProps } from 'react'
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
      <ChoiceList
        id="your-organizations"
        title="Your organizations"
        choices={memberships.map((membership) => ({
          key: membership.id,
          name: membership.organization.name,
          detail: membership.roleName,
          action: 'Continue',
          button: trigger(membership.id, () => choose(membership.organization.id)),
        }))}
      />
      <ChoiceList
        id="your-invitations"
        title="Invitations"
        choices={invitations.map((invitation) => ({
          key: invitation.id,
          name: invitation.publicOrganizationData.name,
          detail: `Invited as ${invitation.roleName} · ${invitation.emailAddress}`,
          action: 'Accept',
          button: trigger(invitation.id, async () => {
            const accepted = await invitation.accept()
            await choose(accepted.publicOrganizationData.id)
          }),
        }))}
      />
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

interface Choice {
  key: string
  name: string
  detail: string
  action: string
  /** The button's props from `useSettingsAction().trigger`. */
  button: ComponentProps<typeof Button>
}

/** A titled list of organizations to go on with, one button each; nothing when there are none. */
function ChoiceList({ id, title, choices }: { id: string; title: string; choices: Choice[] }) {
  if (choices.length === 0) return null
  return (
    <section aria-labelledby={id} className="mb-8">
      <h2 id={id} className="text-sm font-semibold text-zinc-900">
        {title}
      </h2>
      <ul aria-label={title} className="mt-3 divide-y divide-zinc-100 rounded-xl ring-1 ring-zinc-200">
        {choices.map((choice) => (
          <li key={choice.key} aria-label={choice.name} className="flex items-center justify-between gap-4 px-4 py-3">
            <div>
              <p className="text-sm font-medium text-zinc-900">{choice.name}</p>
              <p className="text-xs text-zinc-500">{choice.detail}</p>
            </div>
            <Button size="sm" {...choice.button}>
              {choice.action}
            </Button>
          </li>
        ))}
      </ul>
    </section>
  )
}
