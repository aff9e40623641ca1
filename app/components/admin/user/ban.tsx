import { $banUser, $unbanUser } from '../../../functions/admin.functions.ts'
import type { AdminUserDetailJSON } from '../../../session/admin-wire.ts'
import { SettingsSection } from '../../settings/settings-section.tsx'
import { Button } from '../../ui/button.tsx'
import type { ReasonRequest } from '../reason-dialog.tsx'

/** Banning the user, or lifting their ban; either asks the admin why (`ask`). */
export function BanSection({
  detail,
  name,
  ask,
}: {
  detail: AdminUserDetailJSON
  name: string
  ask: (request: ReasonRequest) => void
}) {
  const { user } = detail
  return (
    <SettingsSection
      id="ban"
      title={user.bannedAt ? 'Lift the ban' : 'Ban this user'}
      description={
        user.bannedAt
          ? 'They can sign in again. Sessions revoked by the ban stay revoked.'
          : 'They are signed out everywhere at their next request and cannot sign in again until the ban is lifted.'
      }
      action={
        user.bannedAt ? (
          <Button
            variant="secondary"
            size="sm"
            onClick={() =>
              ask({
                title: `Unban ${name}?`,
                description: 'They will be able to sign in again.',
                confirmLabel: 'Unban',
                danger: false,
                run: (reason) => $unbanUser({ data: { userId: user.id, reason } }),
              })
            }
          >
            Unban
          </Button>
        ) : (
          <Button
            variant="danger"
            size="sm"
            onClick={() =>
              ask({
                title: `Ban ${name}?`,
                description:
                  'Every session they have is revoked now, and they cannot sign in until the ban is lifted. They are told their account is suspended only after entering a correct password.',
                confirmLabel: 'Ban user',
                run: (reason) => $banUser({ data: { userId: user.id, reason } }),
              })
            }
          >
            Ban user
          </Button>
        )
      }
    >
      <p className="px-5 py-4 text-sm text-zinc-500">Every ban and unban is recorded in the ledger with its reason.</p>
    </SettingsSection>
  )
}
