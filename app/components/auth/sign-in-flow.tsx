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
import {
  isCodeStrategy,
  isSecondFactorStrategy,
  SENT_SECOND_FACTOR_STRATEGIES,
  type Strategy,
} from '../../session/factors.ts'
import { IDENTIFIER_MAX_LENGTH } from '../../session/policy.ts'
import type { FactorJSON, SignInJSON, VerificationJSON } from '../../session/wire.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Button, LinkButton } from '../ui/button.tsx'
import { TextField } from '../ui/field.tsx'
import { type FactorActions, FactorStep } from '../verification/factor-step.tsx'
import { OtherWays } from '../verification/other-ways.tsx'
import { codeStrategyOf, STRATEGY_COPY } from '../verification/strategies.ts'
import { PasskeySignIn, passkeySignIn } from './passkey-sign-in.tsx'

type Step =
  | { kind: 'identifier' }
  /** `auto`: an enterprise IdP's step goes there at once (the first visit, not a reload). */
  | { kind: 'first_factor'; signIn: SignInJSON; factor: FactorJSON; auto: boolean }
  | { kind: 'second_factor'; signIn: SignInJSON; factor: FactorJSON }

/** The offered factor of this strategy (or the strategy alone, when the list does not name it). */
const factorOf = (factors: FactorJSON[], strategy: Strategy): FactorJSON =>
  factors.find((factor) => factor.strategy === strategy) ?? { strategy }

/** Where a sign-in in progress picks up: the code already sent, else the first factor offered. */
function stepFor(signIn: SignInJSON | null, auto = false): Step {
  if (!signIn) return { kind: 'identifier' }
  if (signIn.status === 'needs_second_factor') {
    const factors = signIn.supportedSecondFactors ?? []
    const sent = signIn.secondFactorVerification?.strategy
    const factor = sent ? factorOf(factors, sent) : (factors[0] ?? { strategy: 'totp' })
    return { kind: 'second_factor', signIn, factor }
  }
  const factors = signIn.supportedFirstFactors
  const sso = factors.find((factor) => factor.strategy === 'enterprise_sso')
  if (sso) return { kind: 'first_factor', signIn, factor: sso, auto }
  const sent = signIn.firstFactorVerification?.strategy
  const factor = sent && isCodeStrategy(sent) ? factorOf(factors, sent) : defaultFirstFactor(signIn)
  return { kind: 'first_factor', signIn, factor, auto: false }
}

function defaultFirstFactor(signIn: SignInJSON): FactorJSON {
  // By phone, a texted code is the natural first step; by email, the password (a code is one click away).
  const preferred: Strategy[] =
    signIn.identifierKind === 'phone_number' ? ['phone_code', 'password'] : ['password', 'email_code']
  const offered = signIn.supportedFirstFactors
  return (
    preferred.map((strategy) => offered.find((factor) => factor.strategy === strategy)).find(Boolean) ?? {
      strategy: 'password',
    }
  )
}

/** The step with the sign-in as the server now has it. */
const withSignIn = (step: Step, signIn: SignInJSON): Step => (step.kind === 'identifier' ? step : { ...step, signIn })

/** The outstanding verification of the step's factor, when its code went out. */
function sentFor(step: Step): VerificationJSON | null {
  if (step.kind === 'identifier') return null
  const sent = step.kind === 'first_factor' ? step.signIn.firstFactorVerification : step.signIn.secondFactorVerification
  return sent?.strategy === step.factor.strategy ? sent : null
}

/**
 * The call that sends the step's code, when the step takes a code that has not been sent (or, with
 * `again`, a new one); null for steps that send nothing.
 */
function sender(step: Step, again = false): (() => Promise<SignInJSON>) | null {
  if (step.kind === 'identifier' || (sentFor(step) && !again)) return null
  const { strategy, phoneNumberId } = step.factor
  if (step.kind === 'first_factor') {
    return isCodeStrategy(strategy) ? () => $prepareSignInFirstFactor({ data: { strategy } }) : null
  }
  const sentSecond = SENT_SECOND_FACTOR_STRATEGIES.find((candidate) => candidate === strategy)
  return sentSecond
    ? () => $prepareSignInSecondFactor({ data: { strategy: sentSecond, phoneNumberId: phoneNumberId ?? null } })
    : null
}

const notHere = (what: string) => () => Promise.reject(new Error(`${what} is not a step of this sign-in`))

