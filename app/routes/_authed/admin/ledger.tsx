import { createFileRoute, useNavigate } from '@tanstack/react-router'
import * as z from 'zod'
import { personName } from '../../../auth/resources.ts'
import { PersonLink } from '../../../components/admin/person.tsx'
import { DeviceLabel } from '../../../components/device-label.tsx'
import { EVENT_TYPE_LABEL, eventTitle } from '../../../components/event-title.ts'
import { titled } from '../../../components/page-title.ts'
import { Pager } from '../../../components/pager.tsx'
import { pageParam } from '../../../components/search-params.ts'
import { Badge } from '../../../components/ui/badge.tsx'
import { Button } from '../../../components/ui/button.tsx'
import { Card } from '../../../components/ui/card.tsx'
import { cn } from '../../../components/ui/cn.ts'
import { selectClasses, TextField } from '../../../components/ui/field.tsx'
import { EmptyRow, Table, Td } from '../../../components/ui/table.tsx'
import { Time } from '../../../components/ui/time.tsx'
import { $listLedger } from '../../../functions/admin.functions.ts'
import { userIdSchema } from '../../../functions/schemas.ts'
import type { LedgerEventJSON } from '../../../session/admin-wire.ts'
import { SESSION_EVENT_TYPES } from '../../../session/events.ts'

export const Route = createFileRoute('/_authed/admin/ledger')({
  validateSearch: z.object({
    userId: userIdSchema.optional().catch(undefined),
    type: z.enum(SESSION_EVENT_TYPES).optional().catch(undefined),
    page: pageParam,
  }),
  loaderDeps: ({ search }) => search,
  loader: ({ deps }) => $listLedger({ data: { ...deps, page: deps.page ?? 0 } }),
  head: titled('Ledger · Admin'),
  component: LedgerPage,
})

const COLUMNS = ['When', 'What', 'User', 'By', 'From']

/** Who caused the event: a person (an admin says so), or Tessera itself. */
function ByCell({ event }: { event: LedgerEventJSON }) {
  return (
    <span className="flex flex-col gap-1">
      {event.actorUser ? (
        <span className="flex flex-wrap items-center gap-1.5">
          {personName(event.actorUser)}
          {event.actor === 'admin' && <Badge tone="indigo">Admin</Badge>}
        </span>
      ) : event.secretKey ? (
        <span className="flex flex-wrap items-center gap-1.5">
          {event.secretKey.name ?? event.secretKey.id}
          <Badge tone="indigo">Secret key</Badge>
        </span>
      ) : (
        <span className="text-zinc-500">{event.actor === 'system' ? 'Tessera' : 'Unknown'}</span>
      )}
      {event.impersonator && <Badge tone="amber">Impersonated by {personName(event.impersonator)}</Badge>}
    </span>
  )
}

/** Everyone's events, newest first: sessions, account changes, failed sign-ins and admin actions. */
function LedgerPage() {
  const { items, page, hasMore } = Route.useLoaderData()
  return (
    <div className="space-y-6">
      <Filters />
      <Card>
        <Table label="Ledger" columns={COLUMNS}>
          {items.length === 0 && <EmptyRow columns={COLUMNS.length}>No event matches these filters.</EmptyRow>}
          {items.map((event) => (
            <tr key={event.id}>
              <Td className="whitespace-nowrap">
                <Time value={event.createdAt} withSeconds />
              </Td>
              <Td className="max-w-sm">
                <span className="font-medium text-zinc-900">{eventTitle(event)}</span>
                {event.sessionId && <span className="block font-mono text-xs text-zinc-500">{event.sessionId}</span>}
              </Td>
              <Td>
                {event.user ? <PersonLink person={event.user} /> : <span className="text-zinc-500">Instance</span>}
              </Td>
              <Td className="whitespace-nowrap">
                <ByCell event={event} />
              </Td>
              <Td>
                <span className="block font-mono text-xs">{event.ipAddress ?? '—'}</span>
                {event.device && (
                  <span className="mt-1 block text-xs text-zinc-500">
                    <DeviceLabel device={event.device} />
                  </span>
                )}
              </Td>
            </tr>
          ))}
        </Table>
        <Pager page={page} hasMore={hasMore} />
      </Card>
    </div>
  )
}

function Filters() {
  const search = Route.useSearch()
  const navigate = useNavigate({ from: Route.fullPath })
  return (
    <form
      aria-label="Filter the ledger"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(event) => {
        event.preventDefault()
        const form = new FormData(event.currentTarget)
        const userId = String(form.get('userId') ?? '').trim() || undefined
        const type = SESSION_EVENT_TYPES.find((candidate) => candidate === form.get('type'))
        void navigate({ search: { userId, type } })
      }}
    >
      <TextField
        key={`user:${search.userId}`}
        label="User id"
        name="userId"
        defaultValue={search.userId ?? ''}
        placeholder="user_…"
        className="min-w-56 flex-1"
      />
      <label className="space-y-1.5 text-sm font-medium text-zinc-800">
        <span className="block">Event</span>
        <select
          key={`type:${search.type}`}
          name="type"
          defaultValue={search.type ?? ''}
          className={cn(selectClasses, 'max-w-72')}
        >
          <option value="">Any event</option>
          {SESSION_EVENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {EVENT_TYPE_LABEL[type]}
            </option>
          ))}
        </select>
      </label>
      <Button type="submit">Filter</Button>
    </form>
  )
}
