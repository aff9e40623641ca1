import { useState } from 'react'
import { displayName } from '../../auth/resources.ts'
import { $removeMember, $updateMemberRole } from '../../functions/organizations.functions.ts'
import type { OrganizationMemberJSON, RoleJSON } from '../../session/wire.ts'
import { ConfirmDialog } from '../settings/confirm-dialog.tsx'
import { SettingsRow, SettingsSection } from '../settings/settings-section.tsx'
import { useSettingsAction } from '../settings/use-settings-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Avatar } from '../ui/avatar.tsx'
import { Badge } from '../ui/badge.tsx'
import { Button } from '../ui/button.tsx'
import { SelectField } from '../ui/select-field.tsx'
import { Time } from '../ui/time.tsx'

/**
 * The organization's members, with their roles: a member who may manage members changes the
 * roles they may give (none granting more than their own) and removes members.
 */
export function MembersSection({
  organizationId,
  members,
  ownMembershipId,
  assignable,
}: {
  organizationId: string
  members: OrganizationMemberJSON[]
  ownMembershipId: string
  assignable: RoleJSON[]
}) {
  const { error, run, pending } = useSettingsAction()
  const [removing, setRemoving] = useState<OrganizationMemberJSON | null>(null)
  const mayChange = (member: OrganizationMemberJSON) => assignable.some((role) => role.key === member.role)
  const roleOptions = assignable.map((role) => ({ value: role.key, label: role.name }))
  return (
    <SettingsSection
      id="members"
      title="Members"
      description="Everyone in the organization and their role. Roles decide what each member may do here."
      alert={error && <Alert>{error}</Alert>}
    >
      <ul aria-label="Members" className="divide-y divide-zinc-100">
        {members.map((member) => {
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
                      onChange={(event) =>
                        run(member.id, () =>
                          $updateMemberRole({
                            data: { organizationId, membershipId: member.id, role: event.target.value },
                          }),
                        )
                      }
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
      {removing && (
        <ConfirmDialog
          title={`Remove ${displayName(removing.publicUserData)}?`}
          description="They lose access to the organization at once. Inviting them again brings them back."
          confirmLabel="Remove"
          onClose={() => setRemoving(null)}
          onConfirm={() => $removeMember({ data: { organizationId, membershipId: removing.id } })}
        />
      )}
    </SettingsSection>
  )
}
