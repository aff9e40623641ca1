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
const MINUTE_MS = 60_000

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
  username: null,
  publicMetadata: {},
  unsafeMetadata: {},
  passwordEnabled: true,
  totpEnabled: false,
  backupCodeEnabled: false,
  twoFactorEnabled: false,
  passkeys: [],
  externalAccounts: [],
  createdAt: CREATED,
  updatedAt: CREATED,
})

/**
 * An active session as of the server's clock when the page is rendered (signed in 25 minutes ago,
 * expiring in a week), so "active" is true whenever it is read; the times travel in the loader's
 * data, so the browser renders the same ones.
 */
function sampleSession(now: number): DashboardSession {
  const signedIn = now - 25 * MINUTE_MS
  return {
    id: 'sess_2sampleAdaSession000000000',
    status: 'active',
    createdAt: new Date(signedIn),
    lastActiveAt: new Date(now - MINUTE_MS),
    expireAt: new Date(signedIn + 7 * 24 * 60 * MINUTE_MS),
    factorVerificationAge: [25, -1],
  }
}

export const Route = createFileRoute('/examples/dashboard')({
  loader: () => ({ now: Date.now() }),
  head: titled('Dashboard (example)'),
  component: ExampleDashboard,
})

function ExampleDashboard() {
  const { now } = Route.useLoaderData()
  return (
    <>
      <div role="note" className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-center text-sm text-amber-900">
        Example: a sample user and session (Ada Lovelace), not your own account.
      </div>
      <DashboardView
        user={sampleUser}
        session={sampleSession(now)}
        accessCard={<AccessCard />}
        tokenCard={<TokenInspector />}
      />
    </>
  )
}
