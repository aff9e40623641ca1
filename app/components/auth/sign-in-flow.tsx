import { type ReactNode, useState } from 'react'
import { formErrors, toErrorPayload } from '../../auth/errors.ts'
import {
  $attemptSignInFirstFactor,
  $attemptSignInSecondFactor,
  $cancelSignIn,
  $createSignIn,
  $prepareSignInFirstFactor,
  $prepareSignInSecondFactor,
  type SignInResult,
} from '../../functions/sign-in.functions.ts'
import type { SecondFactorStrategy } from '../../session/factors.ts'
import { IDENTIFIER_MAX_LENGTH } from '../../session/policy.ts'
import type { FactorJSON, SignInJSON } from '../../session/wire.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Button, LinkButton } from '../ui/button.tsx'
import { CodeField } from '../ui/code-field.tsx'
import { TextField } from '../ui/field.tsx'
import { PasskeySignIn } from './passkey-sign-in.tsx'
import { ResendButton } from './resend-button.tsx'

type FirstStrategy = 'password' | 'email_code' | 'phone_code'

type Step =
  | { kind: 'identifier' }
  /** The email's domain belongs to an enterprise IdP; `auto`: go there at once (not on a reload). */
  | { kind: 'enterprise_sso'; signIn: SignInJSON; auto: boolean }
  | { kind: 'first_factor'; signIn: SignInJSON; strategy: FirstStrategy }
  | { kind: 'second_factor'; signIn: SignInJSON; strategy: SecondFactorStrategy }

/** Where a sign-in in progress picks up: the code already sent, else the first strategy offered. */
function stepFor(signIn: SignInJSON | null, auto = false): Step {
  if (!signIn) return { kind: 'identifier' }
  if (
    signIn.status === 'needs_first_factor' &&
    signIn.supportedFirstFactors.some((factor) => factor.strategy === 'enterprise_sso')
  ) {
    return { kind: 'enterprise_sso', signIn, auto }
  }
  if (signIn.status === 'needs_second_factor') {
    const sent = signIn.secondFactorVerification
    const first = signIn.supportedSecondFactors?.[0]?.strategy ?? 'totp'
    return { kind: 'second_factor', signIn, strategy: sent ? 'phone_code' : (first as SecondFactorStrategy) }
  }
  const sent = signIn.firstFactorVerification?.strategy
  const strategy = sent === 'email_code' || sent === 'phone_code' ? sent : defaultFirstFactor(signIn)
  return { kind: 'first_factor', signIn, strategy }
}

function defaultFirstFactor(signIn: SignInJSON): FirstStrategy {
  const offered = signIn.supportedFirstFactors.map((factor) => factor.strategy)
  // By phone, a texted code is the natural first step; by email, the password (a code is one click away).
  const preferred: FirstStrategy[] =
    signIn.identifierKind === 'phone_number' ? ['phone_code', 'password'] : ['password', 'email_code']
  return preferred.find((strategy) => offered.includes(strategy)) ?? 'password'
}

/**
 * The call that sends the step's code, when the step takes a code that has not been sent (or, with
 * `again`, a new one); null for steps that send nothing.
 */
function sender(step: Step, again = false): (() => Promise<SignInJSON>) | null {
  if (step.kind === 'first_factor' && step.strategy !== 'password') {
    const sent = step.signIn.firstFactorVerification?.strategy === step.strategy
    const strategy = step.strategy
    return sent && !again ? null : () => $prepareSignInFirstFactor({ data: { strategy } })
  }
  if (step.kind === 'second_factor' && step.strategy === 'phone_code') {
    if (step.signIn.secondFactorVerification && !again) return null
    const phone = step.signIn.supportedSecondFactors?.find((factor) => factor.strategy === 'phone_code')
    return () =>
      $prepareSignInSecondFactor({ data: { strategy: 'phone_code', phoneNumberId: phone?.phoneNumberId ?? null } })
  }
  return null
}

/**
 * Identifier first, then a first factor (password or a code), then a second factor for users who
 * have one; a passkey skips all of it. Each step is a server call; the attempt lives on the server,
 * so a reload resumes it.
 */
