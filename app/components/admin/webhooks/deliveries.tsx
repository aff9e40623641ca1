import { Link } from '@tanstack/react-router'
import { $retryWebhookDelivery } from '../../../functions/webhooks.functions.ts'
import { WEBHOOK_RETENTION_SECONDS } from '../../../session/policy.ts'
import {
  WEBHOOK_DELIVERY_STATUSES,
  type WebhookDeliveryJSON,
  type WebhookDeliveryStatus,
  type WebhookEndpointJSON,
} from '../../../session/webhooks.ts'
import { useSettingsAction } from '../../settings/use-settings-action.ts'
import { Alert } from '../../ui/alert.tsx'
import { Badge, type BadgeTone } from '../../ui/badge.tsx'
import { Button, buttonClasses } from '../../ui/button.tsx'
import { Card } from '../../ui/card.tsx'
import { SelectField } from '../../ui/select-field.tsx'
import { Time } from '../../ui/time.tsx'

const RETENTION_DAYS = Math.round(WEBHOOK_RETENTION_SECONDS / 86_400)

const STATUS_TONE: Record<WebhookDeliveryStatus, BadgeTone> = {
  pending: 'amber',
  succeeded: 'green',
  failed: 'red',
}

/** The delivery log's filters and page (the address bar's, validated by the route). */
export interface DeliverySearch {
  endpointId?: string
  status?: WebhookDeliveryStatus
  before?: number
}

/** The delivery log, newest first, filtered by endpoint and status; a failed delivery can be retried. */
export function DeliveriesSection({
  endpoints,
  log,
  canManage,
  search,
  onFilter,
}: {
  endpoints: WebhookEndpointJSON[]
  log: { deliveries: WebhookDeliveryJSON[]; nextBefore: number | null }
  canManage: boolean
  search: DeliverySearch
  /** Shows the first page of the log with these filters. */
  onFilter: (search: DeliverySearch) => void
}) {
  const { error, trigger } = useSettingsAction()
  const filter = (changes: DeliverySearch) => onFilter({ ...search, before: undefined, ...changes })
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
          <SelectField
            label="Endpoint"
            labelPosition="hidden"
            value={search.endpointId ?? ''}
            onChange={(event) => filter({ endpointId: event.target.value || undefined })}
            options={[
              { value: '', label: 'All endpoints' },
              ...endpoints.map((endpoint) => ({ value: endpoint.id, label: endpoint.url })),
            ]}
          />
          <SelectField
            label="Status"
            labelPosition="hidden"
            value={search.status ?? ''}
            onChange={(event) =>
              filter({ status: WEBHOOK_DELIVERY_STATUSES.find((status) => status === event.target.value) })
            }
            options={[
              { value: '', label: 'Any status' },
              ...WEBHOOK_DELIVERY_STATUSES.map((status) => ({ value: status, label: status })),
            ]}
          />
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
              to="/admin/webhooks"
              search={{ ...search, before: undefined }}
              className={buttonClasses({ variant: 'secondary', size: 'sm' })}
            >
              Newest
            </Link>
          )}
          {log.nextBefore !== null && (
            <Link
              to="/admin/webhooks"
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
