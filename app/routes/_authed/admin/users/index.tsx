import { createFileRoute, useNavigate } from '@tanstack/react-router'
import * as z from 'zod'
import { PersonLink } from '../../../../components/admin/person.tsx'
import { AdminSearchForm } from '../../../../components/admin/search-form.tsx'
import { titled } from '../../../../components/page-title.ts'
import { Pager } from '../../../../components/pager.tsx'
import { pageParam, textParam } from '../../../../components/search-params.ts'
import { Badge } from '../../../../components/ui/badge.tsx'
import { Card } from '../../../../components/ui/card.tsx'
import { EmptyRow, Table, Td } from '../../../../components/ui/table.tsx'
import { Time } from '../../../../components/ui/time.tsx'
import { $searchUsers } from '../../../../functions/admin.functions.ts'
import { ADMIN_ROLE_LABEL } from '../../../../session/admin.ts'
import { ADMIN_SEARCH_MAX_LENGTH } from '../../../../session/policy.ts'

export const Route = createFileRoute('/_authed/admin/users/')({
  validateSearch: z.object({ q: textParam(ADMIN_SEARCH_MAX_LENGTH), page: pageParam }),
  loaderDeps: ({ search }) => search,
  loader: ({ deps }) => $searchUsers({ data: { query: deps.q ?? '', page: deps.page ?? 0 } }),
  head: titled('Users · Admin'),
  component: UsersPage,
})

const COLUMNS = ['User', 'Email address', 'Phone number', 'Status', 'Joined']

/** Every account, newest first, searchable by email address, phone number, name or id. */
function UsersPage() {
  const { items, page, hasMore } = Route.useLoaderData()
  const { q } = Route.useSearch()
  const navigate = useNavigate({ from: Route.fullPath })
  return (
    <div className="space-y-6">
      <AdminSearchForm
        name="users"
        placeholder="Email, phone, name or user id"
        value={q}
        onSearch={(query) => void navigate({ search: { q: query } })}
      />
      <Card>
        <Table label="Users" columns={COLUMNS}>
          {items.length === 0 && (
            <EmptyRow columns={COLUMNS.length}>{q ? `No user matches “${q}”.` : 'No users yet.'}</EmptyRow>
          )}
          {items.map((user) => (
            <tr key={user.id}>
              <Td>
                <PersonLink
                  person={{
                    id: user.id,
                    name: [user.firstName, user.lastName].filter(Boolean).join(' ') || null,
                    email: null,
                  }}
                />
              </Td>
              <Td>{user.email ?? '—'}</Td>
              <Td>{user.phoneNumber ?? '—'}</Td>
              <Td>
                <span className="flex flex-wrap gap-1.5">
                  {user.bannedAt && <Badge tone="red">Banned</Badge>}
                  {user.adminRole && <Badge tone="indigo">{ADMIN_ROLE_LABEL[user.adminRole]}</Badge>}
                  {!user.bannedAt && !user.adminRole && <span className="text-zinc-500">—</span>}
                </span>
              </Td>
              <Td className="whitespace-nowrap">
                <Time value={user.createdAt} />
              </Td>
            </tr>
          ))}
        </Table>
        <Pager page={page} hasMore={hasMore} />
      </Card>
    </div>
  )
}
