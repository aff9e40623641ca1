import { useNavigate } from '@tanstack/react-router'
import { useState } from 'react'
import type { Organization } from '../../auth/index.ts'
import { ORGANIZATION_NAME_MAX_LENGTH, ORGANIZATION_SLUG_MAX_LENGTH } from '../../session/policy.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { SettingsSection } from '../settings/settings-section.tsx'
import { Alert } from '../ui/alert.tsx'
import { Button } from '../ui/button.tsx'
import { TextField } from '../ui/field.tsx'

/**
 * The organization's name and slug (`Organization.update()`, which re-reads the client and drops
 * tokens naming the old slug); a new slug moves the page to its new address.
 */
export function OrganizationProfileSection({ organization }: { organization: Organization }) {
  const navigate = useNavigate()
  const [saved, setSaved] = useState(false)
  const { errors, pending, canSubmit, onSubmit } = useFormAction(
    async (form) => {
      setSaved(false)
      const updated = await organization.update({
        name: String(form.get('name') ?? ''),
        slug: String(form.get('slug') ?? ''),
      })
      setSaved(true)
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
