import { useState } from 'react'
import { formErrors } from '../../auth/errors.ts'
import type { OAuthStrategy } from '../../session/factors.ts'
import { Alert } from '../ui/alert.tsx'
import { Button } from '../ui/button.tsx'
import { STRATEGY_COPY } from './strategies.ts'

/**
 * "Continue with Google / GitHub / Microsoft": one button per social strategy the instance offers
 * (ADR 034), in sign-in and sign-up alike. `onChoose` starts the trip (the resource's
 * `authenticateWithRedirect`); the page is left, and the provider's callback brings the person back.
 */
export function SocialButtons({
  strategies,
  onChoose,
}: {
  strategies: readonly OAuthStrategy[]
  onChoose: (strategy: OAuthStrategy) => Promise<void>
}) {
  const [pending, setPending] = useState<OAuthStrategy | null>(null)
  const [error, setError] = useState<string | null>(null)
  if (strategies.length === 0) return null
  return (
    <div className="space-y-3">
      {error && <Alert>{error}</Alert>}
      {strategies.map((strategy) => (
        <Button
          key={strategy}
          variant="secondary"
          className="w-full"
          pending={pending === strategy}
          disabled={pending !== null && pending !== strategy}
          onClick={async () => {
            setPending(strategy)
            setError(null)
            try {
              await onChoose(strategy)
            } catch (failure) {
              setError(formErrors(failure).form ?? 'Something went wrong. Please try again.')
              setPending(null)
            }
          }}
        >
          {STRATEGY_COPY[strategy].choice(null)}
        </Button>
      ))}
      <div className="flex items-center gap-3 text-xs font-medium tracking-wide text-zinc-500 uppercase">
        <span className="h-px flex-1 bg-zinc-200" />
        or
        <span className="h-px flex-1 bg-zinc-200" />
      </div>
    </div>
  )
}
