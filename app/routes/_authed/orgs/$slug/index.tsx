import { createFileRoute, useNavigate, useRouter } from '@tanstack/react-router'
import { useState } from 'react'
import { useAuthContext, useEnvironment, useUser } from '../../../../auth/index.ts'
import { displayName } from '../../../../auth/resources.ts'
import { useReverification } from '../../../../auth/reverification.ts'
import { useFormAction } from '../../../../components/forms/use-form-action.ts'
import { titled } from '../../../../components/page-title.ts'
import { ConfirmDialog } from '../../../../components/settings/confirm-dialog.tsx'
import { SettingsRow, SettingsSection } from '../../../../components/settings/settings-section.tsx'
import { useSettingsAction } from '../../../../components/settings/use-settings-action.ts'
import { Alert } from '../../../../components/ui/alert.tsx'
import { Avatar } from '../../../../components/ui/avatar.tsx'
import { Badge } from '../../../../components/ui/badge.tsx'
import { Button } from '../../../../components/ui/button.tsx'
import { TextField } from '../../../../components/ui/field.tsx'
import { Time } from '../../../../components/ui/time.tsx'
import {
  $inviteMember,
  $leaveOrganization,
  $listOrganizationInvitations,
  $listOrganizationMembers,
  $removeMember,
  $revokeInvitation,
  $updateMemberRole,
} from '../../../../functions/organizations.functions.ts'
import { canAssignRole } from '../../../../session/organizations.ts'
import { EMAIL_MAX_LENGTH } from '../../../../session/policy.ts'
import type { OrganizationMemberJSON, RoleJSON } from '../../../../session/wire.ts'

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
  const canManage = membership.permissions.includes('org:sys_memberships:manage')
  const ownRole = roles.find((role) => role.key === membership.role)
  /** Roles this member may give: none granting more than their own (the server checks the same). */
  const assignable = roles.filter((role) => canManage && canAssignRole(ownRole?.permissions ?? [], role.permissions))
  const organizationId = membership.organization.id

  return (
    <>
      {members === null ? (
        <p className="mt-8 text-sm text-zinc-600">Your role does not show the member list.</p>
      ) : (
        <MembersSection
          organizationId={organizationId}
          members={members}
          ownMembershipId={membership.id}
          assignable={assignable}
        />
      )}
      {canManage && (
        <InvitationsSection organizationId={organizationId} invitations={invitations} assignable={assignable} />
      )}
      <LeaveSection organizationId={organizationId} name={membership.organization.name} />
    </>
  )
}

function MembersSection({
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
                  <Avatar name={name} seed={member.publicUserData.userId} size="sm" />
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
                    <select
                      aria-label={`Role of ${name}`}
                      value={member.role}
                      disabled={pending === member.id}
                      onChange={(event) =>
                        run(member.id, () =>
                          $updateMemberRole({
                            data: { organizationId, membershipId: member.id, role: event.target.value },
                          }),
                        )
                      }
                      className="rounded-lg border-0 bg-white py-1.5 pr-8 pl-3 text-sm text-zinc-900 ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-indigo-600"
                    >
                      {assignable.map((role) => (
                        <option key={role.key} value={role.key}>
                          {role.name}
                        </option>
                      ))}
                    </select>
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
          pending={pending === `remove:${removing.id}`}
          onClose={() => setRemoving(null)}
          onConfirm={() =>
            run(`remove:${removing.id}`, () =>
              $removeMember({ data: { organizationId, membershipId: removing.id } }),
            ).then(() => setRemoving(null))
          }
        />
      )}
    </SettingsSection>
  )
}

