import { type FormEvent, useState } from 'react'
import { type FormErrors, formErrors } from '../../auth/errors.ts'
import { $signUp } from '../../functions/auth.functions.ts'
import { PASSWORD_MIN_LENGTH } from '../../session/policy.ts'
import { Alert } from '../ui/alert.tsx'
import { Button } from '../ui/button.tsx'
import { TextField } from '../ui/field.tsx'
import { useHydrated } from '../ui/use-hydrated.ts'

const NO_ERRORS: FormErrors = { form: null, fields: {} }
const PASSWORD_ERRORS = new Set(['password_too_short', 'password_too_long', 'password_too_common'])

export function SignUpForm({
  minPasswordLength = PASSWORD_MIN_LENGTH,
  onSignedUp,
}: {
  minPasswordLength?: number
  onSignedUp: (sessionId: string) => Promise<void>
}) {
  const [errors, setErrors] = useState(NO_ERRORS)
  const [pending, setPending] = useState(false)
  const hydrated = useHydrated()

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    setPending(true)
    setErrors(NO_ERRORS)
    try {
      const { sessionId } = await $signUp({
        data: {
          email: String(form.get('email')),
          password: String(form.get('password')),
          firstName: String(form.get('firstName') ?? ''),
          lastName: String(form.get('lastName') ?? ''),
        },
      })
      await onSignedUp(sessionId)
    } catch (error) {
      const next = formErrors(error)
      // Password policy errors belong next to the password field.
      const code = (error as { code?: string }).code
      setErrors(code && PASSWORD_ERRORS.has(code) && next.form ? { form: null, fields: { password: next.form } } : next)
      setPending(false)
    }
  }

  return (
    // method="post": a submit that beats hydration must never put the password in the URL.
    <form method="post" onSubmit={submit} className="space-y-5" noValidate>
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
      <Button type="submit" className="w-full" pending={pending} disabled={!hydrated}>
        Create account
      </Button>
    </form>
  )
}
