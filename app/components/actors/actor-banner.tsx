import { useState } from 'react'
import { formErrors } from '../../auth/errors.ts'
import { useSession } from '../../auth/index.ts'
import { displayName } from '../../auth/resources.ts'
import { $stopImpersonation } from '../../functions/actors.functions.ts'
import { Button } from '../ui/button.tsx'

/**
 * Shown on every page while someone else acts in this session: an impersonating admin gets a
 * persistent banner with a way out; an agent's session gets a distinct notice. Rendered from the
 * session's `actor` (its JWT's `act` claim), so it cannot be missed or hidden by a page.
 */
export function ActorBanner() {
  const { session } = useSession()
  const [stopping, setStopping] = useState(false)
  const [error, setError] = useState<string | null>(null)
  if (!session?.actor) return null
  const name = displayName(session.publicUserData)

  if (session.agent) {
    return (
      <div role="status" className="bg-sky-700 px-6 py-2 text-center text-sm text-white">
        Agent session: <strong>{String(session.agent.name ?? session.agent.sub)}</strong> is acting for {name}.
      </div>
    )
  }

  const stop = async () => {
    setStopping(true)
    setError(null)
    try {
      const { restored, userId } = await $stopImpersonation()
      // A full load: the browser's cookies now name another client, and every tab state must follow.
      window.location.assign(restored ? `/admin/users/${userId}` : '/sign-in')
    } catch (failure) {
      setError(formErrors(failure).form)
      setStopping(false)
    }
  }
  return (
    <div role="alert" className="bg-amber-400 px-6 py-2 text-sm text-amber-950">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-center gap-x-4 gap-y-1">
        <span>
          You are impersonating <strong>{name}</strong>
          {typeof session.actor.name === 'string' && <> as {session.actor.name}</>}. Everything you do is recorded.
        </span>
        <Button size="sm" variant="secondary" onClick={stop} disabled={stopping}>
          {stopping ? 'Stopping…' : 'Stop impersonating'}
        </Button>
        {error && <span>{error}</span>}
      </div>
    </div>
  )
}
