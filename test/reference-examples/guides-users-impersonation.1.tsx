// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/guides/users/impersonation.mdx#L243
// As rendered for the tanstack-react-start SDK; the docs name the file src/routes/api/example.tsx.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
import { auth } from '@clerk/tanstack-react-start/server'
import { json } from '@tanstack/react-start'
import { createFileRoute } from '@tanstack/react-router'

export const ServerRoute = createFileRoute('/api/example')({
  server: {
    handlers: {
      GET: async () => {
        // Use `auth()` to access the `Auth` object
        const { actor, userId } = await auth()

        return json({ actor, userId })
      },
    },
  },
})
