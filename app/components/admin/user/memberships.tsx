import type { AdminUserDetailJSON } from '../../../session/admin-wire.ts'
import { SettingsRow, SettingsSection } from '../../settings/settings-section.tsx'
import { Badge } from '../../ui/badge.tsx'

/** The organizations the user belongs to, with their role in each. */
export function MembershipsSection({ detail }: { detail: AdminUserDetailJSON }) {
  return (
    <SettingsSection id="organizations" title="Organizations" description="Where the user is a member, and their role.">
      {detail.memberships.length === 0 ? (
        <p className="px-5 py-4 text-sm text-zinc-500">Not a member of any organization.</p>
      ) : (
        <ul aria-label="Memberships" className="divide-y divide-zinc-100">
          {detail.memberships.map((membership) => (
            <SettingsRow
              key={membership.organizationId}
              label={membership.name}
              title={membership.name}
              badges={<Badge>{membership.roleName}</Badge>}
              detail={membership.slug}
            />
          ))}
        </ul>
      )}
    </SettingsSection>
  )
}
