import { createFileRoute } from '@tanstack/react-router'
import { SignInChart } from '../../../components/admin/sign-in-chart.tsx'
import { titled } from '../../../components/page-title.ts'
import { Card } from '../../../components/ui/card.tsx'
import { $getAdminDashboard } from '../../../functions/admin.functions.ts'
import type { DashboardJSON } from '../../../session/admin-wire.ts'

export const Route = createFileRoute('/_authed/admin/')({
  loader: () => $getAdminDashboard(),
  head: titled('Admin'),
  component: AdminDashboard,
})

const COUNTS: Array<{ key: keyof DashboardJSON['counts']; label: string; help: string }> = [
  { key: 'activeSessions', label: 'Active sessions', help: 'Signed in now' },
  { key: 'pendingSessions', label: 'Pending sessions', help: 'Signed in, a task still owed' },
  { key: 'users', label: 'Users', help: 'Every account' },
  { key: 'organizations', label: 'Organizations', help: 'Every organization' },
  { key: 'admins', label: 'Admins', help: 'Accounts with an admin role' },
]

/** The instance at a glance: live counts, and the last hour of sign-ins against failures. */
function AdminDashboard() {
  const { counts, chart, bucketSeconds } = Route.useLoaderData()
  return (
    <div className="space-y-8">
      <ul aria-label="Counts" className="grid gap-4 sm:grid-cols-3 lg:grid-cols-5">
        {COUNTS.map(({ key, label, help }) => (
          <li key={key} aria-label={label}>
            <Card className="h-full p-5">
              <p className="text-sm font-medium text-zinc-500">{label}</p>
              <p className="mt-2 text-3xl font-semibold tracking-tight text-zinc-900 tabular-nums">
                {counts[key].toLocaleString('en')}
              </p>
              <p className="mt-1 text-xs text-zinc-500">
                {key === 'users' && counts.bannedUsers > 0 ? `${counts.bannedUsers.toLocaleString('en')} banned` : help}
              </p>
            </Card>
          </li>
        ))}
      </ul>
      <Card className="p-6">
        <h2 className="text-lg font-semibold text-zinc-900">Sign-ins in the last hour</h2>
        <div className="mt-4">
          <SignInChart chart={chart} bucketSeconds={bucketSeconds} />
        </div>
      </Card>
    </div>
  )
}
