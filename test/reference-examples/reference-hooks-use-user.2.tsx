// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/reference/hooks/use-user.mdx#L148
// As rendered for the tanstack-react-start SDK; the docs name the file app/routes/index.tsx.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
import { useUser } from '@clerk/tanstack-react-start'
import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/')({
  component: Home,
})

export default function Home() {
  const { isSignedIn, isLoaded, user } = useUser()

  // Handle loading state
  if (!isLoaded) return <div>Loading...</div>

  // Protect the page from unauthenticated users
  if (!isSignedIn) return <div>Sign in to view this page</div>

  const updateUser = async () => {
    await user.update({
      firstName: 'John',
      lastName: 'Doe',
    })
  }

  return (
    <>
      <button onClick={updateUser}>Update your name</button>
      <p>user.firstName: {user.firstName}</p>
      <p>user.lastName: {user.lastName}</p>
    </>
  )
}
