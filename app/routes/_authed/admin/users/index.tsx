import { createFileRoute, useNavigate } from '@tanstack/react-router'
import * as z from 'zod'
import { AdminSearchForm } from '../../../../components/admin/search-form.tsx'
import { UsersTable } from '../../../../components/admin/users-table.tsx'
import { titled } from '../../../../components/page-title.ts'
import { cursorParam, textParam } from '../../../../components/search-params.ts'
import { $searchUsers } from '../../../../functions/admin.functions.ts'
import { userIdSchema } from '../../../../functions/schemas.ts'
import { ADMIN_SEARCH_MAX_LENGTH } from '../../../../session/policy.ts'

export const Route = createFileRoute('/_authed/admin/users/')({
  validateSearch: z.object({ q: textParam(ADMIN_SEARCH_MAX_LENGTH), after: cursorParam(userIdSchema) }),
  loaderDeps: ({ search }) => search,
  loader: ({ deps }) => $searchUsers({ data: { query: deps.q ?? '', cursor: deps.after ?? null } }),
  head: titled('Users · Admin'),
  component: UsersPage,
})

/** Every account, newest first, searchable by email address, phone number, name or id. */
function UsersPage() {
  const users = Route.useLoaderData()
  const search = Route.useSearch()
  const navigate = useNavigate({ from: Route.fullPath })
  return (
    <div className="space-y-6">
      <AdminSearchForm
        name="users"
        placeholder="Email, phone, name or user id"
        value={search.q}
        onSearch={(query) => void navigate({ search: { q: query } })}
      />
      <UsersTable users={users} search={search} />
    </div>
  )
}
