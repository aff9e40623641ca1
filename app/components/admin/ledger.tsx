import { personName } from '../../auth/resources.ts'
import type { CursorPageJSON, LedgerEventJSON } from '../../session/admin-wire.ts'
import { SESSION_EVENT_TYPES, type SessionEventType } from '../../session/events.ts'
import { DeviceLabel } from '../device-label.tsx'
import { EVENT_TYPE_LABEL, eventTitle } from '../event-title.ts'
import { CursorPager, type CursorPageSearch } from '../pager.tsx'
import { Badge } from '../ui/badge.tsx'
import { Button } from '../ui/button.tsx'
import { Card } from '../ui/card.tsx'
import { TextField } from '../ui/field.tsx'
import { SelectField } from '../ui/select-field.tsx'
import { EmptyRow, Table, Td } from '../ui/table.tsx'
import { Time } from '../ui/time.tsx'
import { PersonLink } from './person.tsx'

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

/** Events, newest first: when, what, whose, by whom and from where. */
export function LedgerTable({
  events: { items, nextCursor },
  search,
}: {
  events: CursorPageJSON<LedgerEventJSON>
  /** What this page was loaded with: its filters and the cursor it starts after. */
  search: CursorPageSearch
}) {
  return (
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
            <Td>{event.user ? <PersonLink person={event.user} /> : <span className="text-zinc-500">Instance</span>}</Td>
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
      <CursorPager search={search} nextCursor={nextCursor} />
    </Card>
  )
}

/** The ledger's filters (the address bar's, validated by the route). */
export interface LedgerSearch {
  userId?: string
  type?: SessionEventType
}

/** Filters by user and event type; `onFilter` shows the first page with them. */
export function LedgerFilters({
  search,
  onFilter,
}: {
  search: LedgerSearch
  onFilter: (search: LedgerSearch) => void
}) {
  return (
    <form
      aria-label="Filter the ledger"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(event) => {
        event.preventDefault()
        const form = new FormData(event.currentTarget)
        const userId = String(form.get('userId') ?? '').trim() || undefined
        const type = SESSION_EVENT_TYPES.find((candidate) => candidate === form.get('type'))
        onFilter({ userId, type })
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
      <SelectField
        key={`type:${search.type}`}
        label="Event"
        name="type"
        defaultValue={search.type ?? ''}
        className="max-w-72"
        options={[
          { value: '', label: 'Any event' },
          ...SESSION_EVENT_TYPES.map((type) => ({ value: type, label: EVENT_TYPE_LABEL[type] })),
        ]}
      />
      <Button type="submit">Filter</Button>
    </form>
  )
}
