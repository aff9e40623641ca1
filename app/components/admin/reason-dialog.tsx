import { useId } from 'react'
import { ADMIN_REASON_MAX_LENGTH } from '../../session/policy.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Button } from '../ui/button.tsx'
import { cn } from '../ui/cn.ts'
import { Dialog } from '../ui/dialog.tsx'
import { describedBy, Field, inputRing } from '../ui/field.tsx'

const REASON_HELP = 'Kept in the ledger. The user can read it in their account activity.'

/** An admin action waiting for its reason: what the dialog says, and what it runs once told why. */
export interface ReasonRequest {
  title: string
  description: string
  confirmLabel: string
  /** False for what gives something back (an unban): the confirm button is not red. */
  danger?: boolean
  run: (reason: string) => Promise<unknown>
}

/**
 * "Are you sure, and why?" for an admin action on someone's account: the reason is required (the
 * ledger keeps it, and the user may read it in their activity). `onConfirm` runs the action and
 * closes the dialog; an error stays in it.
 */
export function ReasonDialog({
  title,
  description,
  confirmLabel,
  danger = true,
  onConfirm,
  onClose,
}: {
  title: string
  description: string
  confirmLabel: string
  danger?: boolean
  onConfirm: (reason: string) => Promise<unknown>
  onClose: () => void
}) {
  const id = useId()
  const { errors, pending, canSubmit, onSubmit } = useFormAction(
    async (form) => {
      await onConfirm(String(form.get('reason') ?? ''))
    },
    undefined,
    { afterSuccess: 'ready' },
  )
  const error = errors.fields.reason ?? null
  return (
    <Dialog open onClose={onClose} title={title} description={description}>
      <form method="post" onSubmit={onSubmit} noValidate className="space-y-4">
        {errors.form && <Alert>{errors.form}</Alert>}
        <Field inputId={id} label="Reason" description={REASON_HELP} error={error}>
          <textarea
            id={id}
            name="reason"
            required
            rows={3}
            maxLength={ADMIN_REASON_MAX_LENGTH}
            {...describedBy(id, { description: REASON_HELP, error })}
            className={cn(inputRing(error), 'py-2 text-sm')}
          />
        </Field>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant={danger ? 'danger' : 'primary'} pending={pending} disabled={!canSubmit}>
            {confirmLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  )
}
