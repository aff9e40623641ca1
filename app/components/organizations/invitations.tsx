import { useState } from 'react'
import { formErrors } from '../../auth/errors.ts'
import { type Organization, useEnvironment } from '../../auth/index.ts'
import { useOrganizationLists } from '../../auth/organization-hooks.ts'
import { describeDuration } from '../../session/durations.ts'
import { EMAIL_MAX_LENGTH, INVITATION_TTL_SECONDS, ORGANIZATION_LIST_PAGE_SIZE } from '../../session/policy.ts'
import type { RoleJSON } from '../../session/wire.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { SettingsRow, SettingsSection } from '../settings/settings-section.tsx'
import { useSettingsAction } from '../settings/use-settings-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Badge } from '../ui/badge.tsx'
import { Button } from '../ui/button.tsx'
import { TextField } from '../ui/field.tsx'
import { SelectField } from '../ui/select-field.tsx'
import { Time } from '../ui/time.tsx'
import { ListPager } from './list-pager.tsx'

/**
 * Inviting people by email, with a role the inviter may give, and the invitations still open (or
 * expired unused), a page at a time: the public `Organization.inviteMember()`, `useOrganization()`
 * lists and `OrganizationInvitation.revoke()`, which refetch the list themselves.
 */
export function InvitationsSection({
  organization,
  assignable,
}: {
  organization: Organization
  assignable: RoleJSON[]
}) {
  const { organizations } = useEnvironment()
  const { invitations } = useOrganizationLists(organization, {
    invitations: { status: ['pending', 'expired'], pageSize: ORGANIZATION_LIST_PAGE_SIZE, keepPreviousData: true },
  })
  const { error, trigger } = useSettingsAction()
  const [sent, setSent] = useState<string | null>(null)
  const failed = invitations.error ? formErrors(invitations.error).form : null
  const { errors, pending, canSubmit, onSubmit } = useFormAction(
    async (form) => {
      const invitation = await organization.inviteMember({
        emailAddress: String(form.get('emailAddress') ?? ''),
        role: String(form.get('role') ?? organizations.defaultRole),
      })
      setSent(`Invitation sent to ${invitation.emailAddress}.`)
      await invitations.revalidate()
    },
    undefined,
    { afterSuccess: 'clear' },
  )
  return (
    <SettingsSection
      id="invitations"
      title="Invitations"
      description={`Invite people by email. The link in the email works once, for ${describeDuration(INVITATION_TTL_SECONDS)}, and only for that address.`}
      alert={
        (error ?? failed ?? sent) && (
          <Alert tone={error || failed ? undefined : 'success'}>{error ?? failed ?? sent}</Alert>
        )
      }
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
        <SelectField
          label="Role"
          name="role"
          defaultValue={organizations.defaultRole}
          options={assignable.map((role) => ({ value: role.key, label: role.name }))}
        />
        <Button type="submit" pending={pending} disabled={!canSubmit}>
          Send invitation
        </Button>
      </form>
      {invitations.data.length > 0 && (
        <ul aria-label="Pending invitations" className="divide-y divide-zinc-100 border-t border-zinc-100">
          {invitations.data.map((invitation) => (
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
                <Button size="sm" variant="ghost" {...trigger(invitation.id, () => invitation.revoke())}>
                  Revoke
                </Button>
              }
            />
          ))}
        </ul>
      )}
      <ListPager list={invitations} label="Invitation pages" />
    </SettingsSection>
  )
}
