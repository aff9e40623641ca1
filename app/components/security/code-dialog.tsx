import { type ReactNode, useState } from 'react'
import { formErrors } from '../../auth/errors.ts'
import type { VerificationJSON } from '../../session/wire.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Button } from '../ui/button.tsx'
import { CodeField } from '../ui/code-field.tsx'
import { Dialog } from '../ui/dialog.tsx'
import { ResendButton } from '../verification/resend-button.tsx'

/** Asks for the code just sent to an address or number, with a resend after the cooldown. */
export function CodeDialog({
  title,
  description,
  verification,
  submitLabel = 'Verify',
  onVerify,
  onResend,
  onClose,
  children,
}: {
  title: string
  description: string
  verification: VerificationJSON | null
  submitLabel?: string
  onVerify: (code: string) => Promise<void>
  onResend: () => Promise<void>
  onClose: () => void
  children?: ReactNode
}) {
  const [resendError, setResendError] = useState<string | null>(null)
  const { errors, pending, canSubmit, onSubmit } = useFormAction((form) => onVerify(String(form.get('code') ?? '')))
  const alert = errors.form ?? resendError
  return (
    <Dialog open onClose={onClose} title={title} description={description}>
      <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
        {alert && <Alert>{alert}</Alert>}
        <CodeField error={errors.fields.code} />
        {children}
        <div className="flex flex-wrap items-center justify-between gap-3">
          <ResendButton
            nextResendAt={verification?.nextResendAt ?? null}
            onResend={async () => {
              setResendError(null)
              try {
                await onResend()
              } catch (error) {
                setResendError(formErrors(error).form)
              }
            }}
          />
          <div className="flex gap-2">
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" pending={pending} disabled={!canSubmit}>
              {submitLabel}
            </Button>
          </div>
        </div>
      </form>
    </Dialog>
  )
}
