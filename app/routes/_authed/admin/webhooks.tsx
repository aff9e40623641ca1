import { createFileRoute, Link, useNavigate, useRouter } from '@tanstack/react-router'
import { useState } from 'react'
import { useFormAction } from '../../../components/forms/use-form-action.ts'
import { titled } from '../../../components/page-title.ts'
import { ConfirmDialog } from '../../../components/settings/confirm-dialog.tsx'
import { SettingsRow, SettingsSection } from '../../../components/settings/settings-section.tsx'
import { useSettingsAction } from '../../../components/settings/use-settings-action.ts'
import { Alert } from '../../../components/ui/alert.tsx'
import { Badge, type BadgeTone } from '../../../components/ui/badge.tsx'
import { Button, buttonClasses } from '../../../components/ui/button.tsx'
import { Card } from '../../../components/ui/card.tsx'
import { Dialog } from '../../../components/ui/dialog.tsx'
import { TextField } from '../../../components/ui/field.tsx'
import { Time } from '../../../components/ui/time.tsx'
import {
  $createWebhookEndpoint,
  $deleteWebhookEndpoint,
  $listWebhookDeliveries,
  $listWebhookEndpoints,
  $retryWebhookDelivery,
  $rotateWebhookSecret,
  $updateWebhookEndpoint,
} from '../../../functions/webhooks.functions.ts'
import { isPublicId } from '../../../session/identifiers.ts'
import {
  WEBHOOK_DESCRIPTION_MAX_LENGTH,
  WEBHOOK_RETENTION_SECONDS,
  WEBHOOK_RETRY_DELAYS_SECONDS,
  WEBHOOK_URL_MAX_LENGTH,
} from '../../../session/policy.ts'
import {
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_EVENT_TYPES,
  type WebhookDeliveryJSON,
  type WebhookDeliveryStatus,
  type WebhookEndpointJSON,
  type WebhookEventType,
} from '../../../session/webhooks.ts'

interface DeliverySearch {
  endpointId?: string
  status?: WebhookDeliveryStatus
  before?: number
}

/** The delivery log's filters and page, from the address bar; anything malformed is dropped. */
function validateSearch(search: Record<string, unknown>): DeliverySearch {
  const { endpointId, status, before } = search
  return {
    ...(typeof endpointId === 'string' && isPublicId('webhookEndpoint', endpointId) && { endpointId }),
    ...(WEBHOOK_DELIVERY_STATUSES.some((known) => known === status) && { status: status as WebhookDeliveryStatus }),
    ...(typeof before === 'number' && Number.isSafeInteger(before) && before > 0 && { before }),
  }
}

/**
 * Webhook endpoints and the delivery log. Admins with `admin:read` see both; changing anything
 * needs `admin:manage_instance` (the buttons are hidden without it; the server checks either way).
 */
export const Route = createFileRoute('/_authed/admin/webhooks')({
  validateSearch,
  loaderDeps: ({ search }) => search,
  loader: async ({ deps }) => {
    const [endpoints, log] = await Promise.all([$listWebhookEndpoints(), $listWebhookDeliveries({ data: deps })])
    return { endpoints, log }
  },
  head: titled('Webhooks · Admin'),
  component: WebhooksPage,
})

const EVENT_LABEL: Record<WebhookEventType, string> = {
  'session.created': 'A session starts (sign-in, sign-up, impersonation)',
  'session.pending': 'A session owes a task',
  'session.active': 'A session’s tasks are done',
  'session.ended': 'A session ends: ended by its user, expired, inactive, or replaced by a new sign-in',
  'session.removed': 'A session is signed out, or removed from its browser’s list',
  'session.revoked': 'A session is revoked (by its user, an admin, a password or factor change)',
  'user.created': 'An account is created',
  'user.updated': 'An account’s identifiers or factors change',
  'user.deleted': 'An account is deleted',
}

const RETRYING_HOURS = Math.round(WEBHOOK_RETRY_DELAYS_SECONDS.reduce((sum, delay) => sum + delay, 0) / 3600)
const RETENTION_DAYS = Math.round(WEBHOOK_RETENTION_SECONDS / 86_400)

const STATUS_TONE: Record<WebhookDeliveryStatus, BadgeTone> = {
  pending: 'amber',
  succeeded: 'green',
  failed: 'red',
}

