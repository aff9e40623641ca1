import { createFileRoute, Link } from '@tanstack/react-router'
import { DeviceLabel } from '../../../components/device-label.tsx'
import { eventTitle } from '../../../components/event-title.ts'
import { titled } from '../../../components/page-title.ts'
import { SessionStatusBadge } from '../../../components/session-status-badge.tsx'
import { Card } from '../../../components/ui/card.tsx'
import { Fact } from '../../../components/ui/fact.tsx'
import { Time } from '../../../components/ui/time.tsx'
import { $getSessionTimeline } from '../../../functions/devices.functions.ts'
import type { SessionEventJSON } from '../../../session/wire.ts'

export const Route = createFileRoute('/_authed/account/sessions/$sessionId')({
  loader: ({ params }) => $getSessionTimeline({ data: { sessionId: params.sessionId } }),
  head: titled('Session history'),
  component: SessionDetail,
})

const ACTOR_LABEL: Record<SessionEventJSON['actor'], string> = {
  user: 'You',
  admin: 'An administrator',
  system: 'Tessera',
  secret_key: "The app's backend",
}

function SessionDetail() {
  const { session, events } = Route.useLoaderData()
  return (
    <main className="mx-auto max-w-3xl px-6 py-12">
      <Link to="/account/security" className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
        ← Devices
      </Link>
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <h1 className="text-3xl font-bold tracking-tight text-zinc-900">Session history</h1>
        <SessionStatusBadge status={session.status} />
      </div>
      <Card className="mt-8 p-6">
        <dl className="grid gap-4 text-sm sm:grid-cols-2">
          <Fact label="Device">
            <DeviceLabel device={session.device} />
          </Fact>
          <Fact label="Address">{session.ipAddress ?? 'Unknown'}</Fact>
          <Fact label="Signed in">
            <Time value={session.createdAt} />
          </Fact>
          <Fact label="Last active">
            <Time value={session.lastActiveAt} />
          </Fact>
          <Fact label={session.endedAt ? 'Ended' : 'Expires'}>
            <Time value={session.endedAt ?? session.expireAt} />
          </Fact>
          <Fact label="Session id">
            <code className="font-mono text-xs">{session.id}</code>
          </Fact>
        </dl>
      </Card>
      <h2 className="mt-10 text-lg font-semibold text-zinc-900">Timeline</h2>
      <ol aria-label="Timeline" className="mt-4 border-l-2 border-zinc-200 pl-6">
        {events.map((event) => (
          <li key={event.id} className="relative pb-6 last:pb-0">
            <span
              className="absolute top-1.5 -left-[31px] size-3 rounded-full bg-white ring-2 ring-indigo-500"
              aria-hidden="true"
            />
            <p className="font-medium text-zinc-900">{eventTitle(event)}</p>
            <p className="text-sm text-zinc-500">
              <Time value={event.createdAt} withSeconds /> · {ACTOR_LABEL[event.actor]}
              {event.ipAddress && ` · ${event.ipAddress}`}
            </p>
            {event.device && (
              <div className="mt-1 text-sm text-zinc-500">
                <DeviceLabel device={event.device} />
              </div>
            )}
          </li>
        ))}
      </ol>
    </main>
  )
}
