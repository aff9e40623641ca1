import { createFileRoute } from '@tanstack/react-router'
import { getDb } from '../../../server/db.server.ts'
import { outboxFor } from '../../../server/delivery.server.ts'
import { errorResponse, methodNotAllowed } from '../../../server/http.server.ts'
import { refuseTestingRequest } from '../../../server/testing.server.ts'
import { TesseraError } from '../../../session/errors.ts'

/** Testing API: the newest outbox messages for `?to=` (an email address or E.164 number). */
export const Route = createFileRoute('/api/testing/outbox')({
  server: {
    handlers: {
      ANY: methodNotAllowed('GET'),
      GET: async ({ request }) => {
        const refused = refuseTestingRequest(request)
        if (refused) return refused
        const to = new URL(request.url).searchParams.get('to')
        if (!to || to.length > 320) return errorResponse(new TesseraError('invalid_input'))
        const messages = await outboxFor(await getDb(), to)
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
    },
  },
})