function WebhooksPage() {
  const { admin } = Route.useRouteContext()
  const { endpoints, log } = Route.useLoaderData()
  const canManage = admin.permissions.includes('admin:manage_instance')
  return (
    <>
      <p className="max-w-3xl text-sm text-zinc-600">
        Tessera posts session and account events to these URLs, signed as{' '}
        <a className="font-medium text-indigo-600 hover:text-indigo-500" href="https://www.standardwebhooks.com">
          Standard Webhooks
        </a>
        . An event is recorded with the change it announces, then delivered at least once: a failed delivery is retried
        for about {RETRYING_HOURS} hours, then can be retried from the log below.
      </p>
      <EndpointsSection endpoints={endpoints} canManage={canManage} />
      <DeliveriesSection endpoints={endpoints} log={log} canManage={canManage} />
    </>
  )
}

// ---------------------------------------------------------------------------------------------
// Endpoints

function EndpointsSection({ endpoints, canManage }: { endpoints: WebhookEndpointJSON[]; canManage: boolean }) {
  const { error, run, pending } = useSettingsAction()
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null)
  const [deleting, setDeleting] = useState<WebhookEndpointJSON | null>(null)
  const [rotating, setRotating] = useState<WebhookEndpointJSON | null>(null)
  return (
    <SettingsSection
      id="endpoints"
      title="Endpoints"
      description="Each endpoint receives the events it subscribes to, signed with its own secret."
      alert={error && <Alert>{error}</Alert>}
    >
      {endpoints.length === 0 ? (
        <p className="px-5 py-4 text-sm text-zinc-600">No endpoints yet: nothing is sent.</p>
      ) : (
        <ul aria-label="Endpoints" className="divide-y divide-zinc-100">
          {endpoints.map((endpoint) => (
            <SettingsRow
              key={endpoint.id}
              label={endpoint.url}
              title={<span className="font-mono text-sm break-all">{endpoint.url}</span>}
              badges={
                <>
                  {endpoint.enabled ? <Badge tone="green">Enabled</Badge> : <Badge>Disabled</Badge>}
                  <Badge tone="indigo">
                    {endpoint.eventTypes.length === 0 ? 'All events' : endpoint.eventTypes.join(', ')}
                  </Badge>
                </>
              }
              detail={
                <>
                  {endpoint.description && <>{endpoint.description} · </>}
                  added <Time value={endpoint.createdAt} />
                </>
              }
              actions={
                canManage && (
                  <>
                    <Button
                      size="sm"
                      variant="secondary"
                      pending={pending === `toggle:${endpoint.id}`}
                      onClick={() =>
                        run(`toggle:${endpoint.id}`, () =>
                          $updateWebhookEndpoint({ data: { endpointId: endpoint.id, enabled: !endpoint.enabled } }),
                        )
                      }
                    >
                      {endpoint.enabled ? 'Disable' : 'Enable'}
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => setRotating(endpoint)}>
                      Rotate secret
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => setDeleting(endpoint)}>
                      Delete
                    </Button>
                  </>
                )
              }
            />
          ))}
        </ul>
      )}
      {canManage && <AddEndpointForm onCreated={setSecret} />}
      {secret && <SecretDialog url={secret.url} secret={secret.secret} onClose={() => setSecret(null)} />}
      {rotating && (
        <ConfirmDialog
          title="Rotate the signing secret?"
          description="Every delivery from now on, retries included, is signed with the new secret. The receiver must switch to it at once."
          confirmLabel="Rotate"
          pending={pending === `rotate:${rotating.id}`}
          onClose={() => setRotating(null)}
          onConfirm={() =>
            run(`rotate:${rotating.id}`, async () => {
              const rotated = await $rotateWebhookSecret({ data: { endpointId: rotating.id } })
              setSecret({ url: rotating.url, secret: rotated.secret })
            }).then(() => setRotating(null))
          }
        />
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete this endpoint?"
          description={`Nothing more is sent to ${deleting.url}, and its delivery log is deleted with it.`}
          confirmLabel="Delete"
          pending={pending === `delete:${deleting.id}`}
          onClose={() => setDeleting(null)}
          onConfirm={() =>
            run(`delete:${deleting.id}`, () => $deleteWebhookEndpoint({ data: { endpointId: deleting.id } })).then(() =>
              setDeleting(null),
            )
          }
        />
      )}
    </SettingsSection>
  )
}

