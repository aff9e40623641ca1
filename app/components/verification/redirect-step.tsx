import { useCallback, useEffect, useRef, useState } from 'react'
import { formErrors } from '../../auth/errors.ts'
import { Alert } from '../ui/alert.tsx'
import { Button } from '../ui/button.tsx'
import { STRATEGY_COPY } from './strategies.ts'

/** Why the browser goes to the identity provider, in each flow that sends it there. */
export type RedirectPurpose = 'sign_in' | 'step_up'

/**
 * Sends the browser to an identity provider (enterprise SSO): `redirect` prepares the trip and
 * answers where to go; the page is left, and the provider's callback brings the person back. With
 * `auto` it goes at once (the sign-in's first visit), otherwise on the button.
 */
export function RedirectStep({
  providerName,
  purpose,
  auto = false,
  redirect,
}: {
  providerName: string | null
  purpose: RedirectPurpose
  auto?: boolean
  redirect: () => Promise<string>
}) {
  const [pending, setPending] = useState(auto)
  const [error, setError] = useState<string | null>(null)
  const started = useRef(false)
  const name = providerName ?? 'your identity provider'

  const go = useCallback(async () => {
    setPending(true)
    setError(null)
    try {
      window.location.assign(await redirect())
    } catch (failure) {
      setError(formErrors(failure).form ?? 'Something went wrong. Please try again.')
      setPending(false)
    }
  }, [redirect])

  useEffect(() => {
    if (!auto || started.current) return
    started.current = true
    void go()
  }, [auto, go])

  const sentence =
    purpose === 'step_up'
      ? `Sign in at ${name} again. You will come back to this page; then do what you were doing once more.`
      : pending
        ? `Taking you to ${name} to sign in…`
        : `Your organization signs you in with ${name}.`
  return (
    <div className="space-y-5">
      {error && <Alert>{error}</Alert>}
      <p className="text-sm text-zinc-600">{sentence}</p>
      <Button className="w-full" pending={pending} onClick={() => void go()}>
        {STRATEGY_COPY.enterprise_sso.choice(providerName)}
      </Button>
    </div>
  )
}
