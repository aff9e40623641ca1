import { createFileRoute, Link, notFound, Outlet } from '@tanstack/react-router'
import { currentSession } from '../../../auth/state.ts'
import { Badge } from '../../../components/ui/badge.tsx'
import { $getAdminContext } from '../../../functions/admin.functions.ts'
import { ADMIN_ROLE_LABEL } from '../../../session/admin.ts'
import { isTesseraError } from '../../../session/errors.ts'

/**
 * The admin console, for instance admins only. To anyone else it does not exist (404). This guard
 * only decides navigation: every admin function checks the caller's admin permission itself.
 */
export const Route = createFileRoute('/_authed/admin')({
  beforeLoad: async ({ context }) => {
    // Known not to be an admin from the page's own session: no call, so nothing answers 403 on the
    // way to the 404 (an admin's role is then confirmed by the server).
    const session = currentSession(context.auth)
    if (!session?.user?.adminRole || session.actor) throw notFound()
    try {
      return { admin: await $getAdminContext() }
    } catch (error) {
      if (isTesseraError(error, 'admin_forbidden') || isTesseraError(error, 'impersonation_forbidden')) throw notFound()
      throw error
    }
  },
  component: AdminLayout,
})

const SECTIONS = [
  { to: '/admin', label: 'Dashboard', exact: true },
  { to: '/admin/users', label: 'Users', exact: false },
  { to: '/admin/sessions', label: 'Sessions', exact: false },
  { to: '/admin/organizations', label: 'Organizations', exact: false },
  { to: '/admin/ledger', label: 'Ledger', exact: false },
  { to: '/admin/keys', label: 'Signing keys', exact: false },
  { to: '/admin/secret-keys', label: 'Secret keys', exact: false },
  { to: '/admin/webhooks', label: 'Webhooks', exact: false },
  { to: '/admin/connections', label: 'Connections', exact: false },
] as const

function AdminLayout() {
  const { admin } = Route.useRouteContext()
  const tab = 'rounded-md px-3 py-2 text-sm font-medium text-zinc-600 hover:text-zinc-900'
  return (
    <main className="mx-auto max-w-6xl px-6 py-10">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-3xl font-bold tracking-tight text-zinc-900">Admin</h1>
        <Badge tone="indigo">{ADMIN_ROLE_LABEL[admin.role]}</Badge>
      </div>
      <nav aria-label="Admin" className="mt-6 flex flex-wrap gap-1 border-b border-zinc-200 pb-2">
        {SECTIONS.map((section) => (
          <Link
            key={section.to}
            to={section.to}
            activeOptions={{ exact: section.exact }}
            className={tab}
            activeProps={{ className: 'bg-zinc-100 text-zinc-900' }}
          >
            {section.label}
          </Link>
        ))}
      </nav>
      <div className="mt-8">
        <Outlet />
      </div>
    </main>
  )
}
