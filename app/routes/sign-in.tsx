import { createFileRoute, Link, useNavigate } from '@tanstack/react-router'
import { AFTER_SIGN_IN_PATH, adoptSession, validateAuthSearch } from '../auth/navigation.ts'
import { AuthCard } from '../components/auth/auth-card.tsx'
import { SignInForm } from '../components/auth/sign-in-form.tsx'
import { config } from '../config/index.ts'

export const Route = createFileRoute('/sign-in')({
  validateSearch: validateAuthSearch,
  head: () => ({ meta: [{ title: `Sign in · ${config.appName}` }] }),
  component: SignInPage,
})

function SignInPage() {
  const search = Route.useSearch()
  const navigate = useNavigate()
  return (
    <AuthCard
      title="Sign in"
      subtitle={`Welcome back to ${config.appName}.`}
      footer={
        <>
          No account yet?{' '}
          <Link to="/sign-up" search={search} className="font-semibold text-indigo-600 hover:text-indigo-500">
            Create one
          </Link>
        </>
      }
    >
      <SignInForm
        onSignedIn={async (sessionId) => {
          adoptSession(sessionId)
          await navigate({ href: search.redirect_url ?? AFTER_SIGN_IN_PATH })
        }}
      />
    </AuthCard>
  )
}
