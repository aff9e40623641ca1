import { Link, useLocation } from '@tanstack/react-router'
import { useState } from 'react'
import { UserButton, useAuth, useAuthContext, useSession, useUser } from '../auth/index.ts'
import { displayName } from '../auth/resources.ts'
import { currentSession, signedInSessions } from '../auth/state.ts'
import { Logo } from './logo.tsx'
import { OrganizationSwitcher } from './organizations/organization-switcher.tsx'
import { Button, buttonClasses } from './ui/button.tsx'
import { Popover } from './ui/popover.tsx'

const NAV = [
  { to: '/dashboard', label: 'Dashboard' },
  { to: '/sessions', label: 'Sessions' },
  { to: '/account/security', label: 'Security' },
  { to: '/account/profile', label: 'Profile' },
] as const

/** For instance admins, in a session of their own (an impersonated session is never an admin's). */
const ADMIN_NAV = [...NAV, { to: '/admin', label: 'Admin' }] as const

type NavItem = (typeof ADMIN_NAV)[number]

export function SiteHeader() {
  const { isLoaded, user } = useUser()
  const { session } = useSession()
  const { status } = useAuth()
  // The account this tab signed out of while others stayed signed in: the switch is said out loud.
  const [signedOutOf, setSignedOutOf] = useState<string | null>(null)
  const nav = user?.adminRole && !session?.actor ? ADMIN_NAV : NAV
  const now = session ? displayName(session.publicUserData) : null
  return (
    <>
      <header className="border-b border-zinc-200 bg-white">
        <div className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-3 px-4 sm:gap-4 sm:px-6">
          <div className="flex min-w-0 items-center gap-2 sm:gap-8">
            {user && <PhoneMenu nav={nav} />}
            <Logo />
            {user && (
              <nav aria-label="Main" className="hidden gap-1 md:flex">
                {nav.map((item) => (
                  <NavLink key={item.to} item={item} />
                ))}
              </nav>
            )}
          </div>
          {/* While the tab switches accounts neither signed-in nor signed-out controls are shown. */}
          {isLoaded &&
            (user ? (
              <UserControls onSignedOut={setSignedOutOf} />
            ) : status === 'pending' ? (
              <PendingControls />
            ) : (
              <GuestControls />
            ))}
        </div>
      </header>
      {signedOutOf && now && (
        <div role="status" className="border-b border-indigo-100 bg-indigo-50 text-sm text-indigo-900">
          <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-2 sm:px-6">
            <p className="min-w-0">
              You signed out of {signedOutOf}. This tab now uses <strong className="font-semibold">{now}</strong>.
            </p>
            <Button variant="ghost" size="sm" className="shrink-0" onClick={() => setSignedOutOf(null)}>
              Dismiss
            </Button>
          </div>
        </div>
      )}
    </>
  )
}

function NavLink({ item, onClick }: { item: NavItem; onClick?: () => void }) {
  return (
    <Link
      to={item.to}
      onClick={onClick}
      className="rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap text-zinc-600 hover:text-zinc-900"
      activeProps={{ className: 'text-zinc-900 bg-zinc-100' }}
    >
      {item.label}
    </Link>
  )
}

/** Below `md` the main navigation sits behind a menu button (on a phone there is no room for it). */
function PhoneMenu({ nav }: { nav: readonly NavItem[] }) {
  return (
    <div className="md:hidden">
      <Popover
        label="Menu"
        triggerClassName="p-2"
        trigger={
          <svg viewBox="0 0 20 20" fill="currentColor" className="size-5 text-zinc-700" aria-hidden="true">
            <path d="M2 4.75A.75.75 0 0 1 2.75 4h14.5a.75.75 0 0 1 0 1.5H2.75A.75.75 0 0 1 2 4.75Zm0 5.25a.75.75 0 0 1 .75-.75h14.5a.75.75 0 0 1 0 1.5H2.75A.75.75 0 0 1 2 10Zm0 5.25a.75.75 0 0 1 .75-.75h14.5a.75.75 0 0 1 0 1.5H2.75a.75.75 0 0 1-.75-.75Z" />
          </svg>
        }
        className="sm:left-0 sm:right-auto sm:w-56"
      >
        {(close) => (
          <nav aria-label="Main" className="grid gap-0.5">
            {nav.map((item) => (
              <NavLink key={item.to} item={item} onClick={close} />
            ))}
          </nav>
        )}
      </Popover>
    </div>
  )
}

function GuestControls() {
  return (
    <div className="flex shrink-0 items-center gap-2">
      <Link to="/sign-in" className={buttonClasses({ variant: 'ghost' }, 'whitespace-nowrap')}>
        Sign in
      </Link>
      <Link to="/sign-up" className={buttonClasses({}, 'whitespace-nowrap')}>
        Create account
      </Link>
    </div>
  )
}

/** A session that still owes a task: back to it (unless already there), or out. */
function PendingControls() {
  const onTask = useLocation().pathname.startsWith('/tasks')
  return (
    <div className="flex shrink-0 items-center gap-2">
      {!onTask && (
        <Link to="/tasks" className={buttonClasses({}, 'whitespace-nowrap')}>
          Finish signing in
        </Link>
      )}
      <SignOutButton />
    </div>
  )
}

function SignOutButton({ onSignedOut }: { onSignedOut?: (name: string) => void }) {
  const { snapshot, signOut } = useAuthContext()
  const [pending, setPending] = useState(false)
  return (
    <Button
      variant="secondary"
      size="sm"
      className="shrink-0 whitespace-nowrap"
      pending={pending}
      onClick={async () => {
        setPending(true)
        try {
          // Signs out of this account; another account in this browser takes over if there is one.
          const leaving = currentSession(snapshot)
          const othersRemain = signedInSessions(snapshot).length > 1
          await signOut({ sessionId: snapshot.sessionId ?? undefined, redirectUrl: '/' })
          if (leaving && othersRemain) onSignedOut?.(displayName(leaving.publicUserData))
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
function UserControls({ onSignedOut }: { onSignedOut: (name: string) => void }) {
  return (
    <div className="flex min-w-0 items-center gap-1 sm:gap-3">
      <OrganizationSwitcher />
      <UserButton showName />
      <SignOutButton onSignedOut={onSignedOut} />
    </div>
  )
}
