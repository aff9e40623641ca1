import { createFileRoute } from '@tanstack/react-router'
import { useSession, useUser } from '../../auth/index.ts'
import { AccessCard } from '../../components/access-card.tsx'
import { DashboardView } from '../../components/dashboard-view.tsx'
import { titled } from '../../components/page-title.ts'
import { TokenInspector } from '../../components/token-inspector.tsx'

export const Route = createFileRoute('/_authed/dashboard')({
  head: titled('Dashboard'),
  component: Dashboard,
})

function Dashboard() {
  const { user } = useUser()
  const { session } = useSession()
  if (!user || !session) return null
  return <DashboardView user={user} session={session} accessCard={<AccessCard />} tokenCard={<TokenInspector />} />
}
