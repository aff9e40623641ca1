import { Link } from '@tanstack/react-router'
import { useState } from 'react'
import { $revokeUserSessions } from '../../../functions/admin.functions.ts'
import type { AdminUserDetailJSON } from '../../../session/admin-wire.ts'
import { ConfirmDialog } from '../../settings/confirm-dialog.tsx'
import { SettingsSection } from '../../settings/settings-section.tsx'
import { Button, buttonClasses } from '../../ui/button.tsx'

/** How many sessions the user has, links to them and their activity, and revoking them all. */
export function SessionsSection({ detail, canRevoke }: { detail: AdminUserDetailJSON; canRevoke: boolean }) {
  const [confirming, setConfirming] = useState(false)
  const signedIn = detail.sessions.active + detail.sessions.pending
  const userId = detail.user.id
  return (
    <SettingsSection
      id="sessions"
      title="Sessions"
      description={`${signedIn === 1 ? '1 session is' : `${signedIn} sessions are`} signed in now.`}
      action={
        <div className="flex gap-2">
          <Link to="/admin/sessions" search={{ userId }} className={buttonClasses({ variant: 'ghost', size: 'sm' })}>
            View sessions
          </Link>
          <Link to="/admin/ledger" search={{ userId }} className={buttonClasses({ variant: 'ghost', size: 'sm' })}>
            View activity
          </Link>
          {canRevoke && signedIn > 0 && (
            <Button variant="secondary" size="sm" onClick={() => setConfirming(true)}>
              Revoke all sessions
            </Button>
          )}
        </div>
      }
    >
      <p className="px-5 py-4 text-sm text-zinc-500">
        A revoked session is signed out at its next request (within a minute for checks that trust the session token
        alone).
      </p>
      {confirming && (
        <ConfirmDialog
          title="Revoke every session of this user?"
          description="They are signed out on every device at their next request, and can sign in again."
          confirmLabel="Revoke all"
          onClose={() => setConfirming(false)}
          onConfirm={() => $revokeUserSessions({ data: { userId } })}
        />
      )}
    </SettingsSection>
  )
}
