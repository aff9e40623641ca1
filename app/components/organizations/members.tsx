import { useState } from 'react'
import { formErrors } from '../../auth/errors.ts'
import type { Organization, OrganizationMembership } from '../../auth/index.ts'
import { useOrganizationLists } from '../../auth/organization-hooks.ts'
import { displayName } from '../../auth/resources.ts'
import { ORGANIZATION_LIST_PAGE_SIZE } from '../../session/policy.ts'
import type { RoleJSON } from '../../session/wire.ts'
import { ConfirmDialog } from '../settings/confirm-dialog.tsx'
import { SettingsRow, SettingsSection } from '../settings/settings-section.tsx'
import { useSettingsAction } from '../settings/use-settings-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Avatar } from '../ui/avatar.tsx'
import { Badge } from '../ui/badge.tsx'
import { Button } from '../ui/button.tsx'
import { SelectField } from '../ui/select-field.tsx'
import { Time } from '../ui/time.tsx'
import { ListPager } from './list-pager.tsx'

/**
 * The organization's members, with their roles, a page at a time (the public
 * `useOrganization()` lists and `OrganizationMembership` resource): a member who may manage
 * members changes the roles they may give (none granting more than their own) and removes members.
 */
export function MembersSection({
  organization,
  ownMembershipId,
  assignable,
}: {
  organization: Organization
  ownMembershipId: string
  assignable: RoleJSON[]
}) {
  const { memberships } = useOrganizationLists(organization, {
    memberships: { pageSize: ORGANIZATION_LIST_PAGE_SIZE, keepPreviousData: true },
  })
  const { error, run, pending } = useSettingsAction()
  const [removing, setRemoving] = useState<OrganizationMembership | null>(null)
  const mayChange = (member: OrganizationMembership) => assignable.some((role) => role.key === member.role)
  const roleOptions = assignable.map((role) => ({ value: role.key, label: role.name }))
  const failed = memberships.error ? formErrors(memberships.error).form : null
  return (
    <SettingsSection
      id="members"
      title="Members"
      description="Everyone in the organization and their role. Roles decide what each member may do here."
      alert={(error ?? failed) && <Alert>{error ?? failed}</Alert>}
    >
      {memberships.isLoading ? (
        <p className="px-5 py-4 text-sm text-zinc-600">Loading members…</p>
      ) : (
        <ul aria-label="Members" className="divide-y divide-zinc-100">
          {memberships.data.map((member) => {
            const name = displayName(member.publicUserData)
            const you = member.id === ownMembershipId
            return (
              <SettingsRow
                key={member.id}
                label={name}
                title={
                  <span className="flex items-center gap-3">
                    <Avatar
                      name={name}
                      seed={member.publicUserData.userId}
                      imageUrl={member.publicUserData.imageUrl}
                      size="sm"
                    />
                    {name}
                  </span>
                }
                badges={you && <Badge tone="indigo">You</Badge>}
                detail={
                  <>
                    {member.publicUserData.identifier} · joined <Time value={member.createdAt} />
                  </>
                }
                actions={
                  mayChange(member) && !you ? (
                    <>
                      <SelectField
                        label={`Role of ${name}`}
                        labelPosition="hidden"
                        size="sm"
                        options={roleOptions}
                        value={member.role}
                        disabled={pending === member.id}
                        onChange={(event) => run(member.id, () => member.update({ role: event.target.value }))}
                      />
                      <Button size="sm" variant="ghost" onClick={() => setRemoving(member)}>
                        Remove
                      </Button>
                    </>
                  ) : (
                    <Badge>{member.roleName}</Badge>
                  )
                }
              />
            )
          })}
        </ul>
      )}
      <ListPager list={memberships} label="Member pages" />
      {removing && (
        <ConfirmDialog
          title={`Remove ${displayName(removing.publicUserData)}?`}
          description="They lose access to the organization at once. Inviting them again brings them back."
          confirmLabel="Remove"
          onClose={() => setRemoving(null)}
          onConfirm={() => removing.destroy()}
        />
      )}
    </SettingsSection>
  )
}
