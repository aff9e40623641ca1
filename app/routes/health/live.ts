import { createFileRoute } from '@tanstack/react-router'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'

/**
 * Liveness: 200 whenever the process can answer at all. It never looks at the database, so an
 * outage there does not get a healthy server restarted (readiness, `/health/ready`, reports that).
 */
export const Route = createFileRoute('/health/live')({
  server: serverRoute({
    GET: endpoint({ auth: 'none', handle: () => Response.json({ status: 'ok' }) }),
  }),
})
