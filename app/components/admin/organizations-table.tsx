import { $assignOrganizationPlan, type $listAdminOrganizations } from '../../functions/admin.functions.ts'
import { Pager } from '../pager.tsx'
import { useSettingsAction } from '../settings/use-settings-action.ts'
import { Alert } from '../ui/alert.tsx'
import { Avatar } from '../ui/avatar.tsx'
import { Card } from '../ui/card.tsx'
import { SelectField } from '../ui/select-field.tsx'
import { EmptyRow, Table, Td } from '../ui/table.tsx'
import { Time } from '../ui/time.tsx'

const COLUMNS = ['Organization', 'Slug', 'Members', 'Plan', 'Created']

/** Organizations, newest first, with their plan (assignable when `canAssign`). */
export function OrganizationsTable({
  organizations: { items, page, hasMore, plans },
  query,
  canAssign,
}: {
  organizations: Awaited<ReturnType<typeof $listAdminOrganizations>>
  query: string | undefined
  canAssign: boolean
}) {
  const { error, run, pending } = useSettingsAction()
  const planName = (key: string | null) => plans.find((plan) => plan.key === key)?.name ?? key ?? 'None'
  const planOptions = [
    { value: '', label: `Default (${planName(plans.find((plan) => plan.default)?.key ?? null)})` },
    ...plans.map((plan) => ({ value: plan.key, label: plan.name })),
  ]
  return (
    <>
      {error && <Alert>{error}</Alert>}
      <Card>
        <Table label="Organizations" columns={COLUMNS}>
          {items.length === 0 && (
            <EmptyRow columns={COLUMNS.length}>
              {query ? `No organization matches “${query}”.` : 'No organizations yet.'}
            </EmptyRow>
          )}
          {items.map((organization) => (
            <tr key={organization.id}>
              <Td>
                <span className="flex items-center gap-3 font-medium text-zinc-900">
                  <Avatar name={organization.name} seed={organization.id} size="sm" square />
                  {organization.name}
                </span>
              </Td>
              <Td className="font-mono text-xs">{organization.slug}</Td>
              <Td className="tabular-nums">{organization.membersCount}</Td>
              <Td>
                {canAssign && plans.length > 0 ? (
                  <SelectField
                    label={`Plan of ${organization.name}`}
                    labelPosition="hidden"
                    size="sm"
                    options={planOptions}
                    value={organization.plan.assigned ?? ''}
                    disabled={pending === organization.id}
                    onChange={(event) =>
                      run(organization.id, () =>
                        $assignOrganizationPlan({
                          data: { organizationId: organization.id, plan: event.target.value || null },
                        }),
                      )
                    }
                  />
                ) : (
                  planName(organization.plan.effective)
                )}
              </Td>
              <Td className="whitespace-nowrap">
                <Time value={organization.createdAt} />
              </Td>
            </tr>
          ))}
        </Table>
        <Pager page={page} hasMore={hasMore} />
      </Card>
    </>
  )
}
