import type { ReactNode } from 'react'
import type { FactorJSON } from '../../session/wire.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Button } from '../ui/button.tsx'
import { TextField } from '../ui/field.tsx'
import { CodeForm, type SentCode } from './code-form.tsx'
import { LinkStep } from './link-step.tsx'
import { PasskeyStep } from './passkey-step.tsx'
import { type RedirectPurpose, RedirectStep } from './redirect-step.tsx'
import { STRATEGY_COPY, type StrategyCopy, unsentCodeInstructions } from './strategies.ts'

/** What a flow does for each kind of step: its server calls, behind one shape. */
export interface FactorActions {
  password: (password: string) => Promise<void>
  code: (code: string) => Promise<void>
  passkey: () => Promise<void>
  /** Prepares the trip to the identity provider; answers where to send the browser. */
  redirect: () => Promise<string>
  /** Sends (or sends again) the chosen sent code, or the sent link (and waits for it to be opened). */
  send: () => Promise<void>
}

/**
 * One factor's step, whatever the flow (sign-in, step-up): chosen by the strategy's kind in
 * STRATEGY_COPY, so a strategy of a new kind does not compile until this says how it is verified.
 */
export function FactorStep({
  factor,
  purpose,
  sent,
  sendError = null,
  sendOnRequest = false,
  autoRedirect = false,
  identifier,
  actions,
  alternatives,
}: {
  factor: FactorJSON
  purpose: RedirectPurpose
  /** The code that went out for this factor, when it has. */
  sent: SentCode | null
  sendError?: string | null
  /** A sent code waits for "Send code" instead of being on its way already. */
  sendOnRequest?: boolean
  autoRedirect?: boolean
  /** Who is signing in, for password managers (a hidden username field). */
  identifier?: string
  actions: FactorActions
  alternatives?: ReactNode
}) {
  const copy: StrategyCopy = STRATEGY_COPY[factor.strategy]
  switch (copy.kind) {
    case 'password':
      return (
        <PasswordForm
          identifier={identifier}
          submitLabel={purpose === 'sign_in' ? 'Sign in' : 'Continue'}
          attempt={actions.password}
          alternatives={alternatives}
        />
      )
    case 'sent_code':
      if (!sent && sendOnRequest) {
        return (
          <div className="space-y-4">
            {sendError && <Alert>{sendError}</Alert>}
            <p className="text-sm text-zinc-600">{unsentCodeInstructions(copy, factor.safeIdentifier)}</p>
            <Button className="w-full" onClick={() => void actions.send()}>
              Send code
            </Button>
            {alternatives}
          </div>
        )
      }
      return (
        <CodeForm
          copy={copy}
          sent={sent}
          sendError={sendError}
          onResend={actions.send}
          attempt={actions.code}
          alternatives={alternatives}
        />
      )
    case 'sent_link':
      return (
        <LinkStep copy={copy} sent={sent} sendError={sendError} onResend={actions.send} alternatives={alternatives} />
      )
    case 'held_code':
      return <CodeForm copy={copy} attempt={actions.code} alternatives={alternatives} />
    case 'passkey':
      return <PasskeyStep verify={actions.passkey} />
    case 'redirect':
      return (
        <RedirectStep
          providerName={factor.enterpriseConnectionName ?? null}
          purpose={purpose}
          auto={autoRedirect}
          redirect={actions.redirect}
        />
      )
    default:
      return copy satisfies never
  }
}

function PasswordForm({
  identifier,
  submitLabel,
  attempt,
  alternatives,
}: {
  identifier?: string
  submitLabel: string
  attempt: (password: string) => Promise<void>
  alternatives?: ReactNode
}) {
  const { errors, pending, canSubmit, onSubmit } = useFormAction(async (form) =>
    attempt(String(form.get('password') ?? '')),
  )
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
      {errors.form && <Alert>{errors.form}</Alert>}
      {/* Password managers pair the password with the account through this hidden username. */}
      {identifier && <input type="text" name="username" autoComplete="username" value={identifier} readOnly hidden />}
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
        {submitLabel}
      </Button>
      {alternatives}
    </form>
  )
}