function AddEndpointForm({ onCreated }: { onCreated: (created: { url: string; secret: string }) => void }) {
  const router = useRouter()
  const { errors, pending, canSubmit, onSubmit } = useFormAction(
    async (form) => {
      const created = await $createWebhookEndpoint({
        data: {
          url: String(form.get('url') ?? ''),
          description: String(form.get('description') ?? ''),
          eventTypes: WEBHOOK_EVENT_TYPES.filter((type) => form.getAll('eventTypes').includes(type)),
        },
      })
      onCreated({ url: created.endpoint.url, secret: created.secret })
      await router.invalidate()
    },
    undefined,
    { afterSuccess: 'clear' },
  )
  return (
    <form
      method="post"
      onSubmit={onSubmit}
      aria-label="Add an endpoint"
      className="space-y-4 border-t border-zinc-100 px-5 py-4"
      noValidate
    >
      <div className="flex flex-wrap gap-3">
        <TextField
          label="URL"
          name="url"
          type="url"
          placeholder="https://example.com/webhooks/tessera"
          maxLength={WEBHOOK_URL_MAX_LENGTH}
          autoComplete="off"
          className="min-w-72 flex-[2]"
          error={errors.fields.url ?? errors.form}
        />
        <TextField
          label="Description"
          name="description"
          autoComplete="off"
          maxLength={WEBHOOK_DESCRIPTION_MAX_LENGTH}
          className="min-w-48 flex-1"
          error={errors.fields.description}
        />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-zinc-800">Events</legend>
        <p className="text-xs text-zinc-500">None ticked: every event, including types added later.</p>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} className="flex items-start gap-2 text-sm text-zinc-700">
              <input type="checkbox" name="eventTypes" value={type} className="mt-0.5 size-4 rounded border-zinc-300" />
              <span>
                <span className="font-mono text-xs text-zinc-900">{type}</span>{' '}
                <span className="text-zinc-500">{EVENT_LABEL[type]}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex justify-end">
        <Button type="submit" pending={pending} disabled={!canSubmit}>
          Add endpoint
        </Button>
      </div>
    </form>
  )
}

/** A new secret, shown this once: the server keeps it sealed and never returns it again. */
function SecretDialog({ url, secret, onClose }: { url: string; secret: string; onClose: () => void }) {
  const [copied, setCopied] = useState(false)
  return (
    <Dialog
      open
      onClose={onClose}
      title="Signing secret"
      description={`Give this secret to the receiver at ${url}. It will not be shown again.`}
    >
      <code className="block rounded-lg bg-zinc-50 p-3 font-mono text-sm break-all text-zinc-900 ring-1 ring-zinc-200">
        {secret}
      </code>
      <div className="mt-5 flex justify-end gap-2">
        <Button
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard.writeText(secret)
            setCopied(true)
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </Button>
        <Button onClick={onClose}>I have saved it</Button>
      </div>
    </Dialog>
  )
}

// ---------------------------------------------------------------------------------------------
// Delivery log

