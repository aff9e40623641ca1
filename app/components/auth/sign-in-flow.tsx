import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react'
import { useSignInFrom } from '../../auth/attempts.ts'
import { emailLinkFlow } from '../../auth/email-link-flow.ts'
import { formErrors, toErrorPayload } from '../../auth/errors.ts'
import type { SignIn, SignInVerificationResource } from '../../auth/sign-in.ts'
import {
  isCodeStrategy,
  isLinkStrategy,
  isResetPasswordStrategy,
  isSecondFactorStrategy,
  type OAuthStrategy,
  SENT_SECOND_FACTOR_STRATEGIES,
  type Strategy,
} from '../../session/factors.ts'
import { IDENTIFIER_MAX_LENGTH } from '../../session/policy.ts'
import { AFTER_SIGN_IN_PATH } from '../../session/redirect.ts'
import type { FactorJSON, SignInJSON } from '../../session/wire.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Button, LinkButton } from '../ui/button.tsx'
import { TextField } from '../ui/field.tsx'
import { type FactorActions, FactorStep } from '../verification/factor-step.tsx'
import { NewPasswordStep } from '../verification/new-password-step.tsx'
import { OtherWays } from '../verification/other-ways.tsx'
import { SocialButtons } from '../verification/social-buttons.tsx'
import { codeStrategyOf, STRATEGY_COPY } from '../verification/strategies.ts'
import { PasskeySignIn } from './passkey-sign-in.tsx'

type Step =
  | { kind: 'identifier' }
  /** `auto`: an enterprise IdP's step goes there at once (the first visit, not a reload). */
  | { kind: 'first_factor'; factor: FactorJSON; auto: boolean }
  | { kind: 'second_factor'; factor: FactorJSON }
  /** A password-reset code passed: the new password is next. */
  | { kind: 'new_password' }

/** The offered factor of this strategy (or the strategy alone, when the list does not name it). */
const factorOf = (factors: readonly FactorJSON[], strategy: Strategy): FactorJSON =>
  factors.find((factor) => factor.strategy === strategy) ?? { strategy }

/** Where the sign-in picks up: the code already sent, else the first factor offered. */
function stepFor(signIn: SignIn, auto = false): Step {
  if (signIn.status === 'needs_new_password') return { kind: 'new_password' }
  if (signIn.status === 'needs_second_factor') {
    const factors: FactorJSON[] = signIn.supportedSecondFactors ?? []
    const sent = signIn.secondFactorVerification.strategy
    const factor = sent ? factorOf(factors, sent) : (factors[0] ?? { strategy: 'totp' })
    return { kind: 'second_factor', factor }
  }
  if (signIn.status !== 'needs_first_factor') return { kind: 'identifier' }
  const factors: FactorJSON[] = signIn.supportedFirstFactors ?? []
  const sso = factors.find((factor) => factor.strategy === 'enterprise_sso')
  if (sso) return { kind: 'first_factor', factor: sso, auto }
  const sent = signIn.firstFactorVerification.strategy
  const factor =
    sent && (isCodeStrategy(sent) || isLinkStrategy(sent))
      ? factorOf(factors, sent)
      : defaultFirstFactor(signIn, factors)
  return { kind: 'first_factor', factor, auto: false }
}

function defaultFirstFactor(signIn: SignIn, offered: FactorJSON[]): FactorJSON {
  // By phone, a texted code is the natural first step; by email, the password (a code is one click away).
  const preferred: Strategy[] =
    signIn.identifierKind === 'phone_number' ? ['phone_code', 'password'] : ['password', 'email_code']
  return (
    preferred.map((strategy) => offered.find((factor) => factor.strategy === strategy)).find(Boolean) ?? {
      strategy: 'password',
    }
  )
}

/** The outstanding verification of the step's factor, when its code went out. */
function sentFor(signIn: SignIn, step: Step): SignInVerificationResource | null {
  if (step.kind === 'identifier' || step.kind === 'new_password') return null
  const sent = step.kind === 'first_factor' ? signIn.firstFactorVerification : signIn.secondFactorVerification
  return sent.status !== null && sent.strategy === step.factor.strategy ? sent : null
}

/**
 * The call that sends the step's code, when the step takes a code that has not been sent (or, with
 * `again`, a new one); null for steps that send nothing. A link is sent by `sendLink`, which also
 * waits for it to be opened.
 */
function sender(
  signIn: SignIn,
  step: Step,
  again: boolean,
  sendLink: () => Promise<void>,
): (() => Promise<unknown>) | null {
  if (step.kind === 'identifier' || step.kind === 'new_password' || (sentFor(signIn, step) && !again)) return null
  const { strategy, phoneNumberId } = step.factor
  if (step.kind === 'first_factor') {
    if (isLinkStrategy(strategy)) return sendLink
    return isCodeStrategy(strategy) ? () => signIn.prepareFirstFactor({ strategy }) : null
  }
  const sentSecond = SENT_SECOND_FACTOR_STRATEGIES.find((candidate) => candidate === strategy)
  return sentSecond ? () => signIn.prepareSecondFactor({ strategy: sentSecond, phoneNumberId }) : null
}

