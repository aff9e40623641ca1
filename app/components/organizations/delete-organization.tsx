import { useNavigate } from '@tanstack/react-router'
import { useId, useState } from 'react'
import { type Organization, useAuthContext } from '../../auth/index.ts'
import { useReverification } from '../../auth/reverification.ts'
import { ConfirmDialog } from '../settings/confirm-dialog.tsx'
import { SettingsSection } from '../settings/settings-section.tsx'
import { Button } from '../ui/button.tsx'

/**
 * Deleting the organization (`Organization.destroy()`), after a confirmation and a fresh
 * verification (`useReverification`, as the reference's docs wrap it); `refusal` (an
 * impersonated session) disables it with the reason.
 */
export function DeleteOrganizationSection({
  organization,
  refusal,
}: {
  organization: Organization
  refusal: string | null
}) {
  const { setActive, refresh } = useAuthContext()
  const navigate = useNavigate()
  const reasonId = useId()
  const [confirming, setConfirming] = useState(false)
  const remove = useReverification(() => organization.destroy())
  return (
    <SettingsSection
      id="delete-organization"
      title="Delete organization"
      description="Deletes the organization, its memberships and invitations. This cannot be undone."
      action={
        <Button
          variant="danger"
          size="sm"
          disabled={refusal !== null}
          aria-describedby={refusal ? reasonId : undefined}
          onClick={() => setConfirming(true)}
        >
          Delete organization
        </Button>
      }
    >
      <p id={reasonId} className="px-5 py-4 text-sm text-zinc-600">
        {refusal ?? 'Every member loses access at once.'}
      </p>
      {confirming && (
        <ConfirmDialog
          title={`Delete ${organization.name}?`}
          description="Members lose access at once; this cannot be undone."
          confirmLabel="Delete"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            await remove()
            await setActive({ organization: null }).catch(() => refresh())
            await navigate({ to: '/dashboard' })
          }}
        />
      )}
    </SettingsSection>
  )
}
