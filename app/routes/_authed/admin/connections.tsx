import { createFileRoute } from '@tanstack/react-router'
import { ConnectionsSection } from '../../../components/admin/connections.tsx'
import { titled } from '../../../components/page-title.ts'
import { $listEnterpriseConnections } from '../../../functions/enterprise-connections.functions.ts'

export const Route = createFileRoute('/_authed/admin/connections')({
  loader: () => $listEnterpriseConnections(),
  head: titled('Connections · Admin'),
  component: ConnectionsPage,
})

function ConnectionsPage() {
  const connections = Route.useLoaderData()
  const { admin } = Route.useRouteContext()
  return (
    <ConnectionsSection connections={connections} canManage={admin.permissions.includes('admin:manage_instance')} />
  )
}
