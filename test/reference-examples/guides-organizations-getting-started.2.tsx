// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/_partials/organizations/access-organization-data.mdx#L306
// Shown on: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/guides/organizations/getting-started.mdx
// As rendered for the tanstack-react-start SDK; the docs name the file src/routes/index.tsx.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
import { useOrganization } from '@clerk/tanstack-react-start'
import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/')({
  component: Home,
})

function Home() {
  const { organization, membership } = useOrganization()

  return (
    <div className="p-8">
      <h1 className="text-2xl font-bold mb-4">
        Welcome to the <strong>{organization?.name}</strong> Organization
      </h1>
      <p className="mb-6">
        Your Role in this Organization: <strong>{membership?.role}</strong>
      </p>
    </div>
  )
}