/**
 * Identifier first, then a first factor (password, a code, or the enterprise IdP), then a second
 * factor for users who have one; a passkey skips all of it. Each step is a server call; the
 * attempt lives on the server, so a reload resumes it. The steps themselves are the shared
 * verification UI (components/verification/).
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

  /** Shows a step; a code step whose code has not gone out yet sends it first. */
  const go = async (next: Step, why: string | null = null) => {
    setSendError(null)
    setNotice(why)
    setStep(next)
    const send = sender(next)
    if (!send) return
    try {
      setStep(withSignIn(next, await send()))
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
      setStep(withSignIn(step, await send()))
    } catch (error) {
      setSendError(formErrors(error).form)
    }
  }

  if (step.kind === 'identifier') {
    return <IdentifierStep onCreated={(signIn) => go(stepFor(signIn, true))} onSignedIn={onSignedIn} />
  }

  const { signIn, factor } = step
  const choose = (next: FactorJSON, why: string | null = null) => go({ ...step, factor: next }, why)

  if (step.kind === 'second_factor') {
    const strategies = new Set<Strategy>()
    const others = (signIn.supportedSecondFactors ?? []).filter((candidate) => {
      if (candidate.strategy === factor.strategy || strategies.has(candidate.strategy)) return false
      strategies.add(candidate.strategy)
      return true
    })
    const actions: FactorActions = {
      code: async (code) => {
        if (!isSecondFactorStrategy(factor.strategy)) throw new Error(`${factor.strategy} is not a second factor`)
        await advance(await $attemptSignInSecondFactor({ data: { strategy: factor.strategy, code } }))
      },
      send: resend,
      password: notHere('A password'),
      passkey: notHere('A passkey'),
      redirect: notHere('An identity provider'),
    }
    return (
      <FactorFrame identifier={signIn.identifier} onChange={startOver}>
        <div className="space-y-4">
          <h2 className="font-semibold text-zinc-900">Two-step verification</h2>
          <FactorStep
            key={factor.strategy}
            factor={factor}
            purpose="sign_in"
            sent={sentFor(step)}
            sendError={sendError}
            actions={actions}
          />
          <OtherWays factors={others} onChoose={(other) => void choose(other)} />
        </div>
      </FactorFrame>
    )
  }

  const offered = signIn.supportedFirstFactors
  const password = offered.find((candidate) => candidate.strategy === 'password')
  const codeFactor = offered.find((candidate) => isCodeStrategy(candidate.strategy))
  const actions: FactorActions = {
    password: async (value) => {
      try {
        await advance(await $attemptSignInFirstFactor({ data: { strategy: 'password', password: value } }))
      } catch (error) {
        // A right but compromised password never signs in alone: a code proves it is the owner.
        const payload = toErrorPayload(error)
        if (payload?.code !== 'password_compromised' || !codeFactor) throw error
        await choose(codeFactor, payload.userMessage)
      }
    },
    code: async (code) =>
      advance(await $attemptSignInFirstFactor({ data: { strategy: codeStrategyOf(factor), code } })),
    passkey: async () => onSignedIn(await passkeySignIn()),
    redirect: async () => {
      const prepared = await $prepareSignInFirstFactor({
        data: { strategy: 'enterprise_sso', redirectUrl: redirectUrl ?? null },
      })
      const url = prepared.firstFactorVerification?.externalVerificationRedirectUrl
      if (!url) throw new Error('no IdP URL')
      return url
    },
    send: resend,
  }
  const codeCopy = codeFactor && isCodeStrategy(codeFactor.strategy) ? STRATEGY_COPY[codeFactor.strategy] : null
  const alternatives =
    factor.strategy === 'password' ? (
      codeFactor &&
      codeCopy && (
        <p className="text-center">
          <LinkButton onClick={() => void choose(codeFactor)}>{codeCopy.insteadOfPassword}</LinkButton>
        </p>
      )
    ) : isCodeStrategy(factor.strategy) && password ? (
      <LinkButton onClick={() => void choose(password)}>Use your password instead</LinkButton>
    ) : null
  return (
    <FactorFrame identifier={signIn.identifier} onChange={startOver}>
      {notice && <Alert tone="info">{notice}</Alert>}
      <FactorStep
        key={factor.strategy}
        factor={factor}
        purpose="sign_in"
        sent={sentFor(step)}
        sendError={sendError}
        autoRedirect={step.auto}
        identifier={signIn.identifier}
        actions={actions}
        alternatives={alternatives}
      />
    </FactorFrame>
  )
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
