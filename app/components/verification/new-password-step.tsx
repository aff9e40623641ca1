import type { ReactNode } from 'react'
import { passwordErrorsOn } from '../../auth/errors.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Button } from '../ui/button.tsx'
import { TextField } from '../ui/field.tsx'

/** What the person chose: the reference's `ResetPasswordParams`. */
export interface NewPassword {
  password: string
  signOutOfOtherSessions: boolean
}

/**
 * The step after a password-reset code passed (`needs_new_password`): the new password, and
 * whether to sign out everywhere else (checked by default, as the reference's
 * `signOutOfOtherSessions`). The server applies the password policy; its refusal shows on the field.
 */
export function NewPasswordStep({
  identifier,
  reset,
  alternatives,
}: {
  /** Who is resetting, for password managers (a hidden username field). */
  identifier?: string
  reset: (choice: NewPassword) => Promise<void>
  alternatives?: ReactNode
}) {
  const { errors, pending, canSubmit, onSubmit } = useFormAction(
    async (form) =>
      reset({
        password: String(form.get('password') ?? ''),
        signOutOfOtherSessions: form.get('signOutOfOtherSessions') === 'on',
      }),
    passwordErrorsOn('password'),
  )
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
      <div className="space-y-1">
        <h2 className="font-semibold text-zinc-900">Choose a new password</h2>
        <p className="text-sm text-zinc-600">Your code checked out. Long passphrases are best.</p>
      </div>
      {errors.form && <Alert>{errors.form}</Alert>}
      {identifier && <input type="text" name="username" autoComplete="username" value={identifier} readOnly hidden />}
      <TextField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        autoFocus
        description="Common passwords are not accepted."
        error={errors.fields.password}
      />
      <label className="flex items-center gap-3 text-sm text-zinc-700">
        <input
          type="checkbox"
          name="signOutOfOtherSessions"
          defaultChecked
          className="size-4 rounded border-zinc-300"
        />
        Sign out of all other devices
      </label>
      <Button type="submit" className="w-full" pending={pending} disabled={!canSubmit}>
        Reset password
      </Button>
      {alternatives}
    </form>
  )
}
