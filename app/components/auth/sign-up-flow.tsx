import { useState } from 'react'
import { formErrors, passwordErrorsOn } from '../../auth/errors.ts'
import { $cancelSignUp, $createSignUp, $resendSignUpCode, $verifySignUp } from '../../functions/sign-up.functions.ts'
import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, ONE_TIME_CODE_DIGITS, PASSWORD_MIN_LENGTH } from '../../session/policy.ts'
import type { SignUpJSON } from '../../session/wire.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Button, LinkButton } from '../ui/button.tsx'
import { TextField } from '../ui/field.tsx'
import { CodeForm } from '../verification/code-form.tsx'
import { CODE_LIFETIME, STRATEGY_COPY } from '../verification/strategies.ts'

/**
 * Details, then the code emailed to the address; the account exists once the code comes back. A
 * sign-up in progress (reload, back button) resumes at the code.
 */
export function SignUpFlow({
  initial,
  minPasswordLength = PASSWORD_MIN_LENGTH,
  onSignedUp,
}: {
  initial: SignUpJSON | null
  minPasswordLength?: number
  onSignedUp: (sessionId: string) => Promise<void>
}) {
  const [signUp, setSignUp] = useState(initial)
  if (signUp) {
    return (
      <VerifyEmailStep
        signUp={signUp}
        onResent={setSignUp}
        onSignedUp={onSignedUp}
        onStartOver={async () => {
          await $cancelSignUp()
          setSignUp(null)
        }}
      />
    )
  }
  return <DetailsStep minPasswordLength={minPasswordLength} onCreated={setSignUp} />
}

function DetailsStep({
  minPasswordLength,
  onCreated,
}: {
  minPasswordLength: number
  onCreated: (signUp: SignUpJSON) => void
}) {
  const { errors, pending, canSubmit, onSubmit } = useFormAction(async (form) => {
    onCreated(
      await $createSignUp({
        data: {
          email: String(form.get('email')),
          password: String(form.get('password')),
          firstName: String(form.get('firstName') ?? ''),
          lastName: String(form.get('lastName') ?? ''),
        },
      }),
    )
  }, passwordErrorsOn('password'))

  return (
    // method="post": a submit that beats hydration must never put the password in the URL.
    <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
      {errors.form && <Alert>{errors.form}</Alert>}
      <div className="grid grid-cols-2 gap-4">
        <TextField
          label="First name"
          name="firstName"
          autoComplete="given-name"
          maxLength={NAME_MAX_LENGTH}
          error={errors.fields.firstName}
        />
        <TextField
          label="Last name"
          name="lastName"
          autoComplete="family-name"
          maxLength={NAME_MAX_LENGTH}
          error={errors.fields.lastName}
        />
      </div>
      <TextField
        label="Email address"
        name="email"
        type="email"
        autoComplete="email"
        maxLength={EMAIL_MAX_LENGTH}
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

function VerifyEmailStep({
  signUp,
  onResent,
  onSignedUp,
  onStartOver,
}: {
  signUp: SignUpJSON
  onResent: (signUp: SignUpJSON) => void
  onSignedUp: (sessionId: string) => Promise<void>
  onStartOver: () => Promise<void>
}) {
  const [resendError, setResendError] = useState<string | null>(null)
  return (
    <div className="space-y-5">
      <h2 className="font-semibold text-zinc-900">Check your email</h2>
      <CodeForm
        copy={STRATEGY_COPY.email_code}
        sent={signUp.verification}
        instructions={
          <>
            We sent a {ONE_TIME_CODE_DIGITS}-digit code to{' '}
            <span className="font-medium text-zinc-900">{signUp.emailAddress}</span>. Enter it to confirm the address
            and finish creating your account. It works for {CODE_LIFETIME}.
          </>
        }
        sendError={resendError}
        onResend={async () => {
          setResendError(null)
          try {
            onResent(await $resendSignUpCode())
          } catch (error) {
            setResendError(formErrors(error).form)
          }
        }}
        attempt={async (code) => {
          const { sessionId } = await $verifySignUp({ data: { code } })
          await onSignedUp(sessionId)
        }}
        submitLabel="Verify and create account"
        alternatives={<LinkButton onClick={() => void onStartOver()}>Use another email address</LinkButton>}
      />
    </div>
  )
}
