import { createFileRoute, useNavigate } from '@tanstack/react-router'
import { useState } from 'react'
import { useAuthContext } from '../../../../auth/index.ts'
import { useReverification } from '../../../../auth/reverification.ts'
import { useFormAction } from '../../../../components/forms/use-form-action.ts'
import { titled } from '../../../../components/page-title.ts'
import { ConfirmDialog } from '../../../../components/settings/confirm-dialog.tsx'
import { SettingsSection } from '../../../../components/settings/settings-section.tsx'
import { useSettingsAction } from '../../../../components/settings/use-settings-action.ts'
import { Alert } from '../../../../components/ui/alert.tsx'
import { Button } from '../../../../components/ui/button.tsx'
import { TextField } from '../../../../components/ui/field.tsx'
import { $deleteOrganization, $updateOrganization } from '../../../../functions/organizations.functions.ts'
import { ORGANIZATION_NAME_MAX_LENGTH, ORGANIZATION_SLUG_MAX_LENGTH } from '../../../../session/policy.ts'

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
  return (
    <>
      {canManage && <ProfileSection />}
      {canDelete && <DeleteSection />}
    </>
  )
}

function ProfileSection() {
  const { membership } = Route.useRouteContext()
  const { refresh } = useAuthContext()
  const navigate = useNavigate()
  const [saved, setSaved] = useState(false)
  const { organization } = membership
  const { errors, pending, canSubmit, onSubmit } = useFormAction(
    async (form) => {
      setSaved(false)
      const updated = await $updateOrganization({
        data: {
          organizationId: organization.id,
          name: String(form.get('name') ?? ''),
          slug: String(form.get('slug') ?? ''),
        },
      })
      setSaved(true)
      await refresh()
      if (updated.slug !== organization.slug)
        await navigate({ to: '/orgs/$slug/settings', params: { slug: updated.slug } })
    },
    undefined,
    { afterSuccess: 'ready' },
  )
  return (
    <SettingsSection
      id="profile"
      title="Organization profile"
      description="The name members see, and the slug in its address."
      alert={
        (errors.form ?? saved) && <Alert tone={errors.form ? undefined : 'success'}>{errors.form ?? 'Saved.'}</Alert>
      }
    >
      <form method="post" onSubmit={onSubmit} className="space-y-4 px-5 py-4" noValidate>
        <TextField
          label="Name"
          name="name"
          defaultValue={organization.name}
          maxLength={ORGANIZATION_NAME_MAX_LENGTH}
          error={errors.fields.name}
        />
        <TextField
          label="Slug"
          name="slug"
          defaultValue={organization.slug}
          maxLength={ORGANIZATION_SLUG_MAX_LENGTH}
          description="Lower-case letters, digits and hyphens."
          error={errors.fields.slug}
        />
        <Button type="submit" pending={pending} disabled={!canSubmit}>
          Save
        </Button>
      </form>
    </SettingsSection>
  )
}

function DeleteSection() {
  const { membership } = Route.useRouteContext()
  const { setActive, refresh } = useAuthContext()
  const navigate = useNavigate()
  const [confirming, setConfirming] = useState(false)
  const { organization } = membership
  const remove = useReverification(() => $deleteOrganization({ data: { organizationId: organization.id } }))
  const { error, run, pending } = useSettingsAction()
  return (
    <SettingsSection
      id="delete-organization"
      title="Delete organization"
      description="Deletes the organization, its memberships and invitations. This cannot be undone."
      action={
        <Button variant="danger" size="sm" onClick={() => setConfirming(true)}>
          Delete organization
        </Button>
      }
      alert={error && <Alert>{error}</Alert>}
    >
      <p className="px-5 py-4 text-sm text-zinc-500">Every member loses access at once.</p>
      {confirming && (
        <ConfirmDialog
          title={`Delete ${organization.name}?`}
          description="Members lose access at once; this cannot be undone."
          confirmLabel="Delete"
          pending={pending === 'delete'}
          onClose={() => setConfirming(false)}
          onConfirm={() =>
            run('delete', async () => {
              await remove()
              setConfirming(false)
              await setActive({ organization: null }).catch(() => refresh())
              await navigate({ to: '/dashboard' })
            })
          }
        />
      )}
    </SettingsSection>
  )
}
