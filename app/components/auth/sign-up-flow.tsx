import { useEffect, useRef, useState } from 'react'
import { useSignUpFrom } from '../../auth/attempts.ts'
import { formErrors, passwordErrorsOn } from '../../auth/errors.ts'
import type { SignUp } from '../../auth/sign-up.ts'
import type { OAuthStrategy } from '../../session/factors.ts'
import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, ONE_TIME_CODE_DIGITS, PASSWORD_MIN_LENGTH } from '../../session/policy.ts'
import type { SignUpJSON } from '../../session/wire.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Button, LinkButton } from '../ui/button.tsx'
import { TextField } from '../ui/field.tsx'
import { CodeForm } from '../verification/code-form.tsx'
import { SocialButtons } from '../verification/social-buttons.tsx'
import { CODE_LIFETIME, STRATEGY_COPY } from '../verification/strategies.ts'
import { signInPageUrl } from './sign-in-flow.tsx'

/**
 * Details, then the code emailed to the address; the account exists once the code comes back. A
 * sign-up in progress (reload, back button) resumes at the code. Built on the `SignUp` resource
 * (app/auth/sign-up.ts), as a custom flow is: `create`, `prepareEmailAddressVerification`,
 * `attemptEmailAddressVerification`, then `setActive`.
 */
export function SignUpFlow({
  initial,
  minPasswordLength = PASSWORD_MIN_LENGTH,
  redirectUrl,
  socialStrategies = [],
}: {
  initial: SignUpJSON | null
  minPasswordLength?: number
  /** Where the new session lands. */
  redirectUrl: string
  /** "Continue with …" buttons above the details (ADR 034). */
  socialStrategies?: readonly OAuthStrategy[]
}) {
  const { signUp, setActive } = useSignUpFrom(initial)
  if (signUp.status === 'missing_requirements') {
    return (
      <VerifyEmailStep
        signUp={signUp}
        onSignedUp={(session) => setActive({ session, redirectUrl })}
        onStartOver={async () => {
          await signUp.cancel()
        }}
      />
    )
  }
  return (
    <div className="space-y-6">
      <SocialButtons
        strategies={socialStrategies}
        onChoose={(strategy) =>
          signUp.authenticateWithRedirect({
            strategy,
            // A person who already has an account (with a second factor) finishes at sign-in.
            redirectUrl: signInPageUrl(redirectUrl),
            redirectUrlComplete: redirectUrl,
          })
        }
      />
      <DetailsStep signUp={signUp} minPasswordLength={minPasswordLength} />
    </div>
  )
}

function DetailsStep({ signUp, minPasswordLength }: { signUp: SignUp; minPasswordLength: number }) {
  const { errors, pending, canSubmit, onSubmit } = useFormAction(async (form) => {
    await signUp.create({
      emailAddress: String(form.get('email')),
      password: String(form.get('password')),
      firstName: String(form.get('firstName') ?? ''),
      lastName: String(form.get('lastName') ?? ''),
    })
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
  onSignedUp,
  onStartOver,
}: {
  signUp: SignUp
  onSignedUp: (sessionId: string) => Promise<void>
  onStartOver: () => Promise<void>
}) {
  const [resendError, setResendError] = useState<string | null>(null)
  const send = async () => {
    setResendError(null)
    try {
      await signUp.prepareEmailAddressVerification({ strategy: 'email_code' })
    } catch (error) {
      setResendError(formErrors(error).form)
    }
  }
  // A new sign-up (or one resumed before its code went out) sends the code once, on arrival.
  const asked = useRef(false)
  useEffect(() => {
    if (asked.current || signUp.verifications.emailAddress.status !== null) return
    asked.current = true
    void send()
  })
  return (
    <div className="space-y-5">
      <h2 className="font-semibold text-zinc-900">Check your email</h2>
      <CodeForm
        copy={STRATEGY_COPY.email_code}
        sent={signUp.verifications.emailAddress.status ? signUp.verifications.emailAddress : null}
        instructions={
          <>
            We sent a {ONE_TIME_CODE_DIGITS}-digit code to{' '}
            <span className="font-medium text-zinc-900">{signUp.emailAddress}</span>. Enter it to confirm the address
            and finish creating your account. It works for {CODE_LIFETIME}.
          </>
        }
        sendError={resendError}
        onResend={send}
        attempt={async (code) => {
          const { status, createdSessionId } = await signUp.attemptEmailAddressVerification({ code })
          if (status !== 'complete' || !createdSessionId) throw new Error(`sign-up is ${status}, not complete`)
          await onSignedUp(createdSessionId)
        }}
        submitLabel="Verify and create account"
        alternatives={<LinkButton onClick={() => void onStartOver()}>Use another email address</LinkButton>}
      />
    </div>
  )
}
