/**
 * The `setup-mfa` task: the instance requires a second factor. The user sets up an authenticator
 * app (or text-message codes), sees their backup codes, and only then continues: the task is
 * reported done when they click through, so nobody skips past the codes by accident.
 */

import { useRouter } from '@tanstack/react-router'
import { useState } from 'react'
import { useEnvironment, useSession } from '../../auth/index.ts'
import { useReverification } from '../../auth/reverification.ts'
import { useFinishTask } from '../../auth/tasks.ts'
import { $regenerateBackupCodes, $startTotpSetup } from '../../functions/account.functions.ts'
import { $completeSessionTask } from '../../functions/tasks.functions.ts'
import type { SecuritySettingsJSON } from '../../session/wire.ts'
import { BackupCodes } from '../security/backup-codes-dialog.tsx'
import { AddPhoneDialog, PhoneCodeDialog, type PhoneVerification } from '../security/phone-numbers.tsx'
import { type TotpSetup, TotpSetupDialog } from '../security/totp-setup-dialog.tsx'
import { useSettingsAction } from '../settings/use-settings-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Badge } from '../ui/badge.tsx'
import { Button } from '../ui/button.tsx'
import { TaskCard } from './task-card.tsx'

export function SetupMfaTask({ settings }: { settings: SecuritySettingsJSON }) {
  const router = useRouter()
  const { appName } = useEnvironment()
  const { session } = useSession()
  const finish = useFinishTask()
  const startTotp = useReverification(() => $startTotpSetup())
  const regenerate = useReverification(() => $regenerateBackupCodes())
  const [totpSetup, setTotpSetup] = useState<TotpSetup | null>(null)
  const [addingPhone, setAddingPhone] = useState(false)
  const [phoneVerification, setPhoneVerification] = useState<PhoneVerification | null>(null)
  const [backupCodes, setBackupCodes] = useState<string[] | null>(null)
  const { error, trigger } = useSettingsAction()
  const offers = settings.availableSecondFactors
  const verifyingPhone = settings.phoneNumbers.find((phone) => phone.id === phoneVerification?.phoneNumberId)

  if (settings.secondFactorEnabled) {
    return (
      <TaskCard
        title="Two-step verification is on"
        description={
          backupCodes
            ? 'Save these backup codes now: each signs you in once if you lose your phone. They will not be shown again.'
            : 'You will be asked for your second step each time you sign in.'
        }
      >
        {error && <Alert>{error}</Alert>}
        {backupCodes && <BackupCodes appName={appName} codes={backupCodes} />}
        <Button
          className="mt-6 w-full"
          {...trigger('continue', () =>
            finish(async () => {
              if (session) await $completeSessionTask({ data: { sessionId: session.id, key: 'setup-mfa' } })
            }),
          )}
        >
          {backupCodes ? 'I have saved my codes, continue' : 'Continue'}
        </Button>
      </TaskCard>
    )
  }

  return (
    <TaskCard
      title="Set up two-step verification"
      description={`${appName} asks for a second step when you sign in, so a stolen password alone is not enough. Choose how you want to confirm it is you.`}
    >
      {error && (
        <div className="mb-4">
          <Alert>{error}</Alert>
        </div>
      )}
      <ul aria-label="Ways to set up two-step verification" className="space-y-3">
        {offers.includes('totp') && (
          <Option
            title="Authenticator app"
            badge={<Badge tone="indigo">Recommended</Badge>}
            detail="6-digit codes from an app such as 1Password, Google Authenticator or Authy."
            action={
              <Button size="sm" {...trigger('totp', async () => setTotpSetup(await startTotp()))}>
                Set up
              </Button>
            }
          />
        )}
        {offers.includes('phone_code') && (
          <Option
            title="Text message"
            detail="A code texted to your phone. Texts can be intercepted; an app is safer."
            action={
              <Button size="sm" variant="secondary" onClick={() => setAddingPhone(true)}>
                Use a phone
              </Button>
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
      {addingPhone && (
        <AddPhoneDialog
          smsSecondFactor="always"
          onClose={() => setAddingPhone(false)}
          onAdded={async (verification) => {
            setAddingPhone(false)
            await router.invalidate()
            setPhoneVerification(verification)
          }}
        />
      )}
      {verifyingPhone && phoneVerification && (
        <PhoneCodeDialog
          phone={verifyingPhone}
          useForSecondFactor
          onClose={() => setPhoneVerification(null)}
          onVerified={async () => {
            if (offers.includes('backup_code')) setBackupCodes((await regenerate()).backupCodes)
          }}
        />
      )}
    </TaskCard>
  )
}

function Option({
  title,
  badge,
  detail,
  action,
}: {
  title: string
  badge?: React.ReactNode
  detail: string
  action: React.ReactNode
}) {
  return (
    <li aria-label={title} className="flex items-center justify-between gap-4 rounded-xl p-4 ring-1 ring-zinc-200">
      <div>
        <p className="flex items-center gap-2 text-sm font-semibold text-zinc-900">
          {title} {badge}
        </p>
        <p className="mt-1 text-sm text-zinc-600">{detail}</p>
      </div>
      <div className="shrink-0">{action}</div>
    </li>
  )
}
