import { createFileRoute, Link } from '@tanstack/react-router'
import * as z from 'zod'
import { personName } from '../../../auth/resources.ts'
import { DeviceLabel } from '../../../components/device-label.tsx'
import { eventTitle } from '../../../components/event-title.ts'
import { PageHeader } from '../../../components/page-header.tsx'
import { titled } from '../../../components/page-title.ts'
import { CursorPager } from '../../../components/pager.tsx'
import { cursorParam } from '../../../components/search-params.ts'
import { Badge } from '../../../components/ui/badge.tsx'
import { Card } from '../../../components/ui/card.tsx'
import { Time } from '../../../components/ui/time.tsx'
import { $listMyActivity } from '../../../functions/devices.functions.ts'
import { ledgerIdSchema } from '../../../functions/schemas.ts'
import type { LedgerEventJSON } from '../../../session/admin-wire.ts'

export const Route = createFileRoute('/_authed/account/activity')({
  validateSearch: z.object({ after: cursorParam(ledgerIdSchema) }),
  loaderDeps: ({ search }) => search,
  loader: ({ deps }) => $listMyActivity({ data: { cursor: deps.after ?? null } }),
  head: titled('Account activity'),
  component: ActivityPage,
})

/** Who did it, when it was not simply you: an administrator, Tessera, or someone acting as you. */
function byLine(event: LedgerEventJSON): string | null {
  if (event.actor === 'admin') return `by ${event.actorUser ? personName(event.actorUser) : 'an administrator'}`
  if (event.actor === 'system') return 'by Tessera'
  return null
}

/** The signed-in user's own history, on every device: sign-ins, changes, and what others did to the account. */
function ActivityPage() {
  const { items, nextCursor } = Route.useLoaderData()
  const search = Route.useSearch()
  return (
    <main className="mx-auto max-w-3xl px-6 py-12">
      <Link to="/account/security" className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
        ← Security
      </Link>
      <div className="mt-4">
        <PageHeader
          title="Account activity"
          description="Everything that happened to your account and its sessions, newest first. If you do not recognise something, change your password and revoke your other devices."
        />
      </div>
      <Card className="mt-8">
        {items.length === 0 ? (
          <p className="px-5 py-8 text-center text-sm text-zinc-500">Nothing yet.</p>
        ) : (
          <ol aria-label="Activity" className="divide-y divide-zinc-100">
            {items.map((event) => {
              const by = byLine(event)
              return (
                <li key={event.id} className="px-5 py-4">
                  <p className="flex flex-wrap items-center gap-2 font-medium text-zinc-900">
                    {eventTitle(event)}
                    {event.actor === 'admin' && <Badge tone="indigo">Administrator</Badge>}
                  </p>
                  <p className="mt-1 text-sm text-zinc-500">
                    <Time value={event.createdAt} withSeconds />
                    {by && ` · ${by}`}
                    {event.ipAddress && ` · ${event.ipAddress}`}
                  </p>
                  {event.impersonator && (
                    <p className="mt-1.5">
                      <Badge tone="amber">Acting as you: {personName(event.impersonator)}</Badge>
                    </p>
                  )}
                  {event.device && (
                    <div className="mt-1 text-sm text-zinc-500">
                      <DeviceLabel device={event.device} />
                    </div>
                  )}
                  {event.sessionId && (
                    <Link
                      to="/account/sessions/$sessionId"
                      params={{ sessionId: event.sessionId }}
                      className="mt-1 inline-block text-sm font-medium text-indigo-600 hover:text-indigo-500"
                    >
                      Session history
                    </Link>
                  )}
                </li>
              )
            })}
          </ol>
        )}
        <CursorPager search={search} nextCursor={nextCursor} />
      </Card>
    </main>
  )
}
