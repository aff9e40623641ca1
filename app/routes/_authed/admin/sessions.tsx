import { createFileRoute, useNavigate } from '@tanstack/react-router'
import * as z from 'zod'
import { RevokeEverythingSection, SessionFilters, SessionsTable } from '../../../components/admin/sessions.tsx'
import { useAdmin } from '../../../components/admin/use-admin.ts'
import { titled } from '../../../components/page-title.ts'
import { cursorParam } from '../../../components/search-params.ts'
import { $listAdminSessions } from '../../../functions/admin.functions.ts'
import { clientIdSchema, sessionIdSchema, userIdSchema } from '../../../functions/schemas.ts'
import { SESSION_STATUSES } from '../../../session/status.ts'

export const Route = createFileRoute('/_authed/admin/sessions')({
  validateSearch: z.object({
    userId: userIdSchema.optional().catch(undefined),
    status: z.enum(SESSION_STATUSES).optional().catch(undefined),
    clientId: clientIdSchema.optional().catch(undefined),
    after: cursorParam(sessionIdSchema),
  }),
  loaderDeps: ({ search }) => search,
  loader: ({ deps: { after, ...filters } }) => $listAdminSessions({ data: { ...filters, cursor: after ?? null } }),
  head: titled('Sessions · Admin'),
  component: SessionsPage,
})

/** Every session of the instance, most recently active first, with revocation. */
function SessionsPage() {
  const sessions = Route.useLoaderData()
  const search = Route.useSearch()
  const navigate = useNavigate({ from: Route.fullPath })
  const canRevoke = useAdmin().can('admin:manage_sessions')
  return (
    <div className="space-y-6">
      <SessionFilters search={search} onFilter={(next) => void navigate({ search: next })} />
      <SessionsTable sessions={sessions} canRevoke={canRevoke} search={search} />
      {canRevoke && <RevokeEverythingSection />}
    </div>
  )
}