export function SignInFlow({
  initial,
  redirectUrl,
  onSignedIn,
}: {
  initial: SignInJSON | null
  /** Where the sign-in lands; an enterprise IdP sends the browser back there. */
  redirectUrl?: string
  onSignedIn: (sessionId: string) => Promise<void>
}) {
  const [step, setStep] = useState<Step>(() => stepFor(initial))
  const [sendError, setSendError] = useState<string | null>(null)
  /** Why the flow moved to another factor on its own (a compromised password). */
  const [notice, setNotice] = useState<string | null>(null)

  /** Sends the browser to the enterprise IdP (the page is left; it comes back through the callback). */
  const toIdentityProvider = async () => {
    setSendError(null)
    try {
      const signIn = await $prepareSignInFirstFactor({
        data: { strategy: 'enterprise_sso', redirectUrl: redirectUrl ?? null },
      })
      const url = signIn.firstFactorVerification?.externalVerificationRedirectUrl
      if (!url) throw new Error('no IdP URL')
      window.location.assign(url)
    } catch (error) {
      setSendError(formErrors(error).form)
      throw error
    }
  }

  /** Shows a step; a code step whose code has not gone out yet sends it first. */
  const go = async (next: Step, why: string | null = null) => {
    setSendError(null)
    setNotice(why)
    setStep(next)
    if (next.kind === 'enterprise_sso' && next.auto) {
      await toIdentityProvider().catch(() => undefined)
      return
    }
    const send = sender(next)
    if (!send) return
    try {
      const signIn = await send()
      setStep({ ...next, signIn } as Step)
    } catch (error) {
      setSendError(formErrors(error).form)
    }
  }

  const advance = async (result: SignInResult) => {
    if (result.sessionId) return onSignedIn(result.sessionId)
    await go(stepFor(result.signIn))
  }

  const startOver = async () => {
    await $cancelSignIn()
    await go({ kind: 'identifier' })
  }

  const resend = async () => {
    const send = sender(step, true)
    if (!send) return
    setSendError(null)
    try {
      const signIn = await send()
      setStep({ ...step, signIn } as Step)
    } catch (error) {
      setSendError(formErrors(error).form)
    }
  }

  switch (step.kind) {
    case 'identifier':
      return <IdentifierStep onCreated={(signIn) => go(stepFor(signIn, true))} onSignedIn={onSignedIn} />
    case 'enterprise_sso':
      return (
        <FactorFrame identifier={step.signIn.identifier} onChange={startOver}>
          <EnterpriseSsoStep
            signIn={step.signIn}
            auto={step.auto}
            sendError={sendError}
            onContinue={toIdentityProvider}
          />
        </FactorFrame>
      )
    case 'first_factor':
      return (
        <FactorFrame identifier={step.signIn.identifier} onChange={startOver}>
          {notice && <Alert tone="info">{notice}</Alert>}
          {step.strategy === 'password' ? (
            <PasswordStep
              signIn={step.signIn}
              onResult={advance}
              onChoose={(strategy, why) => go({ ...step, strategy }, why)}
            />
          ) : (
            <FirstFactorCodeStep
              signIn={step.signIn}
              strategy={step.strategy}
              sendError={sendError}
              onResend={resend}
              onResult={advance}
              onChoose={(strategy) => go({ ...step, strategy })}
            />
          )}
        </FactorFrame>
      )
    case 'second_factor':
      return (
        <FactorFrame identifier={step.signIn.identifier} onChange={startOver}>
          <SecondFactorStep
            signIn={step.signIn}
            strategy={step.strategy}
            sendError={sendError}
            onResend={resend}
            onResult={advance}
            onChoose={(strategy) => go({ ...step, strategy })}
          />
        </FactorFrame>
      )
  }
}

function IdentifierStep({
  onCreated,
  onSignedIn,
}: {
  onCreated: (signIn: SignInJSON) => void
  onSignedIn: (sessionId: string) => Promise<void>
}) {
  const { errors, pending, canSubmit, onSubmit } = useFormAction(async (form) => {
    const { signIn } = await $createSignIn({ data: { identifier: String(form.get('identifier') ?? '') } })
    onCreated(signIn)
  })
  return (
    <div className="space-y-6">
      {/* method="post": a submit that beats hydration must never put anything in the URL. */}
      <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        <TextField
          label="Email address or phone number"
          name="identifier"
          type="text"
          inputMode="email"
          // `webauthn` lets the browser offer passkeys in this field's autofill.
          autoComplete="username webauthn"
          maxLength={IDENTIFIER_MAX_LENGTH}
          required
          error={errors.fields.identifier}
        />
        <Button type="submit" className="w-full" pending={pending} disabled={!canSubmit}>
          Continue
        </Button>
      </form>
      <PasskeySignIn onSignedIn={onSignedIn} />
    </div>
  )
}