function InvitationsSection({
  organizationId,
  invitations,
  assignable,
}: {
  organizationId: string
  invitations: Awaited<ReturnType<typeof $listOrganizationInvitations>>
  assignable: RoleJSON[]
}) {
  const { organizations } = useEnvironment()
  const { error, trigger } = useSettingsAction()
  const [sent, setSent] = useState<string | null>(null)
  const router = useRouter()
  const { errors, pending, canSubmit, onSubmit } = useFormAction(
    async (form) => {
      const invitation = await $inviteMember({
        data: {
          organizationId,
          emailAddress: String(form.get('emailAddress') ?? ''),
          role: String(form.get('role') ?? organizations.defaultRole),
        },
      })
      setSent(`Invitation sent to ${invitation.emailAddress}.`)
      await router.invalidate()
    },
    undefined,
    { afterSuccess: 'clear' },
  )
  return (
    <SettingsSection
      id="invitations"
      title="Invitations"
      description="Invite people by email. The link in the email works once, for 7 days, and only for that address."
      alert={(error ?? sent) && <Alert tone={error ? undefined : 'success'}>{error ?? sent}</Alert>}
    >
      <form method="post" onSubmit={onSubmit} className="flex flex-wrap items-end gap-3 px-5 py-4" noValidate>
        <TextField
          label="Email address"
          name="emailAddress"
          type="email"
          autoComplete="off"
          maxLength={EMAIL_MAX_LENGTH}
          className="min-w-56 flex-1"
          error={errors.fields.emailAddress ?? errors.form}
        />
        <label className="space-y-1.5 text-sm font-medium text-zinc-800">
          <span className="block">Role</span>
          <select
            name="role"
            defaultValue={organizations.defaultRole}
            className="block h-10 rounded-lg border-0 bg-white pr-8 pl-3 text-sm text-zinc-900 ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-indigo-600"
          >
            {assignable.map((role) => (
              <option key={role.key} value={role.key}>
                {role.name}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" pending={pending} disabled={!canSubmit}>
          Send invitation
        </Button>
      </form>
      {invitations.length > 0 && (
        <ul aria-label="Pending invitations" className="divide-y divide-zinc-100 border-t border-zinc-100">
          {invitations.map((invitation) => (
            <SettingsRow
              key={invitation.id}
              label={invitation.emailAddress}
              title={invitation.emailAddress}
              badges={
                invitation.status === 'expired' ? (
                  <Badge tone="amber">Expired</Badge>
                ) : (
                  <Badge>{invitation.roleName}</Badge>
                )
              }
              detail={
                <>
                  Sent <Time value={invitation.createdAt} /> · expires <Time value={invitation.expiresAt} />
                </>
              }
              actions={
                <Button
                  size="sm"
                  variant="ghost"
                  {...trigger(invitation.id, () =>
                    $revokeInvitation({ data: { organizationId, invitationId: invitation.id } }),
                  )}
                >
                  Revoke
                </Button>
              }
            />
          ))}
        </ul>
      )}
    </SettingsSection>
  )
}

function LeaveSection({ organizationId, name }: { organizationId: string; name: string }) {
  const { setActive, refresh } = useAuthContext()
  const { user } = useUser()
  const navigate = useNavigate()
  const [confirming, setConfirming] = useState(false)
  const leave = useReverification(() => $leaveOrganization({ data: { organizationId } }))
  const { error, run, pending } = useSettingsAction()
  return (
    <SettingsSection
      id="leave"
      title="Leave organization"
      description={`You lose access to ${name}. To come back you need a new invitation.`}
      action={
        <Button variant="danger" size="sm" onClick={() => setConfirming(true)}>
          Leave
        </Button>
      }
      alert={error && <Alert>{error}</Alert>}
    >
      <p className="px-5 py-4 text-sm text-zinc-500">
        The last admin cannot leave: make someone else an admin first, or delete the organization.
      </p>
      {confirming && (
        <ConfirmDialog
          title={`Leave ${name}?`}
          description="You will lose access at once."
          confirmLabel="Leave"
          pending={pending === 'leave'}
          onClose={() => setConfirming(false)}
          onConfirm={() =>
            run('leave', async () => {
              await leave()
              setConfirming(false)
              const next = user?.organizationMemberships.find(
                (membership) => membership.organization.id !== organizationId,
              )
              await setActive({ organization: next?.organization.id ?? null }).catch(() => refresh())
              await navigate({ to: '/dashboard' })
            })
          }
        />
      )}
    </SettingsSection>
  )
}
