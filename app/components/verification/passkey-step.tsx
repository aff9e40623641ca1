import { useState } from 'react'
import { passkeyErrorMessage } from '../../auth/passkeys.ts'
import { Alert } from '../ui/alert.tsx'
import { Button } from '../ui/button.tsx'
import { STRATEGY_COPY } from './strategies.ts'

/**
 * Verifies with a passkey: the browser's WebAuthn ceremony, run by `verify` (which also sends the
 * answer); a cancelled or failed ceremony says why and can be tried again (app/auth/passkeys.ts).
 */
export function PasskeyStep({ verify }: { verify: () => Promise<void> }) {
  const copy = STRATEGY_COPY.passkey
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  return (
    <div className="space-y-4">
      {error && <Alert>{error}</Alert>}
      <p className="text-sm text-zinc-600">{copy.instructions}</p>
      <Button
        className="w-full"
        pending={pending}
        onClick={async () => {
          setPending(true)
          setError(null)
          try {
            await verify()
          } catch (failure) {
            setError(passkeyErrorMessage(failure))
            setPending(false)
          }
        }}
      >
        {copy.action}
      </Button>
    </div>
  )
}
