import { useState } from 'react'
import { $revokeAllSessions, $revokeSessionAsAdmin } from '../../functions/admin.functions.ts'
import type { AdminSessionJSON, CursorPageJSON } from '../../session/admin-wire.ts'
import { isSignedInStatus, SESSION_STATUSES, type SessionStatus } from '../../session/status.ts'
import { DeviceLabel } from '../device-label.tsx'
import { CursorPager, type CursorPageSearch } from '../pager.tsx'
import { SessionStatusBadge } from '../session-status-badge.tsx'
import { ConfirmDialog } from '../settings/confirm-dialog.tsx'
import { SettingsSection } from '../settings/settings-section.tsx'
import { Alert } from '../ui/alert.tsx'
import { Badge } from '../ui/badge.tsx'
import { Button } from '../ui/button.tsx'
import { Card } from '../ui/card.tsx'
import { TextField } from '../ui/field.tsx'
import { SelectField } from '../ui/select-field.tsx'
import { EmptyRow, Table, Td } from '../ui/table.tsx'
import { Time } from '../ui/time.tsx'
import { PersonLink } from './person.tsx'

const COLUMNS = ['User', 'Device', 'Address', 'Status', 'Last active', 'Signed in', '']

/** Sessions, most recently active first, with revocation (`canRevoke`) of any but the admin's own. */
export function SessionsTable({
  sessions: { items, nextCursor },
  canRevoke,
  search,
}: {
  sessions: CursorPageJSON<AdminSessionJSON>
  canRevoke: boolean
  /** What this page was loaded with: its filters and the cursor it starts after. */
  search: CursorPageSearch
}) {
  const [revoking, setRevoking] = useState<AdminSessionJSON | null>(null)
  return (
    <>
      <Card>
        <Table label="Sessions" columns={COLUMNS}>
          {items.length === 0 && <EmptyRow columns={COLUMNS.length}>No session matches these filters.</EmptyRow>}
          {items.map((session) => (
            <tr key={session.id}>
              <Td>
                <PersonLink person={session.user} />
                {session.actor && (
                  <p className="mt-1.5">
                    <Badge tone="amber">
                      {session.actor.type === 'agent'
                        ? `Agent ${session.actor.sub}`
                        : `Impersonated by ${session.actorName ?? session.actor.sub}`}
                    </Badge>
                  </p>
                )}
              </Td>
              <Td className="whitespace-nowrap">
                <DeviceLabel device={session.device} />
              </Td>
              <Td className="font-mono text-xs">{session.ipAddress ?? '—'}</Td>
              <Td>
                <span className="flex flex-wrap gap-1.5">
                  <SessionStatusBadge status={session.status} />
                  {session.current && <Badge tone="indigo">You</Badge>}
                </span>
              </Td>
              <Td className="whitespace-nowrap">
                <Time value={session.lastActiveAt} />
              </Td>
              <Td className="whitespace-nowrap">
                <Time value={session.createdAt} />
              </Td>
              <Td className="text-right">
                {canRevoke && isSignedInStatus(session.status) && !session.current && (
                  <Button
                    size="sm"
                    variant="secondary"
                    aria-label={`Revoke session ${session.id}`}
                    onClick={() => setRevoking(session)}
                  >
                    Revoke
                  </Button>
                )}
              </Td>
            </tr>
          ))}
        </Table>
        <CursorPager search={search} nextCursor={nextCursor} />
      </Card>
      {revoking && (
        <ConfirmDialog
          title="Revoke this session?"
          description={`${revoking.user.name ?? revoking.user.email ?? 'The user'} is signed out of it at its next request, and can sign in again.`}
          confirmLabel="Revoke"
          onClose={() => setRevoking(null)}
          onConfirm={() => $revokeSessionAsAdmin({ data: { sessionId: revoking.id } })}
        />
      )}
    </>
  )
}

/** The sessions list's filters (the address bar's, validated by the route). */
export interface SessionSearch {
  userId?: string
  status?: SessionStatus
  clientId?: string
}

/** Filters by user, status and client; `onFilter` shows the first page with them. */
export function SessionFilters({
  search,
  onFilter,
}: {
  search: SessionSearch
  onFilter: (search: SessionSearch) => void
}) {
  const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim() || undefined
  return (
    <form
      aria-label="Filter sessions"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(event) => {
        event.preventDefault()
        const form = new FormData(event.currentTarget)
        const status = SESSION_STATUSES.find((candidate) => candidate === form.get('status'))
        onFilter({ userId: text(form, 'userId'), clientId: text(form, 'clientId'), status })
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
        key={`status:${search.status}`}
        label="Status"
        name="status"
        defaultValue={search.status ?? ''}
        options={[{ value: '', label: 'Any' }, ...SESSION_STATUSES.map((status) => ({ value: status, label: status }))]}
      />
      <TextField
        key={`client:${search.clientId}`}
        label="Client id"
        name="clientId"
        defaultValue={search.clientId ?? ''}
        placeholder="client_…"
        className="min-w-56 flex-1"
      />
      <Button type="submit">Filter</Button>
    </form>
  )
}

/** The response to a suspected breach: everyone but the admin signs in again. */
export function RevokeEverythingSection() {
  const [confirming, setConfirming] = useState(false)
  const [revoked, setRevoked] = useState<number | null>(null)
  return (
    <SettingsSection
      id="revoke-everything"
      title="Revoke all sessions"
      description="Signs everyone out of every device, except you in this session. Use it when sessions may have been stolen."
      action={
        <Button variant="danger" size="sm" onClick={() => setConfirming(true)}>
          Revoke all sessions
        </Button>
      }
      alert={
        revoked !== null && (
          <Alert tone="success">{`${revoked} ${revoked === 1 ? 'session was' : 'sessions were'} revoked.`}</Alert>
        )
      }
    >
      <p className="px-5 py-4 text-sm text-zinc-500">
        Each session is signed out at its next request. Everyone can sign in again at once; to keep someone out, ban
        them instead.
      </p>
      {confirming && (
        <ConfirmDialog
          title="Revoke every session?"
          description="Every signed-in user on every device is signed out, except you in this session. This cannot be undone."
          confirmLabel="Revoke all sessions"
          onClose={() => setConfirming(false)}
          onConfirm={async () => setRevoked((await $revokeAllSessions()).revoked)}
        />
      )}
    </SettingsSection>
  )
}
