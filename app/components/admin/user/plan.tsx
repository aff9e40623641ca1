import { $assignUserPlan } from '../../../functions/admin.functions.ts'
import type { AdminUserDetailJSON } from '../../../session/admin-wire.ts'
import { SettingsSection } from '../../settings/settings-section.tsx'
import { useSettingsAction } from '../../settings/use-settings-action.ts'
import { Alert } from '../../ui/alert.tsx'
import { SelectField } from '../../ui/select-field.tsx'

/** The user's plan: the one in force, and the one assigned (changed at once, with `admin:manage_users`). */
export function PlanSection({ detail, canAssign }: { detail: AdminUserDetailJSON; canAssign: boolean }) {
  const { error, run, pending } = useSettingsAction()
  const { plan } = detail.user
  if (detail.plans.length === 0) return null
  const planName = (key: string | null) => detail.plans.find((candidate) => candidate.key === key)?.name ?? key
  return (
    <SettingsSection
      id="plan"
      title="Plan"
      description={`In force: ${planName(plan.effective) ?? 'none'}${plan.assigned === null ? ' (the default)' : ''}.`}
      alert={error && <Alert>{error}</Alert>}
    >
      <div className="px-5 py-4">
        {canAssign ? (
          <SelectField
            label="Assigned plan"
            labelPosition="inline"
            size="sm"
            value={plan.assigned ?? ''}
            disabled={pending === 'plan'}
            onChange={(event) =>
              run('plan', () => $assignUserPlan({ data: { userId: detail.user.id, plan: event.target.value || null } }))
            }
            options={[
              { value: '', label: 'The default plan' },
              ...detail.plans.map((option) => ({ value: option.key, label: option.name })),
            ]}
          />
        ) : (
          <p className="text-sm text-zinc-600">{planName(plan.assigned) ?? 'The default plan'}</p>
        )}
      </div>
    </SettingsSection>
  )
}
