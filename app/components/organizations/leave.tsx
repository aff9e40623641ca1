import { useNavigate } from '@tanstack/react-router'
import { useId, useState } from 'react'
import { useAuthContext, useUser } from '../../auth/index.ts'
import { useReverification } from '../../auth/reverification.ts'
import { $leaveOrganization } from '../../functions/organizations.functions.ts'
import { ConfirmDialog } from '../settings/confirm-dialog.tsx'
import { SettingsSection } from '../settings/settings-section.tsx'
import { Button } from '../ui/button.tsx'

/**
 * Leaving the organization, after a confirmation and a fresh verification. `refusal` is why the
 * server would refuse it, when the page already knows (the last admin, an impersonated session):
 * the button is then disabled and the reason said next to it.
 */
export function LeaveSection({
  organizationId,
  name,
  refusal,
}: {
  organizationId: string
  name: string
  refusal: string | null
}) {
  const { setActive, refresh } = useAuthContext()
  const { user } = useUser()
  const navigate = useNavigate()
  const reasonId = useId()
  const [confirming, setConfirming] = useState(false)
  const leave = useReverification(() => $leaveOrganization({ data: { organizationId } }))
  return (
    <SettingsSection
      id="leave"
      title="Leave organization"
      description={`You lose access to ${name}. To come back you need a new invitation.`}
      action={
        <Button
          variant="danger"
          size="sm"
          disabled={refusal !== null}
          aria-describedby={refusal ? reasonId : undefined}
          onClick={() => setConfirming(true)}
        >
          Leave
        </Button>
      }
    >
      <p id={reasonId} className="px-5 py-4 text-sm text-zinc-600">
        {refusal ?? 'The last admin cannot leave: make someone else an admin first, or delete the organization.'}
      </p>
      {confirming && (
        <ConfirmDialog
          title={`Leave ${name}?`}
          description="You will lose access at once."
          confirmLabel="Leave"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            await leave()
            const next = user?.organizationMemberships.find(
              (membership) => membership.organization.id !== organizationId,
            )
            await setActive({ organization: next?.organization.id ?? null }).catch(() => refresh())
            await navigate({ to: '/dashboard' })
          }}
        />
      )}
    </SettingsSection>
  )
}
