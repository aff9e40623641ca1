import { createFileRoute } from '@tanstack/react-router'
import { endpoint, serverRoute } from '../../middleware/server-route.server.ts'
import { readiness } from '../../server/health.server.ts'

/** Readiness: 200 while the database answers with a clock close to ours, else 503 (health.server.ts). */
export const Route = createFileRoute('/health/ready')({
  server: serverRoute({
    GET: endpoint({ auth: 'none', handle: readiness }),
  }),
})
