import { createFileRoute } from '@tanstack/react-router'
import * as z from 'zod'
import { endpoint, serverRoute } from '../../../middleware/server-route.server.ts'
import { getDb } from '../../../server/db.server.ts'
import { outboxFor } from '../../../server/delivery.server.ts'

/** Testing API: the newest outbox messages for `?to=` (an email address or E.164 number). */
export const Route = createFileRoute('/api/testing/outbox')({
  server: serverRoute({
    GET: endpoint({
      auth: 'testing_token',
      query: z.object({ to: z.string().min(1).max(320) }),
      handle: async ({ query }) => {
        const messages = await outboxFor(await getDb(), query.to)
        return Response.json(
          messages.map((message) => ({
            id: message.id,
            channel: message.channel,
            subject: message.subject,
            body: message.body,
            createdAt: message.createdAt.getTime(),
          })),
        )
      },
    }),
  }),
})
