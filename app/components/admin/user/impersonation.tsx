import { impersonationRefusal } from '../../../session/admin.ts'
import type { AdminUserDetailJSON } from '../../../session/admin-wire.ts'
import { describeDuration } from '../../../session/durations.ts'
import { IMPERSONATION_MAX_LIFETIME_SECONDS } from '../../../session/policy.ts'
import { ImpersonateButton } from '../../actors/impersonate.tsx'
import { SettingsSection } from '../../settings/settings-section.tsx'
import { useAdmin } from '../use-admin.ts'

const IMPERSONATION_REFUSAL: Record<NonNullable<ReturnType<typeof impersonationRefusal>>, string> = {
  self: 'This is your own account.',
  nested: 'You cannot impersonate from an impersonated session.',
  forbidden: 'Your admin role cannot impersonate.',
  target_is_admin: 'This user is an administrator: only an owner can impersonate them.',
  target_banned: 'A banned user cannot be impersonated.',
}

/** "Impersonate", or why not (the server decides again when the link is made and redeemed). */
export function ImpersonationSection({ detail, name }: { detail: AdminUserDetailJSON; name: string }) {
  const admin = useAdmin()
  const { user } = detail
  const refusal = impersonationRefusal({
    adminId: admin.userId,
    adminRole: admin.role,
    adminIsImpersonated: false,
    target: { id: user.id, adminRole: user.adminRole, banned: user.bannedAt !== null },
  })
  return (
    <SettingsSection
      id="impersonation"
      title="Impersonation"
      description={`See the app as this user does, to help them. At most ${describeDuration(IMPERSONATION_MAX_LIFETIME_SECONDS)}; sensitive actions are blocked; everything is recorded under both your names.`}
      action={refusal === null && <ImpersonateButton userId={user.id} userName={name} />}
    >
      <p className="px-5 py-4 text-sm text-zinc-600">
        {refusal === null ? `You can impersonate ${name}.` : IMPERSONATION_REFUSAL[refusal]}
      </p>
    </SettingsSection>
  )
}