function DeliveriesSection({
  endpoints,
  log,
  canManage,
}: {
  endpoints: WebhookEndpointJSON[]
  log: { deliveries: WebhookDeliveryJSON[]; nextBefore: number | null }
  canManage: boolean
}) {
  const search = Route.useSearch()
  const navigate = useNavigate({ from: Route.fullPath })
  const { error, trigger } = useSettingsAction()
  const select =
    'block h-9 rounded-lg border-0 bg-white pr-8 pl-3 text-sm text-zinc-900 ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-indigo-600'
  const filter = (changes: DeliverySearch) => navigate({ search: { ...search, before: undefined, ...changes } })
  return (
    <section aria-labelledby="deliveries" className="mt-10">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h2 id="deliveries" className="text-lg font-semibold text-zinc-900">
            Deliveries
          </h2>
          <p className="mt-1 max-w-2xl text-sm text-zinc-600">
            Newest first. Events are kept for {RETENTION_DAYS} days.
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <select
            aria-label="Endpoint"
            className={select}
            value={search.endpointId ?? ''}
            onChange={(event) => filter({ endpointId: event.target.value || undefined })}
          >
            <option value="">All endpoints</option>
            {endpoints.map((endpoint) => (
              <option key={endpoint.id} value={endpoint.id}>
                {endpoint.url}
              </option>
            ))}
          </select>
          <select
            aria-label="Status"
            className={select}
            value={search.status ?? ''}
            onChange={(event) =>
              filter({
                status: WEBHOOK_DELIVERY_STATUSES.find((status) => status === event.target.value),
              })
            }
          >
            <option value="">Any status</option>
            {WEBHOOK_DELIVERY_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Card className="mt-4 overflow-x-auto">
        {error && (
          <div className="px-5 pt-4">
            <Alert>{error}</Alert>
          </div>
        )}
        {log.deliveries.length === 0 ? (
          <p className="px-5 py-4 text-sm text-zinc-600">No deliveries.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-zinc-500">
              <tr>
                <th className="px-5 py-2 font-medium">Event</th>
                <th className="px-3 py-2 font-medium">Endpoint</th>
                <th className="px-3 py-2 font-medium">Status</th>
                <th className="px-3 py-2 font-medium">Attempts</th>
                <th className="px-3 py-2 font-medium">Last answer</th>
                <th className="px-3 py-2 font-medium">When</th>
                <th className="px-5 py-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {log.deliveries.map((delivery) => (
                <tr key={delivery.id} className="align-top">
                  <td className="px-5 py-3">
                    <span className="font-mono text-xs text-zinc-900">{delivery.eventType}</span>
                    <span className="block font-mono text-xs text-zinc-500">{delivery.eventId}</span>
                  </td>
                  <td className="max-w-56 px-3 py-3 font-mono text-xs break-all text-zinc-700">
                    {delivery.endpointUrl}
                  </td>
                  <td className="px-3 py-3">
                    <Badge tone={STATUS_TONE[delivery.status]}>{delivery.status}</Badge>
                  </td>
                  <td className="px-3 py-3 text-zinc-700">
                    <AttemptLog delivery={delivery} />
                  </td>
                  <td className="max-w-64 px-3 py-3 text-xs text-zinc-700">
                    {delivery.lastStatusCode !== null && <span className="font-mono">{delivery.lastStatusCode} </span>}
                    <span className="break-words">{delivery.lastError}</span>
                  </td>
                  <td className="px-3 py-3 text-xs whitespace-nowrap text-zinc-600">
                    <span className="block">
                      Created <Time value={delivery.createdAt} withSeconds />
                    </span>
                    {delivery.deliveredAt !== null && (
                      <span className="block">
                        Delivered <Time value={delivery.deliveredAt} withSeconds />
                      </span>
                    )}
                    {delivery.nextAttemptAt !== null && (
                      <span className="block">
                        Next try <Time value={delivery.nextAttemptAt} withSeconds />
                      </span>
                    )}
                  </td>
                  <td className="px-5 py-3 text-right">
                    {canManage && delivery.status === 'failed' && (
                      <Button
                        size="sm"
                        variant="secondary"
                        {...trigger(`retry:${delivery.id}`, () =>
                          $retryWebhookDelivery({ data: { deliveryId: delivery.id } }),
                        )}
                      >
                        Retry
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      {(search.before !== undefined || log.nextBefore !== null) && (
        <div className="mt-4 flex justify-end gap-2">
          {search.before !== undefined && (
            <Link
              from={Route.fullPath}
              search={{ ...search, before: undefined }}
              className={buttonClasses({ variant: 'secondary', size: 'sm' })}
            >
              Newest
            </Link>
          )}
          {log.nextBefore !== null && (
            <Link
              from={Route.fullPath}
              search={{ ...search, before: log.nextBefore }}
              className={buttonClasses({ variant: 'secondary', size: 'sm' })}
            >
              Older
            </Link>
          )}
        </div>
      )}
    </section>
  )
}

/** The attempt count, opening onto every attempt's answer and duration. */
function AttemptLog({ delivery }: { delivery: WebhookDeliveryJSON }) {
  if (delivery.attemptLog.length === 0) return <>{delivery.attempts}</>
  return (
    <details>
      <summary className="cursor-pointer">{delivery.attempts}</summary>
      <ol className="mt-2 space-y-1 text-xs text-zinc-600">
        {delivery.attemptLog.map((attempt) => (
          <li key={attempt.id} className="whitespace-nowrap">
            <Time value={attempt.attemptedAt} withSeconds /> · {attempt.statusCode ?? 'no answer'} ·{' '}
            {attempt.durationMs} ms
          </li>
        ))}
      </ol>
    </details>
  )
}
