import type { ReactNode } from 'react'
import type { VerificationJSON } from '../../session/wire.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Button } from '../ui/button.tsx'
import { CodeField } from '../ui/code-field.tsx'
import { DevOutboxHint } from './dev-outbox-hint.tsx'
import { ResendButton } from './resend-button.tsx'
import { type HeldCodeCopy, type SentCodeCopy, sentCodeInstructions } from './strategies.ts'

/** What the form shows of a code that went out: where to, and when another may be asked for. */
export type SentCode = Pick<VerificationJSON, 'safeIdentifier' | 'nextResendAt'>

/**
 * The step that takes a code, for every flow: a code we sent (where it went, how long it works, a
 * resend after the cooldown, and in development where to read it), or one the person has (an
 * authenticator app's, a backup code). A one-time code submits itself once whole (CodeField).
 */
export function CodeForm({
  copy,
  sent = null,
  instructions,
  sendError = null,
  onResend,
  attempt,
  submitLabel = 'Continue',
  alternatives,
}: {
  copy: SentCodeCopy | HeldCodeCopy
  /** The code that went out (a sent code), when it has. */
  sent?: SentCode | null
  /** Replaces the copy's sentence (sign-up says what the code is for). */
  instructions?: ReactNode
  /** Why the code could not be sent (or sent again). */
  sendError?: string | null
  onResend?: () => Promise<void>
  attempt: (code: string) => Promise<void>
  submitLabel?: string
  /** Other ways to go on, beside the resend. */
  alternatives?: ReactNode
}) {
  const { errors, pending, canSubmit, onSubmit } = useFormAction(async (form) =>
    attempt(String(form.get('code') ?? '')),
  )
  const alert = errors.form ?? sendError
  const isSent = copy.kind === 'sent_code'
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
      {alert && <Alert>{alert}</Alert>}
      <div className="space-y-1">
        <p className="text-sm text-zinc-600">
          {instructions ?? (isSent ? sentCodeInstructions(copy, sent) : copy.instructions)}
        </p>
        {isSent && <DevOutboxHint />}
      </div>
      {isSent ? (
        <CodeField error={errors.fields.code} />
      ) : (
        <CodeField kind={copy.field} label={copy.label} digits={copy.digits} error={errors.fields.code} />
      )}
      <Button type="submit" className="w-full" pending={pending} disabled={!canSubmit}>
        {submitLabel}
      </Button>
      {((isSent && onResend) || alternatives) && (
        <div className="flex flex-wrap items-center justify-between gap-2">
          {isSent && onResend && (
            <ResendButton nextResendAt={sent?.nextResendAt ?? null} onResend={() => void onResend()} />
          )}
          {alternatives}
        </div>
      )}
    </form>
  )
}
