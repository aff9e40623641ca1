import { Link } from '@tanstack/react-router'
import { personName } from '../../auth/resources.ts'
import type { PersonJSON } from '../../session/admin-wire.ts'
import { Avatar } from '../ui/avatar.tsx'

/** A user in an admin table: avatar, name and email address, linking to their page in the console. */
export function PersonLink({ person }: { person: PersonJSON }) {
  const name = personName(person)
  return (
    <Link to="/admin/users/$userId" params={{ userId: person.id }} className="group flex min-w-0 items-center gap-3">
      <Avatar name={name} seed={person.id} imageUrl={person.imageUrl} size="sm" />
      <span className="min-w-0">
        <span className="block truncate font-medium text-zinc-900 group-hover:text-indigo-600">{name}</span>
        {person.email && person.name && <span className="block truncate text-xs text-zinc-500">{person.email}</span>}
      </span>
    </Link>
  )
}
