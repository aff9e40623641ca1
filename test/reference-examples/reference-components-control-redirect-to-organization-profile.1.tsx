// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/reference/components/control/redirect-to-organization-profile.mdx#L67
// As rendered for the tanstack-react-start SDK; the docs name the file app/routes/index.tsx.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
import { Show, RedirectToOrganizationProfile } from '@clerk/tanstack-react-start'
import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/')({
  component: Home,
})

function Home() {
  return (
    <div>
      <Show when="signed-in">
        <RedirectToOrganizationProfile />
      </Show>
      <Show when="signed-out">
        <p>You need to sign in to view your Organization profile.</p>
      </Show>
    </div>
  )
}
