// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/guides/sessions/customize-session-tokens.mdx#L252
// As rendered for the tanstack-react-start SDK; the docs name the file src/routes/api/example.ts.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
import { auth } from '@clerk/tanstack-react-start/server'
import { json } from '@tanstack/react-start'
import { createFileRoute } from '@tanstack/react-router'

export const ServerRoute = createFileRoute('/api/example')({
  server: {
    handlers: {
      GET: async () => {
        // Use `auth()` to access the user's session claims
        const { isAuthenticated, sessionClaims } = await auth

        if (!isAuthenticated) {
          return json({ error: 'Unauthorized' }, { status: 401 })
        }

        const fullName = sessionClaims.fullName

        const primaryEmail = sessionClaims.primaryEmail

        return json({ fullName, primaryEmail })
      },
    },
  },
})
