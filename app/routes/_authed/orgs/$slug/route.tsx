import { createFileRoute, Link, notFound, Outlet } from '@tanstack/react-router'
import { Fragment } from 'react'
import { currentSession } from '../../../../auth/state.ts'
import { Avatar } from '../../../../components/ui/avatar.tsx'
import { Badge } from '../../../../components/ui/badge.tsx'

/**
 * An organization's pages, by slug, for its members. The membership (role and permissions) comes
 * from the signed-in user's own list, so a slug the user is not a member of is simply not found;
 * every function these pages call checks membership and permission again on the server.
 */
export const Route = createFileRoute('/_authed/orgs/$slug')({
  beforeLoad: ({ context, params }) => {
    const membership = currentSession(context.auth)?.user?.organizationMemberships.find(
      (candidate) => candidate.organization.slug === params.slug,
    )
    if (!membership) throw notFound()
    return { membership }
  },
  component: OrganizationLayout,
})

function OrganizationLayout() {
  const { membership } = Route.useRouteContext()
  const { organization } = membership
  const tab = 'rounded-md px-3 py-2 text-sm font-medium text-zinc-600 hover:text-zinc-900'
  return (
    <main className="mx-auto max-w-4xl px-6 py-12">
      <div className="flex flex-wrap items-center gap-4">
        <Avatar name={organization.name} seed={organization.id} size="lg" square />
        <div className="min-w-0 flex-1">
          <h1 className="truncate text-3xl font-bold tracking-tight text-zinc-900">{organization.name}</h1>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-zinc-600">
            <span>/{organization.slug}</span>
            <span aria-hidden="true">·</span>
            <span>
              {organization.membersCount} {organization.membersCount === 1 ? 'member' : 'members'}
            </span>
            {organization.plan && <Badge tone="indigo">{organization.plan}</Badge>}
            <Badge>You: {membership.roleName}</Badge>
          </p>
        </div>
      </div>
      <nav aria-label="Organization" className="mt-8 flex gap-1 border-b border-zinc-200 pb-2">
        <Link
          to="/orgs/$slug"
          params={{ slug: organization.slug }}
          activeOptions={{ exact: true }}
          className={tab}
          activeProps={{ className: 'bg-zinc-100 text-zinc-900' }}
        >
          Members
        </Link>
        <Link
          to="/orgs/$slug/settings"
          params={{ slug: organization.slug }}
          className={tab}
          activeProps={{ className: 'bg-zinc-100 text-zinc-900' }}
        >
          Settings
        </Link>
      </nav>
      {/* Keyed by organization: a page's state (an error, a half-typed form) stays with its organization. */}
      <Fragment key={organization.id}>
        <Outlet />
      </Fragment>
    </main>
  )
}
