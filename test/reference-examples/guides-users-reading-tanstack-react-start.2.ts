// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/guides/users/reading.tanstack-react-start.mdx#L76
// As rendered for the tanstack-react-start SDK; the docs name the file src/routes/api/example.ts.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
import { auth, clerkClient } from '@clerk/tanstack-react-start/server'
import { json } from '@tanstack/react-start'
import { createFileRoute } from '@tanstack/react-router'

export const ServerRoute = createFileRoute('/api/example')({
  server: {
    handlers: {
      GET: async () => {
        // The `Auth` object gives you access to properties like `isAuthenticated` and `userId`
        // Accessing the `Auth` object differs depending on the SDK you're using
        // https://clerk.com/docs/reference/backend/types/auth-object#how-to-access-the-auth-object
        const { isAuthenticated, userId } = await auth()

        // Protect the API route from unauthenticated users
        if (!isAuthenticated) {
          return new Response('User not authenticated', {
            status: 404,
          })
        }

        // Get the user's full `Backend User` object
        const user = await clerkClient().users.getUser(userId)

        // Return the `Backend User` object
        return json({ user })
      },
    },
  },
})
