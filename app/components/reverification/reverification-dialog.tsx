import { browserSupportsWebAuthn } from '@simplewebauthn/browser'
import { type ReactNode, useCallback, useEffect, useState } from 'react'
import { errorMessage, toErrorPayload } from '../../auth/errors.ts'
import { useSession } from '../../auth/hooks.ts'
import {
  type OpenReverification,
  ReverificationContext,
  type ReverificationOutcome,
  rememberSsoReverification,
  type SsoReverificationOutcome,
  takeSsoReverificationOutcome,
} from '../../auth/reverification.ts'
import type { SessionVerificationResource, SignedInSessionResource } from '../../auth/session.ts'
import { ERRORS } from '../../session/errors.ts'
import {
  isSecondFactorStrategy,
  SENT_SECOND_FACTOR_STRATEGIES,
  VERIFICATION_CODE_STRATEGIES,
  type VerificationCodeStrategy,
} from '../../session/factors.ts'
import type { VerificationLevel } from '../../session/reverification.ts'
import type { CodeTarget, FactorJSON } from '../../session/wire.ts'
import { Alert } from '../ui/alert.tsx'
import { LinkButton } from '../ui/button.tsx'
import { Dialog } from '../ui/dialog.tsx'
import { Spinner } from '../ui/spinner.tsx'
import { type FactorActions, FactorStep } from '../verification/factor-step.tsx'
import { factorKey, OtherWays } from '../verification/other-ways.tsx'
import { codeStrategyOf, STRATEGY_COPY } from '../verification/strategies.ts'

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

/** The strongest factor offered first: the server lists them in that order; a passkey needs WebAuthn. */
function defaultFactor(factors: FactorJSON[], passkeysWork: boolean): FactorJSON | null {
  const usable = factors.filter((factor) => factor.strategy !== 'passkey' || passkeysWork)
  return usable.find((factor) => factor.primary !== false) ?? usable[0] ?? null
}

/** Which of the user's identifiers a step-up code goes to, for each code strategy, from the factor on offer. */
const CODE_TARGET: {
  [S in VerificationCodeStrategy]: (factor: FactorJSON) => Extract<CodeTarget, { strategy: S }> | null
} = {
  email_code: (factor) =>
    factor.emailAddressId ? { strategy: 'email_code', emailAddressId: factor.emailAddressId } : null,
  phone_code: (factor) =>
    factor.phoneNumberId ? { strategy: 'phone_code', phoneNumberId: factor.phoneNumberId } : null,
}

/** Sends the code of a sent-code factor, at the verification's step (null: the factor sends nothing). */
function prepare(
  session: SignedInSessionResource,
  step: 'first' | 'second',
  target: FactorJSON,
): Promise<SessionVerificationResource> | null {
  if (step === 'second') {
    const strategy = SENT_SECOND_FACTOR_STRATEGIES.find((candidate) => candidate === target.strategy)
    return strategy ? session.prepareSecondFactorVerification({ strategy, phoneNumberId: target.phoneNumberId }) : null
  }
  const strategy = VERIFICATION_CODE_STRATEGIES.find((candidate) => candidate === target.strategy)
  const code = strategy ? CODE_TARGET[strategy](target) : null
  return code ? session.prepareFirstFactorVerification(code) : null
}

/**
 * "Confirm it's you": starts a verification at the level the server asked for, offers the
 * strongest factor first (a passkey, where this browser can use one: it stands for both factors)
 * with a way to use another, and finishes when the verification completes. The steps are the
 * shared verification UI (components/verification/). A native modal dialog: focus stays inside,
 * Escape and the close button cancel.
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
  const outstanding = step === 'first' ? verification?.firstFactorVerification : verification?.secondFactorVerification

  /** The code that went out for `target` at this step and is still to be answered. */
  const sentFor = (target: FactorJSON) =>
    outstanding?.strategy === target.strategy && outstanding.status === 'unverified' ? outstanding : null

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
      const prepared = prepare(session, step, target)
      if (prepared) setVerification(await prepared)
    } catch (failure) {
      setError(describe(failure))
    }
  }

  const choose = (next: FactorJSON) => {
    setFactor(next)
    setError(null)
    if (STRATEGY_COPY[next.strategy].kind === 'sent_code' && !sentFor(next)) void send(next)
  }

  const others = factors.filter(
    (candidate) =>
      (!chosen || factorKey(candidate) !== factorKey(chosen)) && (candidate.strategy !== 'passkey' || passkeysWork),
  )

  const actions = (active: SignedInSessionResource, target: FactorJSON): FactorActions => ({
    password: async (password) =>
      moved(await active.attemptFirstFactorVerification({ strategy: 'password', password })),
    code: async (code) => {
      if (step === 'first') {
        const strategy = VERIFICATION_CODE_STRATEGIES.find((candidate) => candidate === codeStrategyOf(target))
        if (!strategy) throw new Error(`${target.strategy} takes no step-up code`)
        moved(await active.attemptFirstFactorVerification({ strategy, code }))
        return
      }
      if (!isSecondFactorStrategy(target.strategy)) throw new Error(`${target.strategy} is not a second factor`)
      moved(await active.attemptSecondFactorVerification({ strategy: target.strategy, code }))
    },
    // A user-verifying passkey is both factors: it is offered, and answers, at either step.
    passkey: async () => moved(await active.verifyWithPasskey()),
    redirect: async () => {
      const prepared = await active.prepareFirstFactorVerification({
        strategy: 'enterprise_sso',
        redirectUrl: `${window.location.pathname}${window.location.search}`,
        enterpriseConnectionId: target.enterpriseConnectionId,
      })
      const url = prepared.firstFactorVerification?.externalVerificationRedirectUrl
      if (!url) throw new Error('no IdP URL')
      rememberSsoReverification({
        path: window.location.pathname,
        connectionName: target.enterpriseConnectionName ?? 'your identity provider',
      })
      return url
    },
    send: () => send(target),
  })

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
          purpose="step_up"
          sent={sentFor(chosen)}
          sendOnRequest
          actions={actions(session, chosen)}
        />
      ) : (
        <Alert>There is no way to verify this account here. Sign out and sign in again instead.</Alert>
      )}
      <OtherWays factors={others} onChoose={choose} />
    </Dialog>
  )
}

function describe(failure: unknown): string {
  const payload = toErrorPayload(failure)
  return payload ? errorMessage(payload) : 'Something went wrong. Please try again.'
}