/** The email's domain signs in through an enterprise IdP: off to it (at once, or with the button). */
function EnterpriseSsoStep({
  signIn,
  auto,
  sendError,
  onContinue,
}: {
  signIn: SignInJSON
  auto: boolean
  sendError: string | null
  onContinue: () => Promise<void>
}) {
  const name =
    signIn.supportedFirstFactors.find((factor) => factor.strategy === 'enterprise_sso')?.enterpriseConnectionName ??
    'your organization'
  const [pending, setPending] = useState(auto)
  return (
    <div className="space-y-5">
      {sendError && <Alert>{sendError}</Alert>}
      <p className="text-sm text-zinc-600">
        {pending && !sendError ? `Taking you to ${name} to sign in…` : `Your organization signs you in with ${name}.`}
      </p>
      <Button
        className="w-full"
        pending={pending && !sendError}
        onClick={async () => {
          setPending(true)
          await onContinue().catch(() => setPending(false))
        }}
      >
        Continue with {name}
      </Button>
    </div>
  )
}

/** The identifier being signed in, with a way back to change it, above the step. */
function FactorFrame({
  identifier,
  onChange,
  children,
}: {
  identifier: string
  onChange: () => Promise<void>
  children: ReactNode
}) {
  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between gap-3 rounded-lg bg-zinc-50 px-3 py-2 ring-1 ring-zinc-200 ring-inset">
        <span className="truncate text-sm font-medium text-zinc-800">{identifier}</span>
        <LinkButton onClick={() => void onChange()}>Change</LinkButton>
      </div>
      {children}
    </div>
  )
}

function PasswordStep({
  signIn,
  onResult,
  onChoose,
}: {
  signIn: SignInJSON
  onResult: (result: SignInResult) => Promise<void>
  onChoose: (strategy: FirstStrategy, why?: string) => void
}) {
  const codeStrategy = signIn.supportedFirstFactors.find((factor) => factor.strategy !== 'password')?.strategy
  const { errors, pending, canSubmit, onSubmit } = useFormAction(async (form) => {
    const password = String(form.get('password') ?? '')
    try {
      await onResult(await $attemptSignInFirstFactor({ data: { strategy: 'password', password } }))
    } catch (error) {
      // A right but compromised password never signs in alone: a code proves it is the owner.
      const payload = toErrorPayload(error)
      if (payload?.code !== 'password_compromised' || (codeStrategy !== 'email_code' && codeStrategy !== 'phone_code'))
        throw error
      onChoose(codeStrategy, payload.userMessage)
    }
  })
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
      {errors.form && <Alert>{errors.form}</Alert>}
      {/* Password managers pair the password with the account through this hidden username. */}
      <input type="text" name="username" autoComplete="username" value={signIn.identifier} readOnly hidden />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        autoFocus
        error={errors.fields.password}
      />
      <Button type="submit" className="w-full" pending={pending} disabled={!canSubmit}>
        Sign in
      </Button>
      {(codeStrategy === 'email_code' || codeStrategy === 'phone_code') && (
        <p className="text-center">
          <LinkButton onClick={() => onChoose(codeStrategy)}>
            {codeStrategy === 'email_code' ? 'Email me a sign-in code instead' : 'Text me a sign-in code instead'}
          </LinkButton>
        </p>
      )}
    </form>
  )
}

