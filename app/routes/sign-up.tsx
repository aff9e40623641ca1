import { createFileRoute, Link, useNavigate } from '@tanstack/react-router'
import { AFTER_SIGN_IN_PATH, adoptSession, validateAuthSearch } from '../auth/navigation.ts'
import { AuthCard } from '../components/auth/auth-card.tsx'
import { SignUpFlow } from '../components/auth/sign-up-flow.tsx'
import { config } from '../config/index.ts'
import { $getSignUp } from '../functions/sign-up.functions.ts'
import { PASSWORD_MIN_LENGTH, PASSWORD_SINGLE_FACTOR_MIN_LENGTH } from '../session/policy.ts'

export const Route = createFileRoute('/sign-up')({
  validateSearch: validateAuthSearch,
  loader: () => $getSignUp(),
  head: () => ({ meta: [{ title: `Create your account · ${config.appName}` }] }),
  component: SignUpPage,
})

function SignUpPage() {
  const search = Route.useSearch()
  const signUp = Route.useLoaderData()
  const navigate = useNavigate()
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
        minPasswordLength={
          config.passwords.requireSingleFactorLength ? PASSWORD_SINGLE_FACTOR_MIN_LENGTH : PASSWORD_MIN_LENGTH
        }
        onSignedUp={async (sessionId) => {
          adoptSession(sessionId)
          await navigate({ href: search.redirect_url ?? AFTER_SIGN_IN_PATH })
        }}
      />
    </AuthCard>
  )
}
