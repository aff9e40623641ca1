import { createFileRoute, useNavigate } from '@tanstack/react-router'
import { useState } from 'react'
import * as z from 'zod'
import { PersonLink } from '../../../components/admin/person.tsx'
import { useAdmin } from '../../../components/admin/use-admin.ts'
import { DeviceLabel } from '../../../components/device-label.tsx'
import { titled } from '../../../components/page-title.ts'
import { Pager } from '../../../components/pager.tsx'
import { pageParam } from '../../../components/search-params.ts'
import { SessionStatusBadge } from '../../../components/session-status-badge.tsx'
import { ConfirmDialog } from '../../../components/settings/confirm-dialog.tsx'
import { SettingsSection } from '../../../components/settings/settings-section.tsx'
import { useSettingsAction } from '../../../components/settings/use-settings-action.ts'
import { Alert } from '../../../components/ui/alert.tsx'
import { Badge } from '../../../components/ui/badge.tsx'
import { Button } from '../../../components/ui/button.tsx'
import { Card } from '../../../components/ui/card.tsx'
import { selectClasses, TextField } from '../../../components/ui/field.tsx'
import { EmptyRow, Table, Td } from '../../../components/ui/table.tsx'
import { Time } from '../../../components/ui/time.tsx'
import { $listAdminSessions, $revokeAllSessions, $revokeSessionAsAdmin } from '../../../functions/admin.functions.ts'
import { clientIdSchema, userIdSchema } from '../../../functions/schemas.ts'
import type { AdminSessionJSON } from '../../../session/admin-wire.ts'
import { isSignedInStatus, SESSION_STATUSES } from '../../../session/status.ts'

export const Route = createFileRoute('/_authed/admin/sessions')({
  validateSearch: z.object({
    userId: userIdSchema.optional().catch(undefined),
    status: z.enum(SESSION_STATUSES).optional().catch(undefined),
    clientId: clientIdSchema.optional().catch(undefined),
    page: pageParam,
  }),
  loaderDeps: ({ search }) => search,
  loader: ({ deps }) => $listAdminSessions({ data: { ...deps, page: deps.page ?? 0 } }),
  head: titled('Sessions · Admin'),
  component: SessionsPage,
})

const COLUMNS = ['User', 'Device', 'Address', 'Status', 'Last active', 'Signed in', '']

/** Every session of the instance, most recently active first, with revocation. */
function SessionsPage() {
  const { items, page, hasMore } = Route.useLoaderData()
  const admin = useAdmin()
  const { error, run, pending } = useSettingsAction()
  const [revoking, setRevoking] = useState<AdminSessionJSON | null>(null)
  const canRevoke = admin.can('admin:manage_sessions')
  return (
    <div className="space-y-6">
      <Filters />
      {error && <Alert>{error}</Alert>}
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
        <Pager page={page} hasMore={hasMore} />
      </Card>
      {canRevoke && <RevokeEverything />}
      {revoking && (
        <ConfirmDialog
          title="Revoke this session?"
          description={`${revoking.user.name ?? revoking.user.email ?? 'The user'} is signed out of it at its next request, and can sign in again.`}
          confirmLabel="Revoke"
          pending={pending === revoking.id}
          onClose={() => setRevoking(null)}
          onConfirm={() =>
            run(revoking.id, () => $revokeSessionAsAdmin({ data: { sessionId: revoking.id } })).then(() =>
              setRevoking(null),
            )
          }
        />
      )}
    </div>
  )
}

function Filters() {
  const search = Route.useSearch()
  const navigate = useNavigate({ from: Route.fullPath })
  const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim() || undefined
  return (
    <form
      aria-label="Filter sessions"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(event) => {
        event.preventDefault()
        const form = new FormData(event.currentTarget)
        const status = SESSION_STATUSES.find((candidate) => candidate === form.get('status'))
        void navigate({ search: { userId: text(form, 'userId'), clientId: text(form, 'clientId'), status } })
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
        <span className="block">Status</span>
        <select
          key={`status:${search.status}`}
          name="status"
          defaultValue={search.status ?? ''}
          className={selectClasses}
        >
          <option value="">Any</option>
          {SESSION_STATUSES.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </label>
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
function RevokeEverything() {
  const [confirming, setConfirming] = useState(false)
  const [revoked, setRevoked] = useState<number | null>(null)
  const { error, run, pending } = useSettingsAction()
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
        (error || revoked !== null) && (
          <Alert tone={error ? 'error' : 'success'}>
            {error ?? `${revoked} ${revoked === 1 ? 'session was' : 'sessions were'} revoked.`}
          </Alert>
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
          pending={pending === 'all'}
          onClose={() => setConfirming(false)}
          onConfirm={() =>
            run('all', async () => {
              setRevoked((await $revokeAllSessions()).revoked)
              setConfirming(false)
            })
          }
        />
      )}
    </SettingsSection>
  )
}
