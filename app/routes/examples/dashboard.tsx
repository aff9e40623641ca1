import { createFileRoute } from '@tanstack/react-router'
import { toUserResource } from '../../auth/resources.ts'
import { AccessCard } from '../../components/access-card.tsx'
import { type DashboardSession, DashboardView } from '../../components/dashboard-view.tsx'
import { titled } from '../../components/page-title.ts'
import { TokenInspector } from '../../components/token-inspector.tsx'

/**
 * `/examples/dashboard`: the dashboard as a signed-in user sees it, for a fixed sample user and
 * session, public and with no session lookup. It shows what the page looks like without signing
 * in, and it is the ungated twin of `/dashboard` in the benchmark (same view, same root route;
 * only the gate differs). The access and token cards read the visitor's own session, so a
 * signed-out visitor sees them empty.
 */

const CREATED = Date.UTC(2026, 0, 5, 9, 30)
const SIGNED_IN = Date.UTC(2026, 10, 27, 8, 0)

const sampleUser = toUserResource({
  id: 'user_2sampleAdaLovelace0000000',
  firstName: 'Ada',
  lastName: 'Lovelace',
  primaryEmailAddressId: 'idn_2sampleAdaEmail00000000000',
  emailAddresses: [{ id: 'idn_2sampleAdaEmail00000000000', emailAddress: 'ada@example.com', verified: true }],
  primaryPhoneNumberId: null,
  phoneNumbers: [],
  organizationMemberships: [],
  adminRole: null,
  imageUrl: null,
  hasImage: false,
  createdAt: CREATED,
  updatedAt: CREATED,
})

const sampleSession: DashboardSession = {
  id: 'sess_2sampleAdaSession000000000',
  status: 'active',
  createdAt: new Date(SIGNED_IN),
  lastActiveAt: new Date(SIGNED_IN + 25 * 60_000),
  expireAt: new Date(SIGNED_IN + 7 * 24 * 3_600_000),
  factorVerificationAge: [25, -1],
}

export const Route = createFileRoute('/examples/dashboard')({
  head: titled('Dashboard (example)'),
  component: ExampleDashboard,
})

function ExampleDashboard() {
  return (
    <DashboardView
      user={sampleUser}
      session={sampleSession}
      accessCard={<AccessCard />}
      tokenCard={<TokenInspector />}
    />
  )
}
