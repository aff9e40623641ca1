import { browserSupportsWebAuthn } from '@simplewebauthn/browser'
import { type ReactNode, useCallback, useEffect, useState } from 'react'
import { errorMessage, toErrorPayload } from '../../auth/errors.ts'
import { useSession } from '../../auth/hooks.ts'
import { passkeyErrorMessage } from '../../auth/passkeys.ts'
import {
  type OpenReverification,
  ReverificationContext,
  type ReverificationOutcome,
  rememberSsoReverification,
  type SsoReverificationOutcome,
  takeSsoReverificationOutcome,
} from '../../auth/reverification.ts'
import type { SessionVerificationResource } from '../../auth/session.ts'
import { ERRORS } from '../../session/errors.ts'
import type { VerificationLevel } from '../../session/reverification.ts'
import type { FactorJSON } from '../../session/wire.ts'
import { ResendButton } from '../auth/resend-button.tsx'
import { useFormAction } from '../forms/use-form-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Button, LinkButton } from '../ui/button.tsx'
import { CodeField } from '../ui/code-field.tsx'
import { Dialog } from '../ui/dialog.tsx'
import { TextField } from '../ui/field.tsx'
import { Spinner } from '../ui/spinner.tsx'

interface Request {
  level: VerificationLevel
  resolve: (outcome: ReverificationOutcome) => void
}

/**
 * Owns the verification dialog that `useReverification` opens. Rendered once, by the root route.
 * It also greets a page the browser comes back to from a step-up at an enterprise IdP.
 */
export function ReverificationProvider({ children }: { children: ReactNode }) {
  const [request, setRequest] = useState<Request | null>(null)
  const [returned, setReturned] = useState<SsoReverificationOutcome | null>(null)
  // Reads the URL fragment and this tab's storage: only possible once in the browser. Without a
  // fragment nothing is set, so an ordinary page load does not render the whole app twice.
  useEffect(() => {
    if (window.location.hash) setReturned(takeSsoReverificationOutcome())
  }, [])
  const open = useCallback<OpenReverification>(
    ({ level }) => new Promise((resolve) => setRequest({ level, resolve })),
    [],
  )
  const finish = (outcome: ReverificationOutcome) => {
    request?.resolve(outcome)
    setRequest(null)
  }
  return (
    <ReverificationContext.Provider value={open}>
      {children}
      {request && <ReverificationDialog level={request.level} onFinish={finish} />}
      {returned && <SsoReturnNotice outcome={returned} onDismiss={() => setReturned(null)} />}
    </ReverificationContext.Provider>
  )
}

/**
 * Back from the IdP: the action that asked for the step-up did not run (the page was left), so the
 * person is told to do it again — the session is fresh now, so it goes through.
 */
function SsoReturnNotice({ outcome, onDismiss }: { outcome: SsoReverificationOutcome; onDismiss: () => void }) {
  const name = outcome.connectionName ?? 'your identity provider'
  const message =
    outcome.kind === 'error'
      ? `${ERRORS[outcome.code].userMessage} Nothing was changed.`
      : outcome.kind === 'complete'
        ? `You confirmed it's you with ${name}. Do what you were doing again: it will go through now.`
        : `You confirmed it's you with ${name}. Do what you were doing again and finish with your second factor.`
  return (
    <div className="fixed inset-x-0 bottom-6 z-40 mx-auto w-full max-w-lg px-4">
      <Alert
        tone={outcome.kind === 'error' ? 'error' : 'success'}
        title={outcome.kind === 'error' ? 'Verification did not complete' : 'Verified'}
      >
        <p>{message}</p>
        <LinkButton className="mt-2" onClick={onDismiss}>
          Dismiss
        </LinkButton>
      </Alert>
    </div>
  )
}

type Strategy = FactorJSON['strategy']

const STRATEGY_CHOICE: Record<Strategy, string> = {
  passkey: 'Use a passkey',
  password: 'Use your password',
  email_code: 'Email me a code',
  phone_code: 'Text me a code',
  totp: 'Use your authenticator app',
  backup_code: 'Use a backup code',
  enterprise_sso: 'Continue with single sign-on',
}

/** A factor's identity within a step: its strategy, and which address or number. */
const factorKey = (factor: FactorJSON) =>
  `${factor.strategy}:${factor.emailAddressId ?? factor.phoneNumberId ?? factor.enterpriseConnectionId ?? ''}`

/** The strongest factor offered first: the server lists them in that order; a passkey needs WebAuthn. */
function defaultFactor(factors: FactorJSON[], passkeysWork: boolean): FactorJSON | null {
  const usable = factors.filter((factor) => factor.strategy !== 'passkey' || passkeysWork)
  return usable.find((factor) => factor.primary !== false) ?? usable[0] ?? null
}

/**
 * "Confirm it's you": starts a verification at the level the server asked for, offers the
 * strongest factor first with a way to use another, and finishes when the verification completes.
 * A native modal dialog: focus stays inside, Escape and the close button cancel.
 */
