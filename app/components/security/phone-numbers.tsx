import { useRouter } from '@tanstack/react-router'
import { useState } from 'react'
import { useReverification } from '../../auth/reverification.ts'
import {
  $addPhoneNumber,
  $removePhoneNumber,
  $sendPhoneVerification,
  $setPrimaryPhoneNumber,
  $verifyPhoneNumber,
} from '../../functions/account.functions.ts'
import { PHONE_INPUT_MAX_LENGTH } from '../../session/policy.ts'
import type { PhoneNumberSettingsJSON } from '../../session/wire.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { SettingsRow, SettingsSection } from '../settings/settings-section.tsx'
import { useSettingsAction } from '../settings/use-settings-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Badge } from '../ui/badge.tsx'
import { Button } from '../ui/button.tsx'
import { Dialog } from '../ui/dialog.tsx'
import { TextField } from '../ui/field.tsx'
import { CodeDialog } from './code-dialog.tsx'

/** A number being verified, and whether the code also turns on second-factor codes for it. */
export interface PhoneVerification {
  phoneNumberId: string
  useForSecondFactor: boolean
}

export function PhoneNumbersSection({
  phoneNumbers,
  smsSecondFactorAvailable,
  onVerify,
}: {
  phoneNumbers: PhoneNumberSettingsJSON[]
  smsSecondFactorAvailable: boolean
  onVerify: (verification: PhoneVerification) => void
}) {
  const router = useRouter()
  const [adding, setAdding] = useState(false)
  const { error, trigger } = useSettingsAction()
  const remove = useReverification((phoneNumberId: string) => $removePhoneNumber({ data: { phoneNumberId } }))
  const makePrimary = useReverification((phoneNumberId: string) => $setPrimaryPhoneNumber({ data: { phoneNumberId } }))
  return (
    <SettingsSection
      id="phone-numbers"
      title="Phone numbers"
      description="Sign in with a code texted to a verified number, or receive two-step codes there."
      action={
        <Button variant="secondary" size="sm" onClick={() => setAdding(true)}>
          Add phone number
        </Button>
      }
      alert={error && <Alert>{error}</Alert>}
    >
      {phoneNumbers.length === 0 ? (
        <p className="px-5 py-4 text-sm text-zinc-500">No phone numbers yet.</p>
      ) : (
        <ul aria-label="Phone numbers" className="divide-y divide-zinc-100">
          {phoneNumbers.map((phone) => (
            <SettingsRow
              key={phone.id}
              label={phone.phoneNumber}
              title={<span className="font-mono">{phone.phoneNumber}</span>}
              badges={
                <>
                  {phone.primary && <Badge tone="indigo">Primary</Badge>}
                  {phone.secondFactor && <Badge tone="green">Two-step codes</Badge>}
                  {!phone.verified && <Badge tone="amber">Unverified</Badge>}
                </>
              }
              actions={
                <>
                  {!phone.verified && (
                    <Button
                      size="sm"
                      variant="secondary"
                      onClick={() => onVerify({ phoneNumberId: phone.id, useForSecondFactor: false })}
                    >
                      Verify
                    </Button>
                  )}
                  {phone.verified && !phone.primary && (
                    <Button size="sm" variant="ghost" {...trigger(`primary:${phone.id}`, () => makePrimary(phone.id))}>
                      Make primary
                    </Button>
                  )}
                  <Button size="sm" variant="ghost" {...trigger(phone.id, () => remove(phone.id))}>
                    Remove
                  </Button>
                </>
              }
            />
          ))}
        </ul>
      )}
      {adding && (
        <AddPhoneDialog
          smsSecondFactor={smsSecondFactorAvailable ? 'offer' : 'never'}
          onClose={() => setAdding(false)}
          onAdded={async (verification) => {
            setAdding(false)
            await router.invalidate()
            onVerify(verification)
          }}
        />
      )}
    </SettingsSection>
  )
}

/**
 * Adds a number and texts it a code. `smsSecondFactor`: `offer` asks whether it should also get
 * two-step codes, `always` adds it for them (setting up two-step verification), `never` does not.
 */
export function AddPhoneDialog({
  smsSecondFactor,
  onClose,
  onAdded,
}: {
  smsSecondFactor: 'offer' | 'always' | 'never'
  onClose: () => void
  onAdded: (verification: PhoneVerification) => Promise<void>
}) {
  const add = useReverification((phoneNumber: string) => $addPhoneNumber({ data: { phoneNumber } }))
  const { errors, pending, canSubmit, onSubmit } = useFormAction(async (form) => {
    const { phoneNumberId } = await add(String(form.get('phoneNumber') ?? ''))
    const useForSecondFactor = smsSecondFactor === 'always' || form.get('secondFactor') === 'on'
    await onAdded({ phoneNumberId, useForSecondFactor })
  })
  return (
    <Dialog
      open
      onClose={onClose}
      title="Add a phone number"
      description="We will text a code to confirm it is yours. Include the country code."
    >
      <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        <TextField
          label="Phone number"
          name="phoneNumber"
          type="tel"
          autoComplete="tel"
          placeholder="+1 415 555 0123"
          maxLength={PHONE_INPUT_MAX_LENGTH}
          error={errors.fields.phoneNumber}
        />
        {smsSecondFactor === 'offer' && (
          <label className="flex items-start gap-3 text-sm text-zinc-700">
            <input type="checkbox" name="secondFactor" className="mt-0.5 size-4 rounded border-zinc-300" />
            <span>
              Also send two-step verification codes to this number.{' '}
              <span className="text-zinc-500">
                Text messages can be intercepted (SIM swaps); an authenticator app or a passkey is stronger.
              </span>
            </span>
          </label>
        )}
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

/** The code dialog for a number: verifying it, or turning on second-factor codes for it. */
export function PhoneCodeDialog({
  phone,
  useForSecondFactor,
  onClose,
  onVerified,
}: {
  phone: PhoneNumberSettingsJSON
  useForSecondFactor: boolean
  onClose: () => void
  /** After the code was accepted (and the dialog closed). */
  onVerified?: () => Promise<void>
}) {
  const router = useRouter()
  const verify = useReverification((code: string) =>
    $verifyPhoneNumber({ data: { phoneNumberId: phone.id, code, useForSecondFactor } }),
  )
  return (
    <CodeDialog
      title={useForSecondFactor ? 'Turn on text-message codes' : 'Verify your phone number'}
      description={`Enter the 6-digit code we texted to ${phone.phoneNumber}.`}
      verification={phone.verification}
      submitLabel={useForSecondFactor ? 'Turn on' : 'Verify'}
      onClose={onClose}
      onResend={async () => {
        await $sendPhoneVerification({ data: { phoneNumberId: phone.id } })
        await router.invalidate()
      }}
      onVerify={async (code) => {
        await verify(code)
        onClose()
        await router.invalidate()
        await onVerified?.()
      }}
    />
  )
}
