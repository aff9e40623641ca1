import { useState } from 'react'
import { useReverification } from '../../auth/reverification.ts'
import { $redeemActorToken, $startImpersonation } from '../../functions/actors.functions.ts'
import { describeDuration } from '../../session/durations.ts'
import {
  ACTOR_REASON_MAX_LENGTH,
  IMPERSONATION_INACTIVITY_TIMEOUT_SECONDS,
  IMPERSONATION_MAX_LIFETIME_SECONDS,
} from '../../session/policy.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Button } from '../ui/button.tsx'
import { Dialog } from '../ui/dialog.tsx'
import { TextField } from '../ui/field.tsx'

/**
 * "Impersonate" on an admin's view of a user: asks for the reason (it goes to the ledger), makes
 * the single-use link and redeems it here at once, so this browser becomes the user's for at most
 * IMPERSONATION_MAX_LIFETIME_SECONDS. The admin's own sign-in is set aside and comes back when they stop.
 */
export function ImpersonateButton({ userId, userName }: { userId: string; userName: string }) {
  const [open, setOpen] = useState(false)
  const start = useReverification((reason: string) => $startImpersonation({ data: { userId, reason } }))
  const { errors, pending, canSubmit, onSubmit } = useFormAction(async (form) => {
    const { url } = await start(String(form.get('reason') ?? ''))
    const token = new URLSearchParams(new URL(url).hash.slice(1)).get('token') ?? ''
    const { redirectUrl } = await $redeemActorToken({ data: { token } })
    // A full load: the browser now holds the impersonation's client, and every tab state must follow.
    window.location.assign(redirectUrl)
  })
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Impersonate
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Impersonate ${userName}?`}
        description={`You will see the app as they do for at most ${describeDuration(IMPERSONATION_MAX_LIFETIME_SECONDS)} (${describeDuration(IMPERSONATION_INACTIVITY_TIMEOUT_SECONDS)} without activity). Sensitive actions are blocked, and everything you do is recorded under both your names.`}
      >
        <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
          {errors.form && <Alert>{errors.form}</Alert>}
          <TextField
            label="Reason"
            name="reason"
            placeholder="Support ticket #1234"
            maxLength={ACTOR_REASON_MAX_LENGTH}
            error={errors.fields.reason}
          />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" pending={pending} disabled={!canSubmit}>
              Start impersonating
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  )
}
