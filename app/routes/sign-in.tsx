import { createFileRoute, Link } from '@tanstack/react-router'
import { AFTER_SIGN_IN_PATH, authSearchSchema } from '../auth/navigation.ts'
import { AuthCard } from '../components/auth/auth-card.tsx'
import { SignInFlow } from '../components/auth/sign-in-flow.tsx'
import { titled } from '../components/page-title.ts'
import { Alert } from '../components/ui/alert.tsx'
import { $getSignIn } from '../functions/sign-in.functions.ts'
import { ERRORS, isErrorCode } from '../session/errors.ts'

export const Route = createFileRoute('/sign-in')({
  validateSearch: authSearchSchema,
  // A sign-in in progress (a reload, or back from another tab) resumes where it was.
  loader: () => $getSignIn(),
  head: titled('Sign in'),
  component: SignInPage,
})

function SignInPage() {
  const search = Route.useSearch()
  const signIn = Route.useLoaderData()
  const { appName, socialStrategies } = Route.useRouteContext().environment
  return (
    <AuthCard
      title="Sign in"
      subtitle={`Welcome back to ${appName}.`}
      footer={
        <>
          No account yet?{' '}
          <Link to="/sign-up" search={search} className="font-semibold text-indigo-600 hover:text-indigo-500">
            Create one
          </Link>
        </>
      }
    >
      {isErrorCode(search.sso_error) && (
        <div className="mb-6">
          <Alert title="Signing in did not complete">{ERRORS[search.sso_error].userMessage}</Alert>
        </div>
      )}
      <SignInFlow
        initial={signIn}
        redirectUrl={search.redirect_url ?? AFTER_SIGN_IN_PATH}
        socialStrategies={socialStrategies}
      />
    </AuthCard>
  )
}
