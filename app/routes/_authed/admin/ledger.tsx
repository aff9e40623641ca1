import { createFileRoute, useNavigate } from '@tanstack/react-router'
import * as z from 'zod'
import { LedgerFilters, LedgerTable } from '../../../components/admin/ledger.tsx'
import { titled } from '../../../components/page-title.ts'
import { cursorParam } from '../../../components/search-params.ts'
import { $listLedger } from '../../../functions/admin.functions.ts'
import { ledgerIdSchema, userIdSchema } from '../../../functions/schemas.ts'
import { SESSION_EVENT_TYPES } from '../../../session/events.ts'

export const Route = createFileRoute('/_authed/admin/ledger')({
  validateSearch: z.object({
    userId: userIdSchema.optional().catch(undefined),
    type: z.enum(SESSION_EVENT_TYPES).optional().catch(undefined),
    after: cursorParam(ledgerIdSchema),
  }),
  loaderDeps: ({ search }) => search,
  loader: ({ deps: { after, ...filters } }) => $listLedger({ data: { ...filters, cursor: after ?? null } }),
  head: titled('Ledger · Admin'),
  component: LedgerPage,
})

/** Everyone's events, newest first: sessions, account changes, failed sign-ins and admin actions. */
function LedgerPage() {
  const events = Route.useLoaderData()
  const search = Route.useSearch()
  const navigate = useNavigate({ from: Route.fullPath })
  return (
    <div className="space-y-6">
      <LedgerFilters search={search} onFilter={(next) => void navigate({ search: next })} />
      <LedgerTable events={events} search={search} />
    </div>
  )
}
