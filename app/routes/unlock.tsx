import { createFileRoute, Link } from '@tanstack/react-router'
import { useEffect, useState } from 'react'
import { formErrors } from '../auth/errors.ts'
import { AuthCard } from '../components/auth/auth-card.tsx'
import { titled } from '../components/page-title.ts'
import { Alert } from '../components/ui/alert.tsx'
import { Button, buttonClasses } from '../components/ui/button.tsx'
import { $unlockAccount } from '../functions/sign-in.functions.ts'

/**
 * The page the lock email links to (`/unlock#token=…`, issue 22, finding 8). The secret travels in
 * the fragment, which browsers never send to a server; the page takes it out of the address bar at
 * once and spends it only when the person presses the button (a mail scanner that opens links
 * unlocks nothing).
 */
export const Route = createFileRoute('/unlock')({
  head: titled('Unlock your account'),
  component: UnlockPage,
})

function takeToken(): string | null {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token')
  if (token) history.replaceState(history.state, '', window.location.pathname)
  return token
}

function UnlockPage() {
  const [token, setToken] = useState<string | null | undefined>(undefined)
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const [unlocked, setUnlocked] = useState(false)

  useEffect(() => setToken(takeToken()), [])

  const unlock = async () => {
    if (!token) return
    setPending(true)
    setError(null)
    try {
      await $unlockAccount({ data: { token } })
      setUnlocked(true)
    } catch (failure) {
      setError(formErrors(failure).form)
    } finally {
      setPending(false)
    }
  }

  return (
    <AuthCard
      title={unlocked ? 'Your account is unlocked' : 'Unlock your account'}
      subtitle={
        unlocked
          ? 'You have your tries back. Sign in as usual.'
          : 'Signing in was locked after too many wrong attempts. This link proves the email address is yours.'
      }
      footer={<Link to="/">Back to the home page</Link>}
    >
      {error && (
        <div className="mb-5">
          <Alert>{error}</Alert>
        </div>
      )}
      {unlocked ? (
        <Link to="/sign-in" className={buttonClasses({}, 'w-full')}>
          Sign in
        </Link>
      ) : token === null ? (
        <Alert>This link has no unlock code in it. Open the link from the email again.</Alert>
      ) : (
        <Button className="w-full" pending={pending} disabled={!token} onClick={unlock}>
          Unlock my account
        </Button>
      )}
    </AuthCard>
  )
}
