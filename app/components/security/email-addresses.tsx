import { useRouter } from '@tanstack/react-router'
import { useState } from 'react'
import { useReverification } from '../../auth/reverification.ts'
import {
  $addEmailAddress,
  $removeEmailAddress,
  $resendEmailVerification,
  $setPrimaryEmailAddress,
  $verifyEmailAddress,
} from '../../functions/account.functions.ts'
import { EMAIL_MAX_LENGTH } from '../../session/policy.ts'
import type { EmailAddressSettingsJSON } from '../../session/wire.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { SettingsRow, SettingsSection } from '../settings/settings-section.tsx'
import { useSettingsAction } from '../settings/use-settings-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Badge } from '../ui/badge.tsx'
import { Button } from '../ui/button.tsx'
import { Dialog } from '../ui/dialog.tsx'
import { TextField } from '../ui/field.tsx'
import { CodeDialog } from './code-dialog.tsx'

export function EmailAddressesSection({ emailAddresses }: { emailAddresses: EmailAddressSettingsJSON[] }) {
  const router = useRouter()
  const makePrimary = useReverification((emailAddressId: string) =>
    $setPrimaryEmailAddress({ data: { emailAddressId } }),
  )
  const remove = useReverification((emailAddressId: string) => $removeEmailAddress({ data: { emailAddressId } }))
  const [adding, setAdding] = useState(false)
  const [verifyingId, setVerifyingId] = useState<string | null>(null)
  const { error, trigger } = useSettingsAction()
  const verifying = emailAddresses.find((email) => email.id === verifyingId) ?? null

  return (
    <SettingsSection
      id="email-addresses"
      title="Email addresses"
      description="Sign in with any verified address. Security notices go to the primary one."
      action={
        <Button variant="secondary" size="sm" onClick={() => setAdding(true)}>
          Add email address
        </Button>
      }
      alert={error && <Alert>{error}</Alert>}
    >
      <ul aria-label="Email addresses" className="divide-y divide-zinc-100">
        {emailAddresses.map((email) => (
          <SettingsRow
            key={email.id}
            label={email.emailAddress}
            title={email.emailAddress}
            badges={
              <>
                {email.primary && <Badge tone="indigo">Primary</Badge>}
                {!email.verified && <Badge tone="amber">Unverified</Badge>}
              </>
            }
            actions={
              <>
                {!email.verified && (
                  <Button size="sm" variant="secondary" onClick={() => setVerifyingId(email.id)}>
                    Verify
                  </Button>
                )}
                {email.verified && !email.primary && (
                  <Button size="sm" variant="ghost" {...trigger(`primary:${email.id}`, () => makePrimary(email.id))}>
                    Make primary
                  </Button>
                )}
                {!email.primary && (
                  <Button size="sm" variant="ghost" {...trigger(`remove:${email.id}`, () => remove(email.id))}>
                    Remove
                  </Button>
                )}
              </>
            }
          />
        ))}
      </ul>
      {adding && (
        <AddEmailDialog
          onClose={() => setAdding(false)}
          onAdded={async (emailAddressId) => {
            setAdding(false)
            await router.invalidate()
            setVerifyingId(emailAddressId)
          }}
        />
      )}
      {verifying && (
        <CodeDialog
          title="Verify your email address"
          description={`Enter the 6-digit code we sent to ${verifying.emailAddress}.`}
          verification={verifying.verification}
          onClose={() => setVerifyingId(null)}
          onResend={async () => {
            await $resendEmailVerification({ data: { emailAddressId: verifying.id } })
            await router.invalidate()
          }}
          onVerify={async (code) => {
            await $verifyEmailAddress({ data: { emailAddressId: verifying.id, code } })
            setVerifyingId(null)
            await router.invalidate()
          }}
        />
      )}
    </SettingsSection>
  )
}

function AddEmailDialog({ onClose, onAdded }: { onClose: () => void; onAdded: (id: string) => Promise<void> }) {
  const add = useReverification((email: string) => $addEmailAddress({ data: { email } }))
  const { errors, pending, canSubmit, onSubmit } = useFormAction(async (form) => {
    const { emailAddressId } = await add(String(form.get('email') ?? ''))
    await onAdded(emailAddressId)
  })
  return (
    <Dialog
      open
      onClose={onClose}
      title="Add an email address"
      description="We will send a code to confirm it is yours. Until then it cannot be used to sign in."
    >
      <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        <TextField
          label="Email address"
          name="email"
          type="email"
          autoComplete="email"
          maxLength={EMAIL_MAX_LENGTH}
          error={errors.fields.email}
        />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" pending={pending} disabled={!canSubmit}>
            Send code
          </Button>
        </div>
      </form>
    </Dialog>
  )
}
