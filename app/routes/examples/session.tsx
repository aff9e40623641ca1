import { createFileRoute, Link } from '@tanstack/react-router'
import { useSession } from '../../auth/index.ts'
import { PageHeader } from '../../components/page-header.tsx'
import { titled } from '../../components/page-title.ts'
import { buttonClasses } from '../../components/ui/button.tsx'
import { Card } from '../../components/ui/card.tsx'
import { Spinner } from '../../components/ui/spinner.tsx'
import { Time } from '../../components/ui/time.tsx'

/**
 * `/examples/session`: the reference's `useSession()` example
 * (https://clerk.com/docs/hooks/use-session), running on Tessera's hook with the same three
 * branches: loading, signed out, signed in.
 */
export const Route = createFileRoute('/examples/session')({
  head: titled('useSession() example'),
  component: SessionExample,
})

function SessionExample() {
  const { isLoaded, session, isSignedIn } = useSession()
  return (
    <main className="mx-auto max-w-3xl px-4 py-12 sm:px-6">
      <PageHeader
        title="useSession() example"
        description={
          <>
            The reference's <code className="font-mono text-sm">useSession()</code> example, unchanged but for the
            styling: it waits for the session to load, asks a signed-out visitor to sign in, and shows when the session
            was last active.
          </>
        }
      />
      <Card className="mt-8 p-6">
        {!isLoaded ? (
          <p className="flex items-center gap-2 text-zinc-600">
            <Spinner /> Loading...
          </p>
        ) : !isSignedIn ? (
          <div className="flex flex-wrap items-center justify-between gap-4">
            <p className="text-zinc-700">Sign in to view this page.</p>
            <Link to="/sign-in" search={{ redirect_url: '/examples/session' }} className={buttonClasses()}>
              Sign in
            </Link>
          </div>
        ) : (
          <p className="text-zinc-700">
            This session has been active since{' '}
            <strong className="font-semibold text-zinc-900">
              <Time value={session.lastActiveAt} />
            </strong>
            .
          </p>
        )}
      </Card>
    </main>
  )
}
