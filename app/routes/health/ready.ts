import { createFileRoute } from '@tanstack/react-router'
import { sql } from 'drizzle-orm'
import { getDatabaseHandle } from '../../server/db.server.ts'
import { HEALTH_CHECK_TIMEOUT_SECONDS } from '../../session/policy.ts'

/**
 * Readiness, for load balancers and orchestrators: 200 while the database answers (opened,
 * migrated, and a `select 1` back within HEALTH_CHECK_TIMEOUT_SECONDS), else 503 with Retry-After,
 * so traffic goes elsewhere until it does. Public; reveals only which driver is in use.
 */
export const Route = createFileRoute('/health/ready')({
  server: {
    handlers: {
      GET: async () => {
        const timeout = new Promise<never>((_, reject) => {
          setTimeout(() => reject(new Error('timed out')), HEALTH_CHECK_TIMEOUT_SECONDS * 1000).unref()
        })
        try {
          const { db, driver } = await Promise.race([getDatabaseHandle(), timeout])
          await Promise.race([db.execute(sql`select 1`), timeout])
          return Response.json({ status: 'ok', database: driver })
        } catch {
          return Response.json({ status: 'unavailable' }, { status: 503, headers: { 'retry-after': '2' } })
        }
      },
    },
  },
})
