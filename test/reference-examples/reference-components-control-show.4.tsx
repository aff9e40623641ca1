// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/reference/components/control/show.mdx#L604
// As rendered for the tanstack-react-start SDK; the docs name the file app/routes/bronze.tsx.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
import { Show } from '@clerk/tanstack-react-start'
import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/bronze')({
  component: BronzePage,
})

function BronzePage() {
  return (
    <Show
      when={{ plan: 'bronze' }}
      fallback={<p>Sorry, only subscribers to the Bronze plan can access this content.</p>}
    >
      <p>Welcome, Bronze subscriber!</p>
    </Show>
  )
}
