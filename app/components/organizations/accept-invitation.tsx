/**
 * The page an invitation email links to (`/invitations/accept#token=…`). The secret travels in the
 * fragment, which browsers never send to a server; the page moves it into this tab's session
 * storage and out of the address bar, so it survives a detour through sign-in or sign-up without
 * ever appearing in a URL, a log or a Referer.
 */

import { Link, useNavigate } from '@tanstack/react-router'
import { useEffect, useState } from 'react'
import { formErrors } from '../../auth/errors.ts'
import { useAuth, useAuthContext } from '../../auth/index.ts'
import { $acceptInvitation, $getInvitation } from '../../functions/organizations.functions.ts'
import { AuthCard } from '../auth/auth-card.tsx'
import { Alert } from '../ui/alert.tsx'
import { Button, buttonClasses } from '../ui/button.tsx'
import { Spinner } from '../ui/spinner.tsx'

const STORAGE_KEY = 'tessera:invitation'

type Preview = Awaited<ReturnType<typeof $getInvitation>>

function takeToken(): string | null {
  const fromLink = new URLSearchParams(window.location.hash.slice(1)).get('token')
  if (fromLink) {
    sessionStorage.setItem(STORAGE_KEY, fromLink)
    history.replaceState(history.state, '', window.location.pathname)
  }
  return sessionStorage.getItem(STORAGE_KEY)
}

export function AcceptInvitationPage() {
  const { status } = useAuth({ treatPendingAsSignedOut: false })
  const { setActive } = useAuthContext()
  const navigate = useNavigate()
  const [token, setToken] = useState<string | null | undefined>(undefined)
  const [preview, setPreview] = useState<Preview | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [accepting, setAccepting] = useState(false)

  useEffect(() => {
    const found = takeToken()
    setToken(found)
    if (found)
      $getInvitation({ data: { token: found } }).then(setPreview, (failure) => setError(formErrors(failure).form))
  }, [])

  const accept = async () => {
    if (!token) return
    setAccepting(true)
    setError(null)
    try {
      const { organizationId } = await $acceptInvitation({ data: { token } })
      sessionStorage.removeItem(STORAGE_KEY)
      await setActive({ organization: organizationId })
      await navigate({ to: '/dashboard' })
    } catch (failure) {
      setError(formErrors(failure).form)
      setAccepting(false)
    }
  }

  const back = { redirect_url: '/invitations/accept' }
  return (
    <AuthCard
      title={preview ? `Join ${preview.organizationName}` : 'Invitation'}
      subtitle={
        preview
          ? `You were invited as ${preview.roleName}, at ${preview.emailAddress}.`
          : 'An invitation to an organization.'
      }
      footer={<Link to="/">Back to the home page</Link>}
    >
      {error && (
        <div className="mb-5">
          <Alert>{error}</Alert>
        </div>
      )}
      {token === undefined || (token && !preview && !error) ? (
        <p className="flex items-center justify-center gap-2 py-4 text-sm text-zinc-500" role="status">
          <Spinner /> Loading the invitation…
        </p>
      ) : !token ? (
        <Alert>This link has no invitation in it. Open the link from the email again.</Alert>
      ) : preview && preview.status !== 'pending' ? (
        <Alert>
          {preview.status === 'expired'
            ? 'This invitation has expired. Ask for a new one.'
            : 'This invitation has already been used or was withdrawn.'}
        </Alert>
      ) : preview && status === 'signed-out' ? (
        <div className="space-y-3">
          <p className="text-sm text-zinc-600">Sign in, or create an account, with {preview.emailAddress} to accept.</p>
          <Link to="/sign-in" search={back} className={buttonClasses({}, 'w-full')}>
            Sign in to accept
          </Link>
          <Link to="/sign-up" search={back} className={buttonClasses({ variant: 'secondary' }, 'w-full')}>
            Create an account
          </Link>
        </div>
      ) : preview ? (
        <Button className="w-full" pending={accepting} onClick={accept}>
          Accept invitation
        </Button>
      ) : null}
    </AuthCard>
  )
}
