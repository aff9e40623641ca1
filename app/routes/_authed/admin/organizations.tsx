import { createFileRoute, useNavigate } from '@tanstack/react-router'
import * as z from 'zod'
import { AdminSearchForm } from '../../../components/admin/search-form.tsx'
import { useAdmin } from '../../../components/admin/use-admin.ts'
import { titled } from '../../../components/page-title.ts'
import { Pager } from '../../../components/pager.tsx'
import { pageParam, textParam } from '../../../components/search-params.ts'
import { useSettingsAction } from '../../../components/settings/use-settings-action.ts'
import { Alert } from '../../../components/ui/alert.tsx'
import { Avatar } from '../../../components/ui/avatar.tsx'
import { Card } from '../../../components/ui/card.tsx'
import { cn } from '../../../components/ui/cn.ts'
import { selectClasses } from '../../../components/ui/field.tsx'
import { EmptyRow, Table, Td } from '../../../components/ui/table.tsx'
import { Time } from '../../../components/ui/time.tsx'
import { $assignOrganizationPlan, $listAdminOrganizations } from '../../../functions/admin.functions.ts'
import { ADMIN_SEARCH_MAX_LENGTH } from '../../../session/policy.ts'

export const Route = createFileRoute('/_authed/admin/organizations')({
  validateSearch: z.object({ q: textParam(ADMIN_SEARCH_MAX_LENGTH), page: pageParam }),
  loaderDeps: ({ search }) => search,
  loader: ({ deps }) => $listAdminOrganizations({ data: { query: deps.q ?? '', page: deps.page ?? 0 } }),
  head: titled('Organizations · Admin'),
  component: OrganizationsPage,
})

const COLUMNS = ['Organization', 'Slug', 'Members', 'Plan', 'Created']

/** Every organization, newest first, with its plan (assignable with `admin:manage_users`). */
function OrganizationsPage() {
  const { items, page, hasMore, plans } = Route.useLoaderData()
  const { q } = Route.useSearch()
  const navigate = useNavigate({ from: Route.fullPath })
  const canAssign = useAdmin().can('admin:manage_users') && plans.length > 0
  const { error, run, pending } = useSettingsAction()
  const planName = (key: string | null) => plans.find((plan) => plan.key === key)?.name ?? key ?? 'None'
  return (
    <div className="space-y-6">
      <AdminSearchForm
        name="organizations"
        placeholder="Name, slug or id"
        value={q}
        onSearch={(query) => void navigate({ search: { q: query } })}
      />
      {error && <Alert>{error}</Alert>}
      <Card>
        <Table label="Organizations" columns={COLUMNS}>
          {items.length === 0 && (
            <EmptyRow columns={COLUMNS.length}>
              {q ? `No organization matches “${q}”.` : 'No organizations yet.'}
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
                {canAssign ? (
                  <select
                    aria-label={`Plan of ${organization.name}`}
                    value={organization.plan.assigned ?? ''}
                    disabled={pending === organization.id}
                    onChange={(event) =>
                      run(organization.id, () =>
                        $assignOrganizationPlan({
                          data: { organizationId: organization.id, plan: event.target.value || null },
                        }),
                      )
                    }
                    className={cn(selectClasses, 'h-8')}
                  >
                    <option value="">Default ({planName(plans.find((plan) => plan.default)?.key ?? null)})</option>
                    {plans.map((plan) => (
                      <option key={plan.key} value={plan.key}>
                        {plan.name}
                      </option>
                    ))}
                  </select>
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
    </div>
  )
}
