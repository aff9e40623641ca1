import { createFileRoute } from '@tanstack/react-router'
import { methodNotAllowed } from '../../server/http.server.ts'

/**
 * Liveness: 200 whenever the process can answer at all. It never looks at the database, so an
 * outage there does not get a healthy server restarted (readiness, `/health/ready`, reports that).
 */
export const Route = createFileRoute('/health/live')({
  server: {
    handlers: {
      ANY: methodNotAllowed('GET'),
      GET: () => Response.json({ status: 'ok' }),
    },
  },
})
