import { Link } from '@tanstack/react-router'
import { useEffect, useState } from 'react'
import { formErrors } from '../../auth/errors.ts'
import { $openEmailLink } from '../../functions/email-links.functions.ts'
import { continueUrl, type EmailLinkOutcome } from '../../session/email-links.ts'
import { AFTER_SIGN_IN_PATH } from '../../session/redirect.ts'
import { Alert } from '../ui/alert.tsx'
import { buttonClasses } from '../ui/button.tsx'
import { AuthCard } from './auth-card.tsx'

/** The token from the address's fragment (which browsers never send to a server), taken out of the address bar at once. */
function takeToken(): string | null {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token')
  if (token) history.replaceState(history.state, '', window.location.pathname)
  return token
}

type View =
  | { kind: 'opening' }
  | { kind: 'no_token' }
  | { kind: 'error'; message: string }
  | { kind: 'outcome'; outcome: EmailLinkOutcome }

/**
 * Where an email link lands (`/email-link/verify#token=…`): opens it once the page runs (as the
 * reference's verification URL does), then goes on to the page its flow named (with the reference's
 * `__clerk_status`, for that page's `handleEmailLinkVerification`), or — for our own pages, which
 * name none — to the dashboard when it signed this browser in, else says what happened.
 */
export function EmailLinkLanding() {
  const [view, setView] = useState<View>({ kind: 'opening' })

  useEffect(() => {
    const token = takeToken()
    if (!token) {
      setView({ kind: 'no_token' })
      return
    }
    $openEmailLink({ data: { token } }).then(
      (outcome) => {
        const next = continueUrl(outcome, window.location.origin)
        // A full load: the session this answer may have started is read by the server render.
        if (next) window.location.replace(next)
        else if (outcome.createdSessionId) window.location.replace(AFTER_SIGN_IN_PATH)
        else setView({ kind: 'outcome', outcome })
      },
      (error: unknown) =>
        setView({ kind: 'error', message: formErrors(error).form ?? 'The link could not be opened.' }),
    )
  }, [])

  const copy = describe(view)
  return (
    <AuthCard title={copy.title} subtitle={copy.subtitle} footer={<Link to="/">Back to the home page</Link>}>
      {copy.alert && <Alert tone={copy.tone}>{copy.alert}</Alert>}
      {copy.next && (
        <div className="mt-5">
          <Link to={copy.next.to} className={buttonClasses({}, 'w-full')}>
            {copy.next.label}
          </Link>
        </div>
      )}
    </AuthCard>
  )
}

interface Copy {
  title: string
  subtitle: string
  alert?: string
  tone?: 'info'
  next?: { to: '/sign-in' | '/sign-up' | '/account/security'; label: string }
}

function describe(view: View): Copy {
  switch (view.kind) {
    case 'opening':
      return { title: 'Checking your link', subtitle: 'One moment…' }
    case 'no_token':
      return {
        title: 'Email link',
        subtitle: 'This address has no link in it.',
        alert: 'Open the link from the email again, exactly as it was sent.',
      }
    case 'error':
      return { title: 'Email link', subtitle: 'The link could not be opened.', alert: view.message }
    case 'outcome':
      return outcomeCopy(view.outcome)
  }
}

function outcomeCopy({ status, purpose }: EmailLinkOutcome): Copy {
  const restart =
    purpose === 'sign_up'
      ? ({ to: '/sign-up', label: 'Sign up' } as const)
      : purpose === 'verify_email'
        ? ({ to: '/account/security', label: 'Your email addresses' } as const)
        : ({ to: '/sign-in', label: 'Sign in' } as const)
  switch (status) {
    case 'verified':
      return purpose === 'verify_email'
        ? {
            title: 'Email address verified',
            subtitle: 'The address is now on your account.',
            next: { to: '/account/security', label: 'Your email addresses' },
          }
        : {
            title: 'Email link verified',
            subtitle: 'Return to the tab where you asked for the link: it goes on by itself.',
            alert: 'You can close this tab.',
            tone: 'info',
          }
    case 'expired':
      return { title: 'This link has expired', subtitle: 'Ask for a new one.', next: restart }
    case 'client_mismatch':
      return {
        title: 'Open it where you asked for it',
        subtitle: 'Open this link on the device and in the browser where you asked for it.',
        alert: 'Nothing was changed: the link still works there.',
        tone: 'info',
        next: restart,
      }
    case 'failed':
      return {
        title: 'This link no longer works',
        subtitle: 'It has already been used, a newer one was sent, or it was never valid.',
        next: restart,
      }
  }
}
