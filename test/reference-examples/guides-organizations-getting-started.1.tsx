// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/_partials/organizations/access-organization-data.mdx#L195
// Shown on: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/guides/organizations/getting-started.mdx
// As rendered for the tanstack-react-start SDK; the docs name the file src/routes/index.tsx.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
import { createFileRoute, redirect } from '@tanstack/react-router'
import { createServerFn } from '@tanstack/react-start'
import { clerkClient, auth } from '@clerk/tanstack-react-start/server'

const authStateFn = createServerFn({ method: 'GET' }).handler(async () => {
  // Use `auth()` to access the `Auth` object
  // https://clerk.com/docs/reference/backend/types/auth-object
  const { isAuthenticated, orgId, orgRole } = await auth()

  // Check if the user is authenticated
  if (!isAuthenticated) {
    // This might error if you're redirecting to a path that doesn't exist yet
    // You can create a sign-in route to handle this
    // See https://clerk.com/docs/tanstack-react-start/guides/development/custom-sign-in-or-up-page
    throw redirect({
      to: '/sign-in/$',
    })
  }

  // Check if there is an Active Organization
  if (!orgId) return { orgId: null, orgRole: null, organizationName: null }

  // Use the `getOrganization()` method to get the Backend `Organization` object
  const organization = await clerkClient().organizations.getOrganization({ organizationId: orgId })

  return { orgId, orgRole, organizationName: organization.name }
})

export const Route = createFileRoute('/')({
  component: Home,
  beforeLoad: () => authStateFn(),
  loader: async ({ context }) => {
    return {
      orgId: context.orgId,
      orgRole: context.orgRole,
      organizationName: context.organizationName,
    }
  },
})

function Home() {
  const state = Route.useLoaderData()

  if (!state.organizationName) return <p>Set an Active Organization to access this page.</p>

  return (
    <div className="p-8">
      <h1 className="text-2xl font-bold mb-4">
        Welcome to the <strong>{state.organizationName}</strong> Organization
      </h1>
      <p className="mb-6">
        Your Role in this Organization: <strong>{state.orgRole}</strong>
      </p>
    </div>
  )
}