/** Takes a code: one sent by email or text message (with a resend), or one the user has. */
function CodeStep({
  verification,
  channel,
  sendError,
  onResend,
  attempt,
  alternatives,
  kind = 'one-time',
}: {
  verification: SignInJSON['firstFactorVerification']
  /** What the code arrives by, for the instructions ("email", "text message"); null for codes the user has. */
  channel: string | null
  sendError: string | null
  onResend: (() => Promise<void>) | null
  attempt: (code: string) => Promise<void>
  alternatives: ReactNode
  kind?: 'one-time' | 'backup'
}) {
  const { errors, pending, canSubmit, onSubmit } = useFormAction(async (form) =>
    attempt(String(form.get('code') ?? '')),
  )
  const alert = errors.form ?? sendError
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
      {alert && <Alert>{alert}</Alert>}
      {channel && (
        <p className="text-sm text-zinc-600">
          {verification
            ? `We sent a 6-digit code by ${channel} to ${verification.safeIdentifier}. It works for 10 minutes.`
            : `Sending a 6-digit code by ${channel}…`}
        </p>
      )}
      <CodeField
        kind={kind}
        label={kind === 'backup' ? 'Backup code' : 'Verification code'}
        error={errors.fields.code}
      />
      <Button type="submit" className="w-full" pending={pending} disabled={!canSubmit}>
        Continue
      </Button>
      <div className="flex flex-wrap items-center justify-between gap-2">
        {onResend && (
          <ResendButton nextResendAt={verification?.nextResendAt ?? null} onResend={() => void onResend()} />
        )}
        {alternatives}
      </div>
    </form>
  )
}

function FirstFactorCodeStep({
  signIn,
  strategy,
  sendError,
  onResend,
  onResult,
  onChoose,
}: {
  signIn: SignInJSON
  strategy: 'email_code' | 'phone_code'
  sendError: string | null
  onResend: () => Promise<void>
  onResult: (result: SignInResult) => Promise<void>
  onChoose: (strategy: FirstStrategy) => void
}) {
  const offersPassword = signIn.supportedFirstFactors.some((factor) => factor.strategy === 'password')
  const sent = signIn.firstFactorVerification?.strategy === strategy ? signIn.firstFactorVerification : null
  return (
    <CodeStep
      verification={sent}
      channel={strategy === 'email_code' ? 'email' : 'text message'}
      sendError={sendError}
      onResend={onResend}
      attempt={async (code) => onResult(await $attemptSignInFirstFactor({ data: { strategy, code } }))}
      alternatives={
        offersPassword && <LinkButton onClick={() => onChoose('password')}>Use your password instead</LinkButton>
      }
    />
  )
}

const SECOND_FACTOR_LABEL: Record<SecondFactorStrategy, string> = {
  totp: 'Use your authenticator app',
  phone_code: 'Text me a code',
  backup_code: 'Use a backup code',
}

function SecondFactorStep({
  signIn,
  strategy,
  sendError,
  onResend,
  onResult,
  onChoose,
}: {
  signIn: SignInJSON
  strategy: SecondFactorStrategy
  sendError: string | null
  onResend: () => Promise<void>
  onResult: (result: SignInResult) => Promise<void>
  onChoose: (strategy: SecondFactorStrategy) => void
}) {
  const factors: FactorJSON[] = signIn.supportedSecondFactors ?? []
  const others = [...new Set(factors.map((factor) => factor.strategy as SecondFactorStrategy))].filter(
    (candidate) => candidate !== strategy,
  )
  const instructions: Record<SecondFactorStrategy, string | null> = {
    totp: 'Enter the 6-digit code from your authenticator app.',
    phone_code: null,
    backup_code: 'Enter one of your backup codes. Each works once.',
  }
  return (
    <div className="space-y-4">
      <h2 className="font-semibold text-zinc-900">Two-step verification</h2>
      {instructions[strategy] && <p className="text-sm text-zinc-600">{instructions[strategy]}</p>}
      <CodeStep
        key={strategy}
        kind={strategy === 'backup_code' ? 'backup' : 'one-time'}
        verification={strategy === 'phone_code' ? signIn.secondFactorVerification : null}
        channel={strategy === 'phone_code' ? 'text message' : null}
        sendError={sendError}
        onResend={strategy === 'phone_code' ? onResend : null}
        attempt={async (code) => onResult(await $attemptSignInSecondFactor({ data: { strategy, code } }))}
        alternatives={
          others.length > 0 && (
            <div className="flex flex-wrap gap-x-4 gap-y-1">
              {others.map((other) => (
                <LinkButton key={other} onClick={() => onChoose(other)}>
                  {SECOND_FACTOR_LABEL[other]}
                </LinkButton>
              ))}
            </div>
          )
        }
      />
    </div>
  )
}
