import { $signIn } from '../../functions/auth.functions.ts'
import { Alert } from '../ui/alert.tsx'
import { Button } from '../ui/button.tsx'
import { TextField } from '../ui/field.tsx'
import { useFormAction } from './use-form-action.ts'

export function SignInForm({ onSignedIn }: { onSignedIn: (sessionId: string) => Promise<void> }) {
  const { errors, pending, canSubmit, onSubmit } = useFormAction(async (form) => {
    const { sessionId } = await $signIn({
      data: { email: String(form.get('email')), password: String(form.get('password')) },
    })
    await onSignedIn(sessionId)
  })

  return (
    // method="post": a submit that beats hydration must never put the password in the URL.
    <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
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
      <Button type="submit" className="w-full" pending={pending} disabled={!canSubmit}>
        Sign in
      </Button>
    </form>
  )
}
