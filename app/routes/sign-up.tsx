import { createFileRoute, Link } from '@tanstack/react-router'
import { AFTER_SIGN_IN_PATH, authSearchSchema } from '../auth/navigation.ts'
import { AuthCard } from '../components/auth/auth-card.tsx'
import { SignUpFlow } from '../components/auth/sign-up-flow.tsx'
import { titled } from '../components/page-title.ts'
import { Alert } from '../components/ui/alert.tsx'
import { $getSignUp } from '../functions/sign-up.functions.ts'
import { ERRORS, isErrorCode } from '../session/errors.ts'

export const Route = createFileRoute('/sign-up')({
  validateSearch: authSearchSchema,
  loader: () => $getSignUp(),
  head: titled('Create your account'),
  component: SignUpPage,
})

function SignUpPage() {
  const search = Route.useSearch()
  const signUp = Route.useLoaderData()
  const { signUpPasswordMinLength, socialStrategies } = Route.useRouteContext().environment
  return (
    <AuthCard
      title="Create your account"
      subtitle="Sign up with your email address and a password. We will email you a code to confirm the address."
      footer={
        <>
          Already have an account?{' '}
          <Link to="/sign-in" search={search} className="font-semibold text-indigo-600 hover:text-indigo-500">
            Sign in
          </Link>
        </>
      }
    >
      {isErrorCode(search.sso_error) && (
        <div className="mb-6">
          <Alert title="Signing up did not complete">{ERRORS[search.sso_error].userMessage}</Alert>
        </div>
      )}
      <SignUpFlow
        initial={signUp}
        minPasswordLength={signUpPasswordMinLength}
        redirectUrl={search.redirect_url ?? AFTER_SIGN_IN_PATH}
        socialStrategies={socialStrategies}
      />
    </AuthCard>
  )
}
