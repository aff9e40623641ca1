import { useRouter } from '@tanstack/react-router'
import { useState } from 'react'
import { passwordErrorsOn } from '../../auth/errors.ts'
import { useReverification } from '../../auth/reverification.ts'
import { $changePassword } from '../../functions/account.functions.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { SettingsRow, SettingsSection } from '../settings/settings-section.tsx'
import { Alert } from '../ui/alert.tsx'
import { Button } from '../ui/button.tsx'
import { Dialog } from '../ui/dialog.tsx'
import { TextField } from '../ui/field.tsx'

export function PasswordSection({ passwordEnabled, minLength }: { passwordEnabled: boolean; minLength: number }) {
  const [changing, setChanging] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  return (
    <SettingsSection
      id="password"
      title="Password"
      description="Long passphrases are best. Changing it signs out your other devices unless you choose otherwise."
      alert={done && <Alert tone="success">{done}</Alert>}
    >
      <ul aria-label="Password" className="divide-y divide-zinc-100">
        <SettingsRow
          label="Password"
          title={passwordEnabled ? 'Password' : 'No password'}
          detail={passwordEnabled ? 'Set.' : 'You sign in with codes or passkeys. You can add a password.'}
          actions={
            <Button size="sm" variant="secondary" onClick={() => setChanging(true)}>
              {passwordEnabled ? 'Change password' : 'Set a password'}
            </Button>
          }
        />
      </ul>
      {changing && (
        <ChangePasswordDialog
          passwordEnabled={passwordEnabled}
          minLength={minLength}
          onClose={() => setChanging(false)}
          onChanged={(revoked) => {
            setChanging(false)
            setDone(
              revoked > 0
                ? `Password changed. ${revoked} other ${revoked === 1 ? 'device was' : 'devices were'} signed out.`
                : 'Password changed.',
            )
          }}
        />
      )}
    </SettingsSection>
  )
}

function ChangePasswordDialog({
  passwordEnabled,
  minLength,
  onClose,
  onChanged,
}: {
  passwordEnabled: boolean
  minLength: number
  onClose: () => void
  onChanged: (revokedSessions: number) => void
}) {
  const router = useRouter()
  const change = useReverification((data: Parameters<typeof $changePassword>[0]['data']) => $changePassword({ data }))
  const { errors, pending, canSubmit, onSubmit } = useFormAction(async (form) => {
    const { revokedSessions } = await change({
      currentPassword: passwordEnabled ? String(form.get('currentPassword') ?? '') : null,
      newPassword: String(form.get('newPassword') ?? ''),
      signOutOtherSessions: form.get('signOutOthers') === 'on',
    })
    onChanged(revokedSessions)
    await router.invalidate()
  }, passwordErrorsOn('newPassword'))
  return (
    <Dialog open onClose={onClose} title={passwordEnabled ? 'Change password' : 'Set a password'}>
      <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        {passwordEnabled && (
          <TextField
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            error={errors.fields.currentPassword}
          />
        )}
        <TextField
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          description={`At least ${minLength} characters. Common passwords are not accepted.`}
          error={errors.fields.newPassword}
        />
        <label className="flex items-center gap-3 text-sm text-zinc-700">
          <input type="checkbox" name="signOutOthers" defaultChecked className="size-4 rounded border-zinc-300" />
          Sign out of all other devices
        </label>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" pending={pending} disabled={!canSubmit}>
            {passwordEnabled ? 'Change password' : 'Set password'}
          </Button>
        </div>
      </form>
    </Dialog>
  )
}
