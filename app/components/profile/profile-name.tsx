import { useState } from 'react'
import type { UserResource } from '../../auth/index.ts'
import { NAME_MAX_LENGTH } from '../../session/policy.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { SettingsSection } from '../settings/settings-section.tsx'
import { Alert } from '../ui/alert.tsx'
import { Button } from '../ui/button.tsx'
import { TextField } from '../ui/field.tsx'

/** First and last name: how the account is shown here and to others (organizations, admins). */
export function ProfileNameSection({ user, locked }: { user: UserResource; locked: string | null }) {
  const [saved, setSaved] = useState(false)
  const { errors, pending, canSubmit, onSubmit } = useFormAction(
    async (form) => {
      setSaved(false)
      // The public User resource: it re-reads the client here and in other tabs, and new session
      // tokens carry the new name.
      await user.update({ firstName: String(form.get('firstName')), lastName: String(form.get('lastName')) })
      setSaved(true)
    },
    undefined,
    { afterSuccess: 'ready' },
  )
  return (
    <SettingsSection
      id="profile-name"
      title="Name"
      description="Shown in the account menu, to the organizations you belong to and in your session tokens."
      alert={(errors.form && <Alert>{errors.form}</Alert>) || (saved && <Alert tone="success">Name saved.</Alert>)}
    >
      <form method="post" onSubmit={onSubmit} className="grid gap-5 px-5 py-5 sm:grid-cols-2" noValidate>
        <TextField
          label="First name"
          name="firstName"
          autoComplete="given-name"
          defaultValue={user.firstName ?? ''}
          maxLength={NAME_MAX_LENGTH}
          error={errors.fields.firstName}
          disabled={locked !== null}
        />
        <TextField
          label="Last name"
          name="lastName"
          autoComplete="family-name"
          defaultValue={user.lastName ?? ''}
          maxLength={NAME_MAX_LENGTH}
          error={errors.fields.lastName}
          disabled={locked !== null}
        />
        <div className="sm:col-span-2">
          <Button type="submit" pending={pending} disabled={!canSubmit || locked !== null}>
            Save name
          </Button>
        </div>
      </form>
    </SettingsSection>
  )
}
