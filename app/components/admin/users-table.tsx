import { ADMIN_ROLE_LABEL } from '../../session/admin.ts'
import type { AdminUserJSON, CursorPageJSON } from '../../session/admin-wire.ts'
import { CursorPager, type CursorPageSearch } from '../pager.tsx'
import { Badge } from '../ui/badge.tsx'
import { Card } from '../ui/card.tsx'
import { EmptyRow, Table, Td } from '../ui/table.tsx'
import { Time } from '../ui/time.tsx'
import { PersonLink } from './person.tsx'

const COLUMNS = ['User', 'Email address', 'Phone number', 'Status', 'Joined']

/** Accounts, newest first: name, identifiers, ban and admin role, when they joined. */
export function UsersTable({
  users: { items, nextCursor },
  search,
}: {
  users: CursorPageJSON<AdminUserJSON>
  /** What this page was loaded with: the query and the cursor it starts after. */
  search: CursorPageSearch & { q?: string | undefined }
}) {
  return (
    <Card>
      <Table label="Users" columns={COLUMNS}>
        {items.length === 0 && (
          <EmptyRow columns={COLUMNS.length}>{search.q ? `No user matches “${search.q}”.` : 'No users yet.'}</EmptyRow>
        )}
        {items.map((user) => (
          <tr key={user.id}>
            <Td>
              <PersonLink
                person={{
                  id: user.id,
                  name: [user.firstName, user.lastName].filter(Boolean).join(' ') || null,
                  email: null,
                  imageUrl: user.imageUrl,
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
      <CursorPager search={search} nextCursor={nextCursor} />
    </Card>
  )
}
