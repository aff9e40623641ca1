import { createFileRoute } from '@tanstack/react-router'

/**
 * Liveness: 200 whenever the process can answer at all. It never looks at the database, so an
 * outage there does not get a healthy server restarted (readiness, `/health/ready`, reports that).
 */
export const Route = createFileRoute('/health/live')({
  server: {
    handlers: {
      GET: () => Response.json({ status: 'ok' }),
    },
  },
})
