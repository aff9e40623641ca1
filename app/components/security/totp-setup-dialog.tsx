import { useReverification } from '../../auth/reverification.ts'
import { $confirmTotpSetup, type $startTotpSetup } from '../../functions/account.functions.ts'
import { describeDuration } from '../../session/durations.ts'
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS } from '../../session/policy.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Button } from '../ui/button.tsx'
import { CodeField } from '../ui/code-field.tsx'
import { Dialog } from '../ui/dialog.tsx'

export type TotpSetup = Awaited<ReturnType<typeof $startTotpSetup>>

/** Scanning the QR code (or typing the key) into an authenticator app, then its first code. */
export function TotpSetupDialog({
  setup,
  onClose,
  onConfirmed,
}: {
  setup: TotpSetup
  onClose: () => void
  onConfirmed: (backupCodes: string[] | null) => Promise<void>
}) {
  const confirm = useReverification((code: string) => $confirmTotpSetup({ data: { code } }))
  const { errors, pending, canSubmit, onSubmit } = useFormAction(async (form) => {
    const { backupCodes } = await confirm(String(form.get('code') ?? ''))
    await onConfirmed(backupCodes)
  })
  return (
    <Dialog
      open
      onClose={onClose}
      title="Set up an authenticator app"
      description={`Scan the QR code with your app, or type the key into it. Then enter the ${TOTP_DIGITS}-digit code it shows.`}
    >
      <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        <div className="flex flex-col items-center gap-4 sm:flex-row sm:items-start">
          <img
            src={setup.qrCode}
            alt="QR code for your authenticator app"
            width={160}
            height={160}
            className="rounded-lg ring-1 ring-zinc-200"
          />
          <div className="min-w-0 space-y-2 text-sm">
            <p id="totp-key" className="font-medium text-zinc-800">
              Can't scan it? Enter this key:
            </p>
            <code
              aria-describedby="totp-key"
              className="block rounded-md bg-zinc-50 px-2 py-1.5 font-mono text-xs break-all text-zinc-900 ring-1 ring-zinc-200"
            >
              {setup.secret.replace(/(.{4})/g, '$1 ').trim()}
            </code>
            <p className="text-xs text-zinc-500">
              Time-based, {TOTP_DIGITS} digits, every {describeDuration(TOTP_PERIOD_SECONDS)}.
            </p>
            {/* The URI is what the QR code holds; exposed for password managers that accept otpauth links. */}
            <a href={setup.uri} className="text-xs font-semibold text-indigo-600 hover:text-indigo-500">
              Open in an authenticator app
            </a>
          </div>
        </div>
        <CodeField label="Code from the app" digits={TOTP_DIGITS} error={errors.fields.code} autoFocus={false} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" pending={pending} disabled={!canSubmit}>
            Turn on
          </Button>
        </div>
      </form>
    </Dialog>
  )
}
