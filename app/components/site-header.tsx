import { Link, useLocation } from '@tanstack/react-router'
import { useState } from 'react'
import { useAuth, useAuthContext, useSession, useUser } from '../auth/index.ts'
import { AccountSwitcher } from './account-switcher.tsx'
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
  const nav = user?.adminRole && !session?.actor ? ADMIN_NAV : NAV
  return (
    <header className="border-b border-zinc-200 bg-white/80 backdrop-blur">
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
        {isLoaded && (user ? <UserControls /> : status === 'pending' ? <PendingControls /> : <GuestControls />)}
      </div>
    </header>
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

function SignOutButton() {
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
    <div className="flex min-w-0 items-center gap-1 sm:gap-3">
      <OrganizationSwitcher />
      <AccountSwitcher />
      <SignOutButton />
    </div>
  )
}
