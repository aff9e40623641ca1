import { createFileRoute, useNavigate } from '@tanstack/react-router'
import * as z from 'zod'
import { DeliveriesSection } from '../../../components/admin/webhooks/deliveries.tsx'
import { EndpointsSection } from '../../../components/admin/webhooks/endpoints.tsx'
import { titled } from '../../../components/page-title.ts'
import { webhookEndpointIdSchema } from '../../../functions/schemas.ts'
import { $listWebhookDeliveries, $listWebhookEndpoints } from '../../../functions/webhooks.functions.ts'
import { WEBHOOK_RETRY_DELAYS_SECONDS } from '../../../session/policy.ts'
import { WEBHOOK_DELIVERY_STATUSES } from '../../../session/webhooks.ts'

/**
 * Webhook endpoints and the delivery log. Admins with `admin:read` see both; changing anything
 * needs `admin:manage_instance` (the buttons are hidden without it; the server checks either way).
 */
export const Route = createFileRoute('/_authed/admin/webhooks')({
  // The delivery log's filters and page, from the address bar; anything malformed is dropped.
  validateSearch: z.object({
    endpointId: webhookEndpointIdSchema.optional().catch(undefined),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional().catch(undefined),
    before: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
  }),
  loaderDeps: ({ search }) => search,
  loader: async ({ deps }) => {
    const [endpoints, log] = await Promise.all([$listWebhookEndpoints(), $listWebhookDeliveries({ data: deps })])
    return { endpoints, log }
  },
  head: titled('Webhooks · Admin'),
  component: WebhooksPage,
})

const RETRYING_HOURS = Math.round(WEBHOOK_RETRY_DELAYS_SECONDS.reduce((sum, delay) => sum + delay, 0) / 3600)

function WebhooksPage() {
  const { admin } = Route.useRouteContext()
  const { endpoints, log } = Route.useLoaderData()
  const search = Route.useSearch()
  const navigate = useNavigate({ from: Route.fullPath })
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
      <DeliveriesSection
        endpoints={endpoints}
        log={log}
        canManage={canManage}
        search={search}
        onFilter={(next) => void navigate({ search: next })}
      />
    </>
  )
}
