import { useRouter } from '@tanstack/react-router'
import { useState } from 'react'
import { useReverification } from '../../auth/reverification.ts'
import {
  $disableSmsSecondFactor,
  $regenerateBackupCodes,
  $removeTotp,
  $sendPhoneVerification,
  $startTotpSetup,
} from '../../functions/account.functions.ts'
import { BACKUP_CODE_COUNT } from '../../session/policy.ts'
import type { SecuritySettingsJSON } from '../../session/wire.ts'
import { ConfirmDialog } from '../settings/confirm-dialog.tsx'
import { SettingsRow, SettingsSection } from '../settings/settings-section.tsx'
import { useSettingsAction } from '../settings/use-settings-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Badge } from '../ui/badge.tsx'
import { Button } from '../ui/button.tsx'
import { BackupCodesDialog } from './backup-codes-dialog.tsx'
import type { PhoneVerification } from './phone-numbers.tsx'
import { type TotpSetup, TotpSetupDialog } from './totp-setup-dialog.tsx'

type Confirming = 'remove-totp' | { disableSms: string } | null

export function TwoStepSection({
  appName,
  settings,
  onVerifyPhone,
}: {
  appName: string
  settings: SecuritySettingsJSON
  onVerifyPhone: (verification: PhoneVerification) => void
}) {
  const router = useRouter()
  const [totpSetup, setTotpSetup] = useState<TotpSetup | null>(null)
  const [backupCodes, setBackupCodes] = useState<string[] | null>(null)
  const [confirming, setConfirming] = useState<Confirming>(null)
  const { error, trigger } = useSettingsAction()
  const startTotp = useReverification(() => $startTotpSetup())
  const removeTotp = useReverification(() => $removeTotp())
  const disableSms = useReverification((phoneNumberId: string) => $disableSmsSecondFactor({ data: { phoneNumberId } }))
  const regenerate = useReverification(() => $regenerateBackupCodes())
  const offers = settings.availableSecondFactors
  const verifiedPhones = settings.phoneNumbers.filter((phone) => phone.verified)
  const smsPhones = verifiedPhones.filter((phone) => phone.secondFactor)

  return (
    <SettingsSection
      id="two-step"
      title="Two-step verification"
      description="After your password or an emailed code, ask for a second proof that it is you. A passkey counts as both."
      action={settings.secondFactorEnabled ? <Badge tone="green">On</Badge> : <Badge tone="zinc">Off</Badge>}
      alert={error && <Alert>{error}</Alert>}
    >
      <ul aria-label="Second factors" className="divide-y divide-zinc-100">
        {offers.includes('totp') && (
          <SettingsRow
            label="Authenticator app"
            title="Authenticator app"
            badges={settings.totpEnabled && <Badge tone="green">On</Badge>}
            detail="6-digit codes from an app such as 1Password, Google Authenticator or Authy."
            actions={
              settings.totpEnabled ? (
                <Button size="sm" variant="ghost" onClick={() => setConfirming('remove-totp')}>
                  Remove
                </Button>
              ) : (
                <Button
                  size="sm"
                  variant="secondary"
                  {...trigger('totp-start', async () => setTotpSetup(await startTotp()))}
                >
                  Set up
                </Button>
              )
            }
          />
        )}
        {offers.includes('phone_code') && (
          <SettingsRow
            label="Text message codes"
            title="Text message codes"
            badges={smsPhones.length > 0 && <Badge tone="green">On</Badge>}
            detail={
              smsPhones.length > 0
                ? `Codes go to ${smsPhones.map((phone) => phone.phoneNumber).join(', ')}.`
                : verifiedPhones.length > 0
                  ? 'Codes texted to one of your verified numbers. Less safe than an app: texts can be intercepted.'
                  : 'Add and verify a phone number first.'
            }
            actions={
              <>
                {smsPhones.map((phone) => (
                  <Button
                    key={phone.id}
                    size="sm"
                    variant="ghost"
                    onClick={() => setConfirming({ disableSms: phone.id })}
                  >
                    Turn off for {phone.phoneNumber.slice(-4)}
                  </Button>
                ))}
                {verifiedPhones
                  .filter((phone) => !phone.secondFactor)
                  .map((phone) => (
                    <Button
                      key={phone.id}
                      size="sm"
                      variant="secondary"
                      {...trigger(`sms:${phone.id}`, async () => {
                        await $sendPhoneVerification({ data: { phoneNumberId: phone.id } })
                        onVerifyPhone({ phoneNumberId: phone.id, useForSecondFactor: true })
                      })}
                    >
                      Use {phone.phoneNumber}
                    </Button>
                  ))}
              </>
            }
          />
        )}
        {offers.includes('backup_code') && (
          <SettingsRow
            label="Backup codes"
            title="Backup codes"
            detail={
              settings.secondFactorEnabled
                ? `${settings.backupCodesRemaining} of ${BACKUP_CODE_COUNT} unused. Each signs you in once if you lose your second factor.`
                : 'Available once an authenticator app or text-message codes are on.'
            }
            actions={
              settings.secondFactorEnabled && (
                <Button
                  size="sm"
                  variant="secondary"
                  {...trigger('backup', async () => setBackupCodes((await regenerate()).backupCodes))}
                >
                  Generate new codes
                </Button>
              )
            }
          />
        )}
      </ul>
      {totpSetup && (
        <TotpSetupDialog
          setup={totpSetup}
          onClose={() => setTotpSetup(null)}
          onConfirmed={async (codes) => {
            setTotpSetup(null)
            setBackupCodes(codes)
            await router.invalidate()
          }}
        />
      )}
      {backupCodes && <BackupCodesDialog appName={appName} codes={backupCodes} onClose={() => setBackupCodes(null)} />}
      {confirming === 'remove-totp' && (
        <ConfirmDialog
          title="Remove the authenticator app?"
          description="Codes from it will stop working. Your other devices will be signed out."
          confirmLabel="Remove"
          onClose={() => setConfirming(null)}
          onConfirm={removeTotp}
        />
      )}
      {confirming !== null && typeof confirming === 'object' && (
        <ConfirmDialog
          title="Turn off text-message codes?"
          description="This number will no longer receive two-step codes. Your other devices will be signed out."
          confirmLabel="Turn off"
          onClose={() => setConfirming(null)}
          onConfirm={() => disableSms(confirming.disableSms)}
        />
      )}
    </SettingsSection>
  )
}
