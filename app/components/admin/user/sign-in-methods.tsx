import { $markPasswordCompromised, $removeUserFactor } from '../../../functions/admin.functions.ts'
import type { AdminUserDetailJSON, RemovableFactor } from '../../../session/admin-wire.ts'
import { SettingsRow, SettingsSection } from '../../settings/settings-section.tsx'
import { Badge } from '../../ui/badge.tsx'
import { Button } from '../../ui/button.tsx'
import { Time } from '../../ui/time.tsx'
import type { ReasonRequest } from '../reason-dialog.tsx'

/** The user's password, passkeys and second factors; removing one asks the admin why (`ask`). */
export function SignInMethodsSection({
  detail,
  canManage,
  ask,
}: {
  detail: AdminUserDetailJSON
  canManage: boolean
  ask: (request: ReasonRequest) => void
}) {
  const { user, factors } = detail
  const remove = (label: string, factor: RemovableFactor) => () =>
    ask({
      title: `Remove ${label}?`,
      description:
        'The user can no longer sign in with it. Their sessions stay signed in: revoke them too if it was compromised.',
      confirmLabel: 'Remove',
      run: (reason) => $removeUserFactor({ data: { userId: user.id, factor, reason } }),
    })
  /** A row's button: short on screen, named in full for assistive technology (rows repeat "Remove"). */
  const action = (text: string, name: string, onClick: () => void) =>
    canManage && (
      <Button size="sm" variant="secondary" onClick={onClick} aria-label={name}>
        {text}
      </Button>
    )
  const smsPhones = detail.phoneNumbers.filter((phone) => phone.secondFactor)
  return (
    <SettingsSection
      id="sign-in-methods"
      title="Sign-in methods"
      description="The password, passkeys and two-step verification the user has set up."
    >
      <ul aria-label="Sign-in methods" className="divide-y divide-zinc-100">
        <SettingsRow
          label="Password"
          title="Password"
          badges={
            factors.password.compromised ? (
              <Badge tone="amber">Reset required</Badge>
            ) : (
              !factors.password.enrolled && <Badge>None</Badge>
            )
          }
          detail={
            factors.password.enrolled
              ? 'Forcing a reset signs the user out everywhere; their next sign-in proves their email address and then sets a new password.'
              : 'The user signs in without a password.'
          }
          actions={
            factors.password.enrolled &&
            action('Force reset', 'Force reset of the password', () =>
              ask({
                title: 'Force a password reset?',
                description:
                  'The password is marked compromised and never signs in alone again. Every session of the user is revoked now; their next sign-in proves their email address and then asks for a new password.',
                confirmLabel: 'Force reset',
                run: (reason) => $markPasswordCompromised({ data: { userId: user.id, reason } }),
              }),
            )
          }
        />
        {factors.passkeys.map((passkey) => (
          <SettingsRow
            key={passkey.id}
            label={`Passkey ${passkey.name}`}
            title={passkey.name}
            badges={<Badge>Passkey</Badge>}
            detail={
              <>
                Added <Time value={passkey.createdAt} />
                {passkey.lastUsedAt && (
                  <>
                    {' '}
                    · last used <Time value={passkey.lastUsedAt} />
                  </>
                )}
              </>
            }
            actions={action(
              'Remove',
              `Remove passkey ${passkey.name}`,
              remove(`the passkey “${passkey.name}”`, { kind: 'passkey', passkeyId: passkey.id }),
            )}
          />
        ))}
        {factors.totp && (
          <SettingsRow
            label="Authenticator app"
            title="Authenticator app"
            badges={<Badge tone="green">Two-step</Badge>}
            actions={action('Remove', 'Remove authenticator app', remove('the authenticator app', { kind: 'totp' }))}
          />
        )}
        {smsPhones.map((phone) => (
          <SettingsRow
            key={phone.id}
            label={`Text-message codes to ${phone.phoneNumber}`}
            title={`Text-message codes to ${phone.phoneNumber}`}
            badges={<Badge tone="green">Two-step</Badge>}
            actions={action(
              'Remove',
              `Remove text-message codes to ${phone.phoneNumber}`,
              remove('text-message codes', { kind: 'sms_second_factor', phoneNumberId: phone.id }),
            )}
          />
        ))}
        {factors.backupCodesRemaining > 0 && (
          <SettingsRow
            label="Backup codes"
            title="Backup codes"
            detail={`${factors.backupCodesRemaining} unused`}
            actions={action('Remove', 'Remove backup codes', remove('the backup codes', { kind: 'backup_codes' }))}
          />
        )}
      </ul>
    </SettingsSection>
  )
}
