// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/reference/backend/types/auth-object.mdx#L370
// As rendered for the tanstack-react-start SDK; the docs name the file src/routes/api/example.ts.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
import { auth } from '@clerk/tanstack-react-start/server'
import { json } from '@tanstack/react-start'
import { createFileRoute } from '@tanstack/react-router'

export const ServerRoute = createFileRoute('/api/example')({
  server: {
    handlers: {
      GET: async () => {
        const { getToken } = await auth()

        const template = 'test'

        const token = await getToken({ template })

        return json({ token })
      },
    },
  },
})
