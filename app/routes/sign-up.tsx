import { createFileRoute, Link } from '@tanstack/react-router'
import { AFTER_SIGN_IN_PATH, authSearchSchema } from '../auth/navigation.ts'
import { AuthCard } from '../components/auth/auth-card.tsx'
import { SignUpFlow } from '../components/auth/sign-up-flow.tsx'
import { titled } from '../components/page-title.ts'
import { $getSignUp } from '../functions/sign-up.functions.ts'

export const Route = createFileRoute('/sign-up')({
  validateSearch: authSearchSchema,
  loader: () => $getSignUp(),
  head: titled('Create your account'),
  component: SignUpPage,
})

function SignUpPage() {
  const search = Route.useSearch()
  const signUp = Route.useLoaderData()
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
      <SignUpFlow
        initial={signUp}
        minPasswordLength={Route.useRouteContext().environment.signUpPasswordMinLength}
        redirectUrl={search.redirect_url ?? AFTER_SIGN_IN_PATH}
      />
    </AuthCard>
  )
}
