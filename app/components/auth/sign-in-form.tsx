import { type FormEvent, useState } from 'react'
import { type FormErrors, formErrors } from '../../auth/errors.ts'
import { $signIn } from '../../functions/auth.functions.ts'
import { Alert } from '../ui/alert.tsx'
import { Button } from '../ui/button.tsx'
import { TextField } from '../ui/field.tsx'
import { useHydrated } from '../ui/use-hydrated.ts'

const NO_ERRORS: FormErrors = { form: null, fields: {} }

export function SignInForm({ onSignedIn }: { onSignedIn: (sessionId: string) => Promise<void> }) {
  const [errors, setErrors] = useState(NO_ERRORS)
  const [pending, setPending] = useState(false)
  const hydrated = useHydrated()

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    setPending(true)
    setErrors(NO_ERRORS)
    try {
      const { sessionId } = await $signIn({
        data: { email: String(form.get('email')), password: String(form.get('password')) },
      })
      await onSignedIn(sessionId)
    } catch (error) {
      setErrors(formErrors(error))
      setPending(false)
    }
  }

  return (
    // method="post": a submit that beats hydration must never put the password in the URL.
    <form method="post" onSubmit={submit} className="space-y-5" noValidate>
      {errors.form && <Alert>{errors.form}</Alert>}
      <TextField
        label="Email address"
        name="email"
        type="email"
        autoComplete="username"
        required
        error={errors.fields.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={errors.fields.password}
      />
      <Button type="submit" className="w-full" pending={pending} disabled={!hydrated}>
        Sign in
      </Button>
    </form>
  )
}
