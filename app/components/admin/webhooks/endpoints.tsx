import { useRouter } from '@tanstack/react-router'
import { useState } from 'react'
import {
  $createWebhookEndpoint,
  $deleteWebhookEndpoint,
  $rotateWebhookSecret,
  $updateWebhookEndpoint,
} from '../../../functions/webhooks.functions.ts'
import { WEBHOOK_DESCRIPTION_MAX_LENGTH, WEBHOOK_URL_MAX_LENGTH } from '../../../session/policy.ts'
import { WEBHOOK_EVENT_TYPES, type WebhookEndpointJSON, type WebhookEventType } from '../../../session/webhooks.ts'
import { useFormAction } from '../../forms/use-form-action.ts'
import { ConfirmDialog } from '../../settings/confirm-dialog.tsx'
import { SettingsRow, SettingsSection } from '../../settings/settings-section.tsx'
import { ShownOnceDialog } from '../../settings/shown-once-dialog.tsx'
import { useSettingsAction } from '../../settings/use-settings-action.ts'
import { Alert } from '../../ui/alert.tsx'
import { Badge } from '../../ui/badge.tsx'
import { Button } from '../../ui/button.tsx'
import { TextField } from '../../ui/field.tsx'
import { Time } from '../../ui/time.tsx'

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

/** The endpoints, each with its events; adding, enabling, rotating and deleting need `admin:manage_instance`. */
export function EndpointsSection({ endpoints, canManage }: { endpoints: WebhookEndpointJSON[]; canManage: boolean }) {
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
      {secret && (
        <ShownOnceDialog
          title="Signing secret"
          description={`Give this secret to the receiver at ${secret.url}.`}
          secret={secret.secret}
          onClose={() => setSecret(null)}
        />
      )}
      {rotating && (
        <ConfirmDialog
          title="Rotate the signing secret?"
          description="Every delivery from now on, retries included, is signed with the new secret. The receiver must switch to it at once."
          confirmLabel="Rotate"
          onClose={() => setRotating(null)}
          onConfirm={async () => {
            const rotated = await $rotateWebhookSecret({ data: { endpointId: rotating.id } })
            setSecret({ url: rotating.url, secret: rotated.secret })
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete this endpoint?"
          description={`Nothing more is sent to ${deleting.url}, and its delivery log is deleted with it.`}
          confirmLabel="Delete"
          onClose={() => setDeleting(null)}
          onConfirm={() => $deleteWebhookEndpoint({ data: { endpointId: deleting.id } })}
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
