import { Link, useRouter } from '@tanstack/react-router'
import { useState } from 'react'
import { formErrors } from '../../auth/errors.ts'
import { useReverification } from '../../auth/reverification.ts'
import { $listDevices, $revokeOtherSessions, $revokeSession } from '../../functions/devices.functions.ts'
import type { ActorJSON } from '../../session/actors.ts'
import type { DeviceSessionJSON, DevicesPage } from '../../session/wire.ts'
import { DeviceLabel } from '../device-label.tsx'
import { Alert } from '../ui/alert.tsx'
import { Badge } from '../ui/badge.tsx'
import { Button } from '../ui/button.tsx'
import { Card } from '../ui/card.tsx'
import { Dialog } from '../ui/dialog.tsx'
import { Time } from '../ui/time.tsx'

/** Who else acts in a session: an agent by its name, an impersonating admin by theirs. */
function ActorBadge({ actor }: { actor: ActorJSON }) {
  const name = typeof actor.name === 'string' ? actor.name : actor.sub
  return actor.type === 'agent' ? (
    <Badge tone="sky">Agent: {name}</Badge>
  ) : (
    <Badge tone="amber">Impersonated by {name}</Badge>
  )
}

type Confirming = { kind: 'one'; session: DeviceSessionJSON } | { kind: 'others' } | null

/**
 * Where the account is signed in, a page at a time ("Show more devices"), with revocation of one
 * device or all the others. `page` is the first page, from the route's loader.
 */
export function DevicesSection({ page }: { page: DevicesPage }) {
  const router = useRouter()
  const [confirming, setConfirming] = useState<Confirming>(null)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // The pages loaded after the first; started over whenever the loader reads the first page again.
  const [more, setMore] = useState<{
    after: DevicesPage
    sessions: DeviceSessionJSON[]
    nextCursor: string | null
  }>()
  const [loadingMore, setLoadingMore] = useState(false)
  const extra = more?.after === page ? more : undefined
  const sessions = extra ? [...page.sessions, ...extra.sessions] : page.sessions
  const nextCursor = extra ? extra.nextCursor : page.nextCursor
  const othersCount = Math.max(page.total - 1, 0)

  const showMore = async () => {
    if (!nextCursor) return
    setLoadingMore(true)
    setError(null)
    try {
      const next = await $listDevices({ data: { cursor: nextCursor } })
      setMore({ after: page, sessions: [...(extra?.sessions ?? []), ...next.sessions], nextCursor: next.nextCursor })
    } catch (failure) {
      setError(formErrors(failure).form)
    } finally {
      setLoadingMore(false)
    }
  }
  const revokeOne = useReverification((sessionId: string) => $revokeSession({ data: { sessionId } }))
  const revokeOthers = useReverification(() => $revokeOtherSessions())

  const confirm = async () => {
    if (!confirming) return
    setPending(true)
    setError(null)
    try {
      if (confirming.kind === 'one') await revokeOne(confirming.session.id)
      else await revokeOthers()
      setConfirming(null)
      await router.invalidate()
    } catch (failure) {
      setError(formErrors(failure).form)
    } finally {
      setPending(false)
    }
  }

  return (
    <section aria-labelledby="devices" className="mt-10">
      <div className="flex items-center justify-between gap-4">
        <div>
          <h2 id="devices" className="text-lg font-semibold text-zinc-900">
            Devices
          </h2>
          <p className="mt-1 text-sm text-zinc-600">
            Where your account is signed in. Revoke anything you do not recognise.
          </p>
        </div>
        {othersCount > 0 && (
          <Button variant="secondary" size="sm" onClick={() => setConfirming({ kind: 'others' })}>
            Revoke all other devices
          </Button>
        )}
      </div>
      {error && !confirming && (
        <div className="mt-4">
          <Alert>{error}</Alert>
        </div>
      )}
      <Card className="mt-4">
        <ul aria-label="Signed-in devices" className="divide-y divide-zinc-100">
          {sessions.map((session) => (
            <li
              key={session.id}
              aria-label={session.current ? 'This device' : 'Other device'}
              className="flex flex-wrap items-center gap-4 px-5 py-4"
            >
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2 font-medium text-zinc-900">
                  <DeviceLabel device={session.device} />
                  {session.current && <Badge tone="indigo">This device</Badge>}
                  {session.actor && <ActorBadge actor={session.actor} />}
                </div>
                <p className="mt-1 text-sm text-zinc-500">
                  {session.ipAddress ?? 'Unknown address'} · last active <Time value={session.lastActiveAt} /> · signed
                  in <Time value={session.createdAt} />
                </p>
              </div>
              <div className="flex gap-2">
                <Link
                  to="/account/sessions/$sessionId"
                  params={{ sessionId: session.id }}
                  className="rounded-lg px-3 py-1.5 text-sm font-semibold text-zinc-700 hover:bg-zinc-100"
                >
                  Details
                </Link>
                {!session.current && (
                  <Button size="sm" variant="secondary" onClick={() => setConfirming({ kind: 'one', session })}>
                    Revoke
                  </Button>
                )}
              </div>
            </li>
          ))}
        </ul>
        {nextCursor && (
          <div className="border-t border-zinc-100 px-5 py-3 text-center">
            <Button variant="secondary" size="sm" pending={loadingMore} onClick={showMore}>
              Show more devices ({page.total - sessions.length} more)
            </Button>
          </div>
        )}
      </Card>

      <Dialog
        open={confirming !== null}
        onClose={() => setConfirming(null)}
        title={confirming?.kind === 'others' ? 'Revoke all other devices?' : 'Revoke this device?'}
        description={
          confirming?.kind === 'one'
            ? 'It will be signed out at its next request. You can sign in there again at any time.'
            : `${othersCount} other ${othersCount === 1 ? 'device' : 'devices'} will be signed out at their next request. This device stays signed in.`
        }
      >
        {error && (
          <div className="mb-4">
            <Alert>{error}</Alert>
          </div>
        )}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirming(null)}>
            Cancel
          </Button>
          <Button variant="danger" pending={pending} onClick={confirm}>
            Revoke
          </Button>
        </div>
      </Dialog>
    </section>
  )
}
