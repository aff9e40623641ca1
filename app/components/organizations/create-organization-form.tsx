import { createOrganization, type Organization } from '../../auth/organizations.ts'
import { ORGANIZATION_NAME_MAX_LENGTH, ORGANIZATION_SLUG_MAX_LENGTH } from '../../session/policy.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Button } from '../ui/button.tsx'
import { TextField } from '../ui/field.tsx'

/**
 * Name (and optionally the URL slug) of a new organization; the creator becomes its admin. Creates
 * it as `useOrganizationList().createOrganization` does.
 */
export function CreateOrganizationForm({
  submitLabel = 'Create organization',
  onCreated,
}: {
  submitLabel?: string
  onCreated: (organization: Organization) => Promise<void>
}) {
  const { errors, pending, canSubmit, onSubmit } = useFormAction(async (form) => {
    const slug = String(form.get('slug') ?? '').trim()
    const organization = await createOrganization({
      name: String(form.get('name') ?? ''),
      ...(slug === '' ? {} : { slug }),
    })
    await onCreated(organization)
  })
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      {errors.form && <Alert>{errors.form}</Alert>}
      <TextField
        label="Organization name"
        name="name"
        autoComplete="organization"
        maxLength={ORGANIZATION_NAME_MAX_LENGTH}
        error={errors.fields.name}
      />
      <TextField
        label="URL slug (optional)"
        name="slug"
        placeholder="made from the name"
        maxLength={ORGANIZATION_SLUG_MAX_LENGTH}
        description="Lower-case letters, digits and hyphens."
        error={errors.fields.slug}
      />
      <Button type="submit" className="w-full" pending={pending} disabled={!canSubmit}>
        {submitLabel}
      </Button>
    </form>
  )
}
