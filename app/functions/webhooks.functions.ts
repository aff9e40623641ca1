import { createServerFn } from '@tanstack/react-start'
import * as z from 'zod'
import { requireAdmin } from '../middleware/admin.ts'
import { parseInput } from '../middleware/validation.ts'
import type { AdminActor } from '../server/admin.server.ts'
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  retryWebhookDelivery,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from '../server/admin-webhooks.server.ts'
import { serviceContext } from '../server/request-auth.server.ts'
import { WEBHOOK_DESCRIPTION_MAX_LENGTH, WEBHOOK_URL_MAX_LENGTH } from '../session/policy.ts'
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES } from '../session/webhooks.ts'
import { textSchema, webhookEndpointIdSchema } from './schemas.ts'

/**
 * Webhook endpoints and their delivery log, in the admin console: anyone with `admin:read` sees
 * them, only `admin:manage_instance` changes them. An endpoint's secret leaves the server twice:
 * in the answer that creates the endpoint and in the one that rotates its secret.
 */

const acting = (context: { admin: { id: string }; session: { id: string } }): AdminActor => ({
  id: context.admin.id,
  sessionId: context.session.id,
})

/** Checked by the service, which says which URL rule failed. */
const urlSchema = textSchema(WEBHOOK_URL_MAX_LENGTH, { required: 'Enter the URL to send events to.' })
const descriptionSchema = textSchema(WEBHOOK_DESCRIPTION_MAX_LENGTH)
/** Empty: every event type. */
const eventTypesSchema = z.array(z.enum(WEBHOOK_EVENT_TYPES)).max(WEBHOOK_EVENT_TYPES.length * 2)
const onEndpoint = z.strictObject({ endpointId: webhookEndpointIdSchema })
const ok = { ok: true as const }

export const $listWebhookEndpoints = createServerFn({ method: 'GET' })
  .middleware([requireAdmin('admin:read')])
  .handler(async () => listWebhookEndpoints((await serviceContext()).db))

export const $createWebhookEndpoint = createServerFn({ method: 'POST' })
  .middleware([requireAdmin('admin:manage_instance')])
  .validator(
    parseInput(z.strictObject({ url: urlSchema, description: descriptionSchema, eventTypes: eventTypesSchema })),
  )
  .handler(async ({ data, context }) => createWebhookEndpoint(await serviceContext(), acting(context), data))

export const $updateWebhookEndpoint = createServerFn({ method: 'POST' })
  .middleware([requireAdmin('admin:manage_instance')])
  .validator(
    parseInput(
      onEndpoint.extend({
        url: urlSchema.optional(),
        description: descriptionSchema.optional(),
        eventTypes: eventTypesSchema.optional(),
        enabled: z.boolean().optional(),
      }),
    ),
  )
  .handler(async ({ data: { endpointId, ...changes }, context }) =>
    updateWebhookEndpoint(await serviceContext(), acting(context), endpointId, changes),
  )

export const $deleteWebhookEndpoint = createServerFn({ method: 'POST' })
  .middleware([requireAdmin('admin:manage_instance')])
  .validator(parseInput(onEndpoint))
  .handler(async ({ data, context }) => {
    await deleteWebhookEndpoint(await serviceContext(), acting(context), data.endpointId)
    return ok
  })

export const $rotateWebhookSecret = createServerFn({ method: 'POST' })
  .middleware([requireAdmin('admin:manage_instance')])
  .validator(parseInput(onEndpoint))
  .handler(async ({ data, context }) => rotateWebhookSecret(await serviceContext(), acting(context), data.endpointId))

export const $listWebhookDeliveries = createServerFn({ method: 'GET' })
  .middleware([requireAdmin('admin:read')])
  .validator(
    parseInput(
      z.strictObject({
        endpointId: webhookEndpointIdSchema.optional(),
        status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
        before: z.number().int().positive().optional(),
      }),
    ),
  )
  .handler(async ({ data }) => listWebhookDeliveries((await serviceContext()).db, data))

export const $retryWebhookDelivery = createServerFn({ method: 'POST' })
  .middleware([requireAdmin('admin:manage_instance')])
  .validator(parseInput(z.strictObject({ deliveryId: z.number().int().positive() })))
  .handler(async ({ data, context }) => retryWebhookDelivery(await serviceContext(), acting(context), data.deliveryId))
