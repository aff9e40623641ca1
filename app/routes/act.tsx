import { createFileRoute, Link } from '@tanstack/react-router'
import { useEffect, useState } from 'react'
import { formErrors } from '../auth/errors.ts'
import { AuthCard } from '../components/auth/auth-card.tsx'
import { titled } from '../components/page-title.ts'
import { Alert } from '../components/ui/alert.tsx'
import { Button } from '../components/ui/button.tsx'
import { $redeemActorToken } from '../functions/actors.functions.ts'

/**
 * Where an agent link (or an impersonation link opened in another browser) lands: `/act#token=…`.
 * The secret stays in the fragment, which browsers never send to a server, and leaves the address
 * bar at once. Nothing happens until the person presses the button: redeeming signs this browser
 * in as someone else, in a fresh client.
 */
export const Route = createFileRoute('/act')({
  head: titled('Sign-in link'),
  component: ActPage,
})

function ActPage() {
  const [token, setToken] = useState<string | null | undefined>(undefined)
  const [error, setError] = useState<string | null>(null)
  const [redeeming, setRedeeming] = useState(false)

  useEffect(() => {
    const found = new URLSearchParams(window.location.hash.slice(1)).get('token')
    if (found) history.replaceState(history.state, '', window.location.pathname)
    setToken(found)
  }, [])

  const redeem = async () => {
    if (!token) return
    setRedeeming(true)
    setError(null)
    try {
      const { redirectUrl } = await $redeemActorToken({ data: { token } })
      // A full load: the browser now holds another client, and every part of the page must follow.
      window.location.assign(redirectUrl)
    } catch (failure) {
      setError(formErrors(failure).form)
      setRedeeming(false)
    }
  }

  return (
    <AuthCard
      title="Open a session"
      subtitle="This link signs this browser in to act for someone, for a limited time. It works once."
      footer={<Link to="/">Back to the home page</Link>}
    >
      {error && (
        <div className="mb-5">
          <Alert>{error}</Alert>
        </div>
      )}
      {token === null ? (
        <Alert>This link has no token in it. Open the link you were given again.</Alert>
      ) : (
        <Button className="w-full" pending={redeeming} disabled={!token} onClick={redeem}>
          Continue
        </Button>
      )}
    </AuthCard>
  )
}
