import { useSession } from '../../auth/index.ts'
import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/examples/session')({
  component: HomePage,
})

function HomePage() {
  const { isLoaded, session, isSignedIn } = useSession()

  // Handle loading state
  if (!isLoaded) return <div>Loading...</div>

  // Protect the page from unauthenticated users
  if (!isSignedIn) return <div>Sign in to view this page</div>

  return (
    <div>
      <p>This session has been active since {session.lastActiveAt.toLocaleString()}</p>
    </div>
  )
}
