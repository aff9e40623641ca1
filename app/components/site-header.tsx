import { Link, useLocation } from '@tanstack/react-router'
import { useState } from 'react'
import { useAuth, useAuthContext, useSession, useUser } from '../auth/index.ts'
import { AccountSwitcher } from './account-switcher.tsx'
import { Logo } from './logo.tsx'
import { OrganizationSwitcher } from './organizations/organization-switcher.tsx'
import { Button, buttonClasses } from './ui/button.tsx'

const NAV = [
  { to: '/dashboard', label: 'Dashboard' },
  { to: '/sessions', label: 'Sessions' },
  { to: '/account/security', label: 'Security' },
] as const

/** For instance admins, in a session of their own (an impersonated session is never an admin's). */
const ADMIN_NAV = [...NAV, { to: '/admin', label: 'Admin' }] as const

export function SiteHeader() {
  const { isLoaded, user } = useUser()
  const { session } = useSession()
  const { status } = useAuth()
  const nav = user?.adminRole && !session?.actor ? ADMIN_NAV : NAV
  return (
    <header className="border-b border-zinc-200 bg-white/80 backdrop-blur">
      <div className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-4 px-6">
        <div className="flex items-center gap-8">
          <Logo />
          {user && (
            <nav aria-label="Main" className="hidden gap-1 sm:flex">
              {nav.map((item) => (
                <Link
                  key={item.to}
                  to={item.to}
                  className="rounded-md px-3 py-2 text-sm font-medium text-zinc-600 hover:text-zinc-900"
                  activeProps={{ className: 'text-zinc-900 bg-zinc-100' }}
                >
                  {item.label}
                </Link>
              ))}
            </nav>
          )}
        </div>
        {/* While the tab switches accounts neither signed-in nor signed-out controls are shown. */}
        {isLoaded && (user ? <UserControls /> : status === 'pending' ? <PendingControls /> : <GuestControls />)}
      </div>
    </header>
  )
}

function GuestControls() {
  return (
    <div className="flex items-center gap-2">
      <Link to="/sign-in" className={buttonClasses({ variant: 'ghost' })}>
        Sign in
      </Link>
      <Link to="/sign-up" className={buttonClasses()}>
        Create account
      </Link>
    </div>
  )
}

/** A session that still owes a task: back to it (unless already there), or out. */
function PendingControls() {
  const onTask = useLocation().pathname.startsWith('/tasks')
  return (
    <div className="flex items-center gap-2">
      {!onTask && (
        <Link to="/tasks" className={buttonClasses()}>
          Finish signing in
        </Link>
      )}
      <SignOutButton />
    </div>
  )
}

function SignOutButton() {
  const { snapshot, signOut } = useAuthContext()
  const [pending, setPending] = useState(false)
  return (
    <Button
      variant="secondary"
      size="sm"
      pending={pending}
      onClick={async () => {
        setPending(true)
        try {
          // Signs out of this account; another account in this browser takes over if there is one.
          await signOut({ sessionId: snapshot.sessionId ?? undefined, redirectUrl: '/' })
        } finally {
          setPending(false)
        }
      }}
    >
      Sign out
    </Button>
  )
}

/** The account switcher, and sign-out one click away on every page (ASVS 7.4.4). */
function UserControls() {
  return (
    <div className="flex items-center gap-3">
      <OrganizationSwitcher />
      <AccountSwitcher />
      <SignOutButton />
    </div>
  )
}
