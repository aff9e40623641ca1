import { createFileRoute, useNavigate } from '@tanstack/react-router'
import * as z from 'zod'
import { OrganizationsTable } from '../../../components/admin/organizations-table.tsx'
import { AdminSearchForm } from '../../../components/admin/search-form.tsx'
import { useAdmin } from '../../../components/admin/use-admin.ts'
import { titled } from '../../../components/page-title.ts'
import { pageParam, textParam } from '../../../components/search-params.ts'
import { $listAdminOrganizations } from '../../../functions/admin.functions.ts'
import { ADMIN_SEARCH_MAX_LENGTH } from '../../../session/policy.ts'

export const Route = createFileRoute('/_authed/admin/organizations')({
  validateSearch: z.object({ q: textParam(ADMIN_SEARCH_MAX_LENGTH), page: pageParam }),
  loaderDeps: ({ search }) => search,
  loader: ({ deps }) => $listAdminOrganizations({ data: { query: deps.q ?? '', page: deps.page ?? 0 } }),
  head: titled('Organizations · Admin'),
  component: OrganizationsPage,
})

/** Every organization, newest first, with its plan (assignable with `admin:manage_users`). */
function OrganizationsPage() {
  const organizations = Route.useLoaderData()
  const { q } = Route.useSearch()
  const navigate = useNavigate({ from: Route.fullPath })
  const canAssign = useAdmin().can('admin:manage_users')
  return (
    <div className="space-y-6">
      <AdminSearchForm
        name="organizations"
        placeholder="Name, slug or id"
        value={q}
        onSearch={(query) => void navigate({ search: { q: query } })}
      />
      <OrganizationsTable organizations={organizations} query={q} canAssign={canAssign} />
    </div>
  )
}
