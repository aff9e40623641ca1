import type { FormErrors } from '../../auth/errors.ts'
import { $signUp } from '../../functions/auth.functions.ts'
import { PASSWORD_MIN_LENGTH } from '../../session/policy.ts'
import { Alert } from '../ui/alert.tsx'
import { Button } from '../ui/button.tsx'
import { TextField } from '../ui/field.tsx'
import { useFormAction } from './use-form-action.ts'

const PASSWORD_ERRORS = new Set(['password_too_short', 'password_too_long', 'password_too_common'])

/** Password policy errors belong next to the password field, not above the form. */
function passwordErrorsOnTheField(errors: FormErrors, error: unknown): FormErrors {
  const code = (error as { code?: string } | null)?.code
  return code && PASSWORD_ERRORS.has(code) && errors.form ? { form: null, fields: { password: errors.form } } : errors
}

export function SignUpForm({
  minPasswordLength = PASSWORD_MIN_LENGTH,
  onSignedUp,
}: {
  minPasswordLength?: number
  onSignedUp: (sessionId: string) => Promise<void>
}) {
  const { errors, pending, canSubmit, onSubmit } = useFormAction(async (form) => {
    const { sessionId } = await $signUp({
      data: {
        email: String(form.get('email')),
        password: String(form.get('password')),
        firstName: String(form.get('firstName') ?? ''),
        lastName: String(form.get('lastName') ?? ''),
      },
    })
    await onSignedUp(sessionId)
  }, passwordErrorsOnTheField)

  return (
    // method="post": a submit that beats hydration must never put the password in the URL.
    <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
      {errors.form && <Alert>{errors.form}</Alert>}
      <div className="grid grid-cols-2 gap-4">
        <TextField label="First name" name="firstName" autoComplete="given-name" error={errors.fields.firstName} />
        <TextField label="Last name" name="lastName" autoComplete="family-name" error={errors.fields.lastName} />
      </div>
      <TextField
        label="Email address"
        name="email"
        type="email"
        autoComplete="email"
        required
        error={errors.fields.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        description={`At least ${minPasswordLength} characters. Long passphrases are welcome; common passwords are not.`}
        error={errors.fields.password}
      />
      <Button type="submit" className="w-full" pending={pending} disabled={!canSubmit}>
        Create account
      </Button>
    </form>
  )
}
