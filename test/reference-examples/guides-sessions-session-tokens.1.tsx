// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/guides/sessions/session-tokens.mdx#L320
// As rendered for the tanstack-react-start SDK; the docs name the file app/routes/api/example.tsx.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
import { json } from '@tanstack/react-start'
import { createFileRoute } from '@tanstack/react-router'
import { auth, clerkClient } from '@clerk/tanstack-react-start/server'

export const ServerRoute = createFileRoute('/api/example')({
  server: {
    handlers: {
      GET: async () => {
        // The `Auth` object gives you access to properties like `isAuthenticated` and `userId`
        // Accessing the `Auth` object differs depending on the SDK you're using
        // https://clerk.com/docs/reference/backend/types/auth-object#how-to-access-the-auth-object
        const { isAuthenticated, userId } = await auth()

        if (!isAuthenticated) {
          return new Response('User not authenticated', {
            status: 404,
          })
        }

        // Initialize `clerkClient`
        // This varies depending on the SDK you're using
        // https://clerk.com/docs/reference/backend/overview
        // Use the `getUser()` method to get the Backend User object
        const user = await clerkClient().users.getUser(userId)

        // Return the Backend User object
        return json({ user })
      },
    },
  },
})