function ReverificationDialog({
  level,
  onFinish,
}: {
  level: VerificationLevel
  onFinish: (outcome: ReverificationOutcome) => void
}) {
  const { session } = useSession()
  const [verification, setVerification] = useState<SessionVerificationResource | null>(null)
  const [factor, setFactor] = useState<FactorJSON | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [passkeysWork, setPasskeysWork] = useState(false)

  useEffect(() => {
    setPasskeysWork(browserSupportsWebAuthn())
    if (!session) return
    session
      .startVerification({ level })
      .then(setVerification)
      .catch((failure: unknown) => setError(describe(failure)))
  }, [session, level])

  const step = verification?.status === 'needs_second_factor' ? 'second' : 'first'
  const factors = (step === 'first' ? verification?.supportedFirstFactors : verification?.supportedSecondFactors) ?? []
  const chosen = factor ?? defaultFactor(factors, passkeysWork)

  /** The verification moved on: finished, or on to its second factor. */
  const moved = (next: SessionVerificationResource) => {
    if (next.status === 'complete') return onFinish('complete')
    setVerification(next)
    setFactor(null)
  }

  const send = async (target: FactorJSON) => {
    if (!session) return
    setError(null)
    try {
      if (target.strategy === 'email_code' && target.emailAddressId) {
        setVerification(
          await session.prepareFirstFactorVerification({
            strategy: 'email_code',
            emailAddressId: target.emailAddressId,
          }),
        )
      } else if (target.strategy === 'phone_code' && step === 'first' && target.phoneNumberId) {
        setVerification(
          await session.prepareFirstFactorVerification({ strategy: 'phone_code', phoneNumberId: target.phoneNumberId }),
        )
      } else if (target.strategy === 'phone_code') {
        setVerification(
          await session.prepareSecondFactorVerification({
            strategy: 'phone_code',
            phoneNumberId: target.phoneNumberId,
          }),
        )
      }
    } catch (failure) {
      setError(describe(failure))
    }
  }

  const choose = (next: FactorJSON) => {
    setFactor(next)
    setError(null)
    const sent = step === 'first' ? verification?.firstFactorVerification : verification?.secondFactorVerification
    const isCode = next.strategy === 'email_code' || next.strategy === 'phone_code'
    if (isCode && !(sent?.strategy === next.strategy && sent.status === 'unverified')) void send(next)
  }

  const others = factors.filter(
    (candidate) =>
      (!chosen || factorKey(candidate) !== factorKey(chosen)) && (candidate.strategy !== 'passkey' || passkeysWork),
  )

  return (
    <Dialog
      open
      onClose={() => onFinish('cancel')}
      title="Confirm it's you"
      description={
        step === 'second'
          ? 'One more step: confirm with your second factor to continue.'
          : 'For your security, confirm your identity to continue.'
      }
    >
      {error && (
        <div className="mb-4">
          <Alert>{error}</Alert>
        </div>
      )}
      {!verification || !session ? (
        !error && (
          <div className="flex justify-center py-8 text-zinc-400">
            <Spinner />
          </div>
        )
      ) : chosen ? (
        <FactorStep
          key={`${step}:${factorKey(chosen)}`}
          factor={chosen}
          step={step}
          verification={verification}
          onMoved={moved}
          onResend={() => send(chosen)}
          attempt={{
            password: (password) => session.attemptFirstFactorVerification({ strategy: 'password', password }),
            passkey: () => session.verifyWithPasskey(),
            enterpriseSso: () =>
              session.prepareFirstFactorVerification({
                strategy: 'enterprise_sso',
                redirectUrl: `${window.location.pathname}${window.location.search}`,
                enterpriseConnectionId: chosen.enterpriseConnectionId,
              }),
            code: (code) =>
              step === 'first'
                ? session.attemptFirstFactorVerification({
                    strategy: chosen.strategy as 'email_code' | 'phone_code',
                    code,
                  })
                : session.attemptSecondFactorVerification({
                    strategy: chosen.strategy as 'totp' | 'phone_code' | 'backup_code',
                    code,
                  }),
          }}
        />
      ) : (
        <Alert>There is no way to verify this account here. Sign out and sign in again instead.</Alert>
      )}
      {others.length > 0 && (
        <div className="mt-5 border-t border-zinc-100 pt-4">
          <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase">Or</p>
          <ul className="mt-2 flex flex-col items-start gap-2">
            {others.map((other) => (
              <li key={factorKey(other)}>
                <LinkButton onClick={() => choose(other)}>
                  {other.strategy === 'enterprise_sso' && other.enterpriseConnectionName
                    ? `Continue with ${other.enterpriseConnectionName}`
                    : STRATEGY_CHOICE[other.strategy]}
                  {other.safeIdentifier ? ` (${other.safeIdentifier})` : ''}
                </LinkButton>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Dialog>
  )
}

function describe(failure: unknown): string {
  const payload = toErrorPayload(failure)
  return payload ? errorMessage(payload) : 'Something went wrong. Please try again.'
}

interface Attempts {
  password: (password: string) => Promise<SessionVerificationResource>
  passkey: () => Promise<SessionVerificationResource>
  code: (code: string) => Promise<SessionVerificationResource>
  /** Prepares the trip to the enterprise IdP; the answer names where to send the browser. */
  enterpriseSso: () => Promise<SessionVerificationResource>
}

function FactorStep({
  factor,
  step,
  verification,
  onMoved,
  onResend,
  attempt,
}: {
  factor: FactorJSON
  step: 'first' | 'second'
  verification: SessionVerificationResource
  onMoved: (next: SessionVerificationResource) => void
  onResend: () => Promise<void>
  attempt: Attempts
}) {
  const { errors, pending, canSubmit, onSubmit } = useFormAction(async (form) => {
    const value = String(form.get(factor.strategy === 'password' ? 'password' : 'code') ?? '')
    onMoved(await (factor.strategy === 'password' ? attempt.password(value) : attempt.code(value)))
  })
  const [ceremonyError, setCeremonyError] = useState<string | null>(null)
  const [ceremonyPending, setCeremonyPending] = useState(false)

  if (factor.strategy === 'passkey') {
    return (
      <div className="space-y-4">
        {ceremonyError && <Alert>{ceremonyError}</Alert>}
        <p className="text-sm text-zinc-600">Use the passkey on this device, or on your phone.</p>
        <Button
          className="w-full"
          pending={ceremonyPending}
          onClick={async () => {
            setCeremonyPending(true)
            setCeremonyError(null)
            try {
              onMoved(await attempt.passkey())
            } catch (failure) {
              setCeremonyError(passkeyErrorMessage(failure))
              setCeremonyPending(false)
            }
          }}
        >
          Use your passkey
        </Button>
      </div>
    )
  }

  if (factor.strategy === 'enterprise_sso') {
    const name = factor.enterpriseConnectionName ?? 'your identity provider'
    return (
      <div className="space-y-4">
        {ceremonyError && <Alert>{ceremonyError}</Alert>}
        <p className="text-sm text-zinc-600">
          Sign in at {name} again. You will come back to this page; then do what you were doing once more.
        </p>
        <Button
          className="w-full"
          pending={ceremonyPending}
          onClick={async () => {
            setCeremonyPending(true)
            setCeremonyError(null)
            try {
              const prepared = await attempt.enterpriseSso()
              const url = prepared.firstFactorVerification?.externalVerificationRedirectUrl
              if (!url) throw new Error('no IdP URL')
              rememberSsoReverification({ path: window.location.pathname, connectionName: name })
              window.location.assign(url)
            } catch (failure) {
              setCeremonyError(describe(failure))
              setCeremonyPending(false)
            }
          }}
        >
          Continue with {name}
        </Button>
      </div>
    )
  }

  const outstanding = step === 'first' ? verification.firstFactorVerification : verification.secondFactorVerification
  const isSentCode = factor.strategy === 'email_code' || factor.strategy === 'phone_code'
  const sent = outstanding?.strategy === factor.strategy && outstanding.status === 'unverified' ? outstanding : null
  if (isSentCode && !sent) {
    return (
      <div className="space-y-4">
        <p className="text-sm text-zinc-600">We will send a 6-digit code to {factor.safeIdentifier ?? 'you'}.</p>
        <Button className="w-full" onClick={() => void onResend()}>
          Send code
        </Button>
      </div>
    )
  }
  const instructions: Partial<Record<Strategy, string>> = {
    totp: 'Enter the 6-digit code from your authenticator app.',
    backup_code: 'Enter one of your backup codes. Each works once.',
  }
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      {errors.form && <Alert>{errors.form}</Alert>}
      {factor.strategy === 'password' ? (
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          autoFocus
          error={errors.fields.password}
        />
      ) : (
        <>
          <p className="text-sm text-zinc-600">
            {sent
              ? `We sent a 6-digit code to ${sent.safeIdentifier}. It works for 10 minutes.`
              : instructions[factor.strategy]}
          </p>
          <CodeField
            kind={factor.strategy === 'backup_code' ? 'backup' : 'one-time'}
            label={factor.strategy === 'backup_code' ? 'Backup code' : 'Verification code'}
            error={errors.fields.code}
          />
        </>
      )}
      <div className="flex flex-wrap items-center justify-between gap-3">
        {isSentCode ? (
          <ResendButton nextResendAt={sent?.nextResendAt ?? null} onResend={() => void onResend()} />
        ) : (
          <span />
        )}
        <Button type="submit" pending={pending} disabled={!canSubmit}>
          Continue
        </Button>
      </div>
    </form>
  )
}
