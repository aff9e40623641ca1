import type { ReactNode } from 'react'
import { Alert } from '../ui/alert.tsx'
import type { SentCode } from './code-form.tsx'
import { DevOutboxHint } from './dev-outbox-hint.tsx'
import { ResendButton } from './resend-button.tsx'
import { type SentLinkCopy, sentLinkInstructions } from './strategies.ts'

/**
 * The step that waits for a link we emailed to be opened (`email_link`): where it went, how long it
 * works, a resend after the cooldown. The flow polls meanwhile (the resource's `startEmailLinkFlow`)
 * and moves on by itself once the link is opened, in this browser or another.
 */
export function LinkStep({
  copy,
  sent,
  sendError = null,
  onResend,
  alternatives,
}: {
  copy: SentLinkCopy
  sent: SentCode | null
  sendError?: string | null
  onResend: () => Promise<void>
  alternatives?: ReactNode
}) {
  return (
    <div className="space-y-5">
      {sendError && <Alert>{sendError}</Alert>}
      <div className="space-y-1" role="status">
        <p className="font-medium text-zinc-900">Check your email</p>
        <p className="text-sm text-zinc-600">{sentLinkInstructions(copy, sent)}</p>
      </div>
      <DevOutboxHint />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <ResendButton what="link" nextResendAt={sent?.nextResendAt ?? null} onResend={() => void onResend()} />
        {alternatives}
      </div>
    </div>
  )
}
