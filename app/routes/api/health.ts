import { createFileRoute } from '@tanstack/react-router'
import { getDatabaseHandle } from '../../server/db.server.ts'

/** Readiness: 200 once the database is open and migrated, 503 until then. Public; reveals nothing private. */
export const Route = createFileRoute('/api/health')({
  server: {
    handlers: {
      GET: async () => {
        try {
          const { driver } = await getDatabaseHandle()
          return Response.json({ status: 'ok', database: driver })
        } catch {
          return Response.json({ status: 'unavailable' }, { status: 503, headers: { 'retry-after': '2' } })
        }
      },
    },
  },
})
