// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/reference/components/control/show.mdx#L779
// As rendered for the tanstack-react-start SDK; the docs name the file app/routes/premium-access.tsx.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
import { Show } from '@clerk/tanstack-react-start'
import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/premium-access')({
  component: PremiumAccessPage,
})

function PremiumAccessPage() {
  return (
    <Show
      when={{ feature: 'premium_access' }}
      fallback={
        <p>Sorry, only subscribers with the Premium Access feature can access this content.</p>
      }
    >
      <p>Congratulations! You have access to the Premium Access feature.</p>
    </Show>
  )
}
