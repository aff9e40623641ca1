import { useRouter } from '@tanstack/react-router'
import { useState } from 'react'
import { useReverification } from '../../auth/reverification.ts'
import { $deleteAccount } from '../../functions/account.functions.ts'
import { ConfirmDialog } from '../settings/confirm-dialog.tsx'
import { SettingsSection } from '../settings/settings-section.tsx'
import { Button } from '../ui/button.tsx'

/** The danger zone: deleting the account, after a confirmation and a fresh verification. */
export function DeleteAccountSection() {
  const router = useRouter()
  const [confirming, setConfirming] = useState(false)
  const remove = useReverification(() => $deleteAccount())
  return (
    <SettingsSection
      id="delete-account"
      title="Delete account"
      description="Deletes your account, signs it out everywhere and removes every sign-in method. This cannot be undone."
      action={
        <Button variant="danger" size="sm" onClick={() => setConfirming(true)}>
          Delete account
        </Button>
      }
    >
      <p className="px-5 py-4 text-sm text-zinc-500">We will email your primary address to confirm it.</p>
      {confirming && (
        <ConfirmDialog
          title="Delete your account?"
          description="Your sessions, email addresses, phone numbers, passkeys and codes will be gone. You cannot undo this."
          confirmLabel="Delete my account"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            await remove()
            await router.navigate({ href: '/' })
          }}
        />
      )}
    </SettingsSection>
  )
}