/** The sign-in page, keeping where it lands. */
export function signInPageUrl(redirectUrl: string): string {
  return redirectUrl === AFTER_SIGN_IN_PATH
    ? '/sign-in'
    : `/sign-in?${new URLSearchParams({ redirect_url: redirectUrl })}`
}

const notHere = (what: string) => () => Promise.reject(new Error(`${what} is not a step of this sign-in`))

/**
 * Identifier first, then a first factor (password, a code, or the enterprise IdP), then a second
 * factor for users who have one; a passkey skips all of it. Built on the `SignIn` resource
 * (app/auth/sign-in.ts) exactly as a custom flow is: each step is one of its methods, and a
 * completed sign-in ends with `setActive`. The attempt lives on the server, so a reload resumes
 * it. The steps themselves are the shared verification UI (components/verification/).
 */
export function SignInFlow({
  initial,
  redirectUrl,
  socialStrategies = [],
}: {
  initial: SignInJSON | null
  /** Where the sign-in lands; an enterprise IdP sends the browser back there. */
  redirectUrl: string
  /** "Continue with …" buttons above the identifier (ADR 034). */
  socialStrategies?: readonly OAuthStrategy[]
}) {
  const { signIn, setActive } = useSignInFrom(initial)
  const [step, setStep] = useState<Step>(() => stepFor(signIn))
  const [sendError, setSendError] = useState<string | null>(null)
  /** Why the flow moved to another factor on its own (a compromised password). */
  const [notice, setNotice] = useState<string | null>(null)

  const finish = async (sessionId: string) => setActive({ session: sessionId, redirectUrl })
  // The passkey autofill waits for the whole life of the identifier step: it needs a stable callback.
  const latestFinish = useRef(finish)
  latestFinish.current = finish
  const signInWithPasskey = useCallback(
    async (autofill: boolean) => {
      const done = await signIn.authenticateWithPasskey({ flow: autofill ? 'autofill' : 'discoverable' })
      if (done.createdSessionId) await latestFinish.current(done.createdSessionId)
    },
    [signIn],
  )

  /** The email link being waited for: stopped when the step changes or the page goes. */
  const linkFlow = useRef<(() => void) | null>(null)
  const stopLink = () => {
    linkFlow.current?.()
    linkFlow.current = null
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: on unmount only
  useEffect(() => stopLink, [])

  /**
   * Emails the sign-in link (the resource's `startEmailLinkFlow`) and, once it is sent, waits in the
   * background for it to be opened: then the sign-in completes here, or moves to its second factor.
   * No `redirectUrl`: the page the link opens says what happened itself.
   */
  const sendLink = async () => {
    stopLink()
    const { startEmailLinkFlow, cancelEmailLinkFlow } = signIn.createEmailLinkFlow()
    linkFlow.current = cancelEmailLinkFlow
    waitForLink(startEmailLinkFlow({ emailAddressId: '', redirectUrl: '' }))
  }

  /** When the link is opened (or runs out): signed in, on to the second factor, or say so. */
  const waitForLink = (opened: Promise<SignIn>) => {
    opened.then(
      async (result) => {
        if (result.firstFactorVerification.status === 'expired') {
          setSendError('The link has expired. Send a new one.')
          return
        }
        await advance(result)
      },
      (error: unknown) => setSendError(formErrors(error).form),
    )
  }

  // A page reloaded while its link was out: wait for it again (nothing is sent).
  const waitingForLink =
    step.kind === 'first_factor' && isLinkStrategy(step.factor.strategy) && sentFor(signIn, step) !== null
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per waiting step; the callbacks read the latest state
  useEffect(() => {
    if (!waitingForLink || linkFlow.current) return
    const resumed = emailLinkFlow(
      async () => undefined,
      () => signIn.checkEmailLink(),
      (result) => result.status !== 'needs_first_factor' || result.firstFactorVerification.status !== 'unverified',
    )
    linkFlow.current = resumed.cancelEmailLinkFlow
    waitForLink(resumed.startEmailLinkFlow(undefined))
  }, [waitingForLink])

  /** Shows a step; a code step whose code has not gone out yet sends it first. */
  const go = async (next: Step, why: string | null = null) => {
    stopLink()
    setSendError(null)
    setNotice(why)
    setStep(next)
    const send = sender(signIn, next, false, sendLink)
    if (!send) return
    try {
      await send()
    } catch (error) {
      setSendError(formErrors(error).form)
    }
  }

  /** After a step: signed in, or on to the step the sign-in now needs. */
  const advance = async (result: SignIn) => {
    if (result.status === 'complete' && result.createdSessionId) return finish(result.createdSessionId)
    await go(stepFor(result))
  }

  const startOver = async () => {
    await signIn.cancel()
    await go({ kind: 'identifier' })
  }

  const resend = async () => {
    const send = sender(signIn, step, true, sendLink)
    if (!send) return
    setSendError(null)
    try {
      await send()
    } catch (error) {
      setSendError(formErrors(error).form)
    }
  }

  if (step.kind === 'identifier') {
    return (
      <div className="space-y-6">
        <SocialButtons
          strategies={socialStrategies}
          onChoose={(strategy) =>
            signIn.authenticateWithRedirect({
              strategy,
              // More to do (a second factor) or a failure: back here, where the sign-in resumes.
              redirectUrl: signInPageUrl(redirectUrl),
              redirectUrlComplete: redirectUrl,
            })
          }
        />
        <IdentifierStep
          onIdentifier={async (identifier) => go(stepFor(await signIn.create({ identifier }), true))}
          onPasskey={signInWithPasskey}
        />
      </div>
    )
  }

  const identifier = signIn.identifier ?? ''

  if (step.kind === 'new_password') {
    return (
      <FactorFrame identifier={identifier} onChange={startOver}>
        <NewPasswordStep
          identifier={identifier}
          reset={async (choice) => advance(await signIn.resetPassword(choice))}
        />
      </FactorFrame>
    )
  }

  const { factor } = step
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
        await advance(await signIn.attemptSecondFactor({ strategy: factor.strategy, code }))
      },
      send: resend,
      password: notHere('A password'),
      passkey: notHere('A passkey'),
      redirect: notHere('An identity provider'),
    }
    return (
      <FactorFrame identifier={identifier} onChange={startOver}>
        <div className="space-y-4">
          <h2 className="font-semibold text-zinc-900">Two-step verification</h2>
          <FactorStep
            key={factor.strategy}
            factor={factor}
            purpose="sign_in"
            sent={sentFor(signIn, step)}
            sendError={sendError}
            actions={actions}
          />
          <OtherWays factors={others} onChoose={(other) => void choose(other)} />
        </div>
      </FactorFrame>
    )
  }

  const offered: FactorJSON[] = signIn.supportedFirstFactors ?? []
  const password = offered.find((candidate) => candidate.strategy === 'password')
  const codeFactor = offered.find(
    (candidate) => isCodeStrategy(candidate.strategy) && !isResetPasswordStrategy(candidate.strategy),
  )
  const resetFactor = offered.find((candidate) => isResetPasswordStrategy(candidate.strategy))
  const linkFactor = offered.find((candidate) => isLinkStrategy(candidate.strategy))
  const actions: FactorActions = {
    password: async (value) => {
      try {
        await advance(await signIn.attemptFirstFactor({ strategy: 'password', password: value }))
      } catch (error) {
        // A right but compromised password never signs in alone: a code proves it is the owner.
        const payload = toErrorPayload(error)
        if (payload?.code !== 'password_compromised' || !codeFactor) throw error
        await choose(codeFactor, payload.userMessage)
      }
    },
    code: async (code) => advance(await signIn.attemptFirstFactor({ strategy: codeStrategyOf(factor), code })),
    passkey: () => signInWithPasskey(false),
    redirect: async () => {
      await signIn.prepareFirstFactor({ strategy: 'enterprise_sso', redirectUrl })
      const url = signIn.firstFactorVerification.externalVerificationRedirectURL
      if (!url) throw new Error('no IdP URL')
      return url.href
    },
    send: resend,
  }
  // "Forgot password?" (prove the identifier with a code, then choose a new password), then the other ways in.
  const instead = [resetFactor, codeFactor, linkFactor].filter((candidate) => candidate !== undefined)
  const alternatives =
    factor.strategy === 'password' ? (
      instead.length > 0 && (
        <div className="flex flex-wrap items-center justify-center gap-x-6 gap-y-2">
          {instead.map((candidate) => {
            const copy = STRATEGY_COPY[candidate.strategy]
            return 'insteadOfPassword' in copy ? (
              <LinkButton key={candidate.strategy} onClick={() => void choose(candidate)}>
                {copy.insteadOfPassword}
              </LinkButton>
            ) : null
          })}
        </div>
      )
    ) : (isCodeStrategy(factor.strategy) || isLinkStrategy(factor.strategy)) && password ? (
      <LinkButton onClick={() => void choose(password)}>Use your password instead</LinkButton>
    ) : null
  return (
    <FactorFrame identifier={identifier} onChange={startOver}>
      {notice && <Alert tone="info">{notice}</Alert>}
      {isResetPasswordStrategy(factor.strategy) && <h2 className="font-semibold text-zinc-900">Reset your password</h2>}
      <FactorStep
        key={factor.strategy}
        factor={factor}
        purpose="sign_in"
        sent={sentFor(signIn, step)}
        sendError={sendError}
        autoRedirect={step.auto}
        identifier={identifier}
        actions={actions}
        alternatives={alternatives}
      />
    </FactorFrame>
  )
}

function IdentifierStep({
  onIdentifier,
  onPasskey,
}: {
  onIdentifier: (identifier: string) => Promise<void>
  onPasskey: (autofill: boolean) => Promise<void>
}) {
  const { errors, pending, canSubmit, onSubmit } = useFormAction(async (form) =>
    onIdentifier(String(form.get('identifier') ?? '')),
  )
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
      <PasskeySignIn signInWithPasskey={onPasskey} />
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
        <LinkButton className="shrink-0" onClick={() => void onChange()}>
          Change
        </LinkButton>
      </div>
      {children}
    </div>
  )
}
