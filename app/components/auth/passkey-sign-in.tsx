import { browserSupportsWebAuthn, browserSupportsWebAuthnAutofill, WebAuthnAbortService } from '@simplewebauthn/browser'
import { useEffect, useState } from 'react'
import { isCeremonyCancelled, passkeyErrorMessage } from '../../auth/passkeys.ts'
import { Alert } from '../ui/alert.tsx'
import { Button } from '../ui/button.tsx'

/**
 * "Sign in with a passkey", and the same offered in the identifier field's autofill where the
 * browser supports it (conditional mediation). Both need no identifier: the passkey names the
 * account. Shown only where the browser can use passkeys at all.
 */
export function PasskeySignIn({
  signInWithPasskey,
}: {
  /** `signIn.authenticateWithPasskey()` (with `autofill`: the `autofill` flow), then on. */
  signInWithPasskey: (autofill: boolean) => Promise<void>
}) {
  const [supported, setSupported] = useState(false)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    setSupported(browserSupportsWebAuthn())
    let active = true
    browserSupportsWebAuthnAutofill()
      .then(async (autofill) => {
        if (!autofill || !active) return
        await signInWithPasskey(true)
      })
      .catch((failure: unknown) => {
        if (active && !isCeremonyCancelled(failure)) setError(passkeyErrorMessage(failure))
      })
    return () => {
      active = false
      WebAuthnAbortService.cancelCeremony()
    }
  }, [signInWithPasskey])

  if (!supported) return null
  return (
    <div className="space-y-4">
      <div className="flex items-center gap-3 text-xs font-medium tracking-wide text-zinc-500 uppercase">
        <span className="h-px flex-1 bg-zinc-200" />
        or
        <span className="h-px flex-1 bg-zinc-200" />
      </div>
      {error && <Alert>{error}</Alert>}
      <Button
        variant="secondary"
        className="w-full"
        pending={pending}
        onClick={async () => {
          setPending(true)
          setError(null)
          try {
            await signInWithPasskey(false)
          } catch (failure) {
            setError(passkeyErrorMessage(failure))
            setPending(false)
          }
        }}
      >
        <PasskeyIcon />
        Sign in with a passkey
      </Button>
    </div>
  )
}

function PasskeyIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" className="size-5" aria-hidden="true">
      <circle cx="9" cy="8" r="4" />
      <path strokeLinecap="round" d="M2 20c0-3.3 3.1-6 7-6 1.3 0 2.5.3 3.5.8" />
      <circle cx="17.5" cy="14.5" r="2.5" />
      <path strokeLinecap="round" strokeLinejoin="round" d="M17.5 17v4l1.5-1-1.5-1.5" />
    </svg>
  )
}
