import { Link, useLocation } from '@tanstack/react-router'
import type { ReactNode } from 'react'
import { Avatar } from '../components/ui/avatar.tsx'
import { Popover } from '../components/ui/popover.tsx'
import { isSignedInStatus } from '../session/status.ts'
import { AUTH_PAGES } from './clerk.ts'
import { useSessionList, useUser } from './hooks.ts'
import { useAuthContext } from './provider.tsx'
import { displayName } from './resources.ts'

/** The reference's `<UserButton />` props that mean something here (styling and modals do not). */
export interface UserButtonProps {
  /** Show the name beside the avatar (from `lg` up; always read by screen readers). Default false. */
  showName?: boolean
  /** Where to go after switching to another account; default: stay on this page. */
  afterSwitchSessionUrl?: string
  /** @deprecated in the reference: where "Sign out of all accounts" goes (default `/`). */
  afterSignOutUrl?: string
  /** Where "Add account" goes (default our sign-in page). */
  signInUrl?: string
  /** Where "Profile" goes (default our profile page). */
  userProfileUrl?: string
  /** Accepted for the reference's types: our profile is a page, never a modal. */
  userProfileMode?: 'modal' | 'navigation'
  /** Shown while the tab switches accounts. */
  fallback?: ReactNode
  /** Accepted for the reference's types; the menu is styled by the app. */
  appearance?: unknown
}

/**
 * The signed-in account, and every other account signed in to this browser: switch without a
 * reload, add another, sign out of all. Renders nothing when signed out.
 */
export function UserButton({
  showName = false,
  afterSwitchSessionUrl,
  afterSignOutUrl = AUTH_PAGES.afterSignOut,
  signInUrl = AUTH_PAGES.signIn,
  userProfileUrl = AUTH_PAGES.userProfile,
  fallback = null,
}: UserButtonProps = {}) {
  const { isLoaded, user } = useUser()
  const sessionList = useSessionList()
  const { snapshot, signOut, environment } = useAuthContext()
  const location = useLocation()
  if (!isLoaded || !sessionList.isLoaded) return <>{fallback}</>
  if (!user) return null
  const { sessions, setActive } = sessionList

  const name = displayName({ ...user, identifier: user.primaryEmailAddress?.emailAddress ?? user.id })
  const others = sessions.filter((session) => session.id !== snapshot.sessionId && isSignedInStatus(session.status))

  return (
    <Popover
      label="Account:"
      trigger={
        <>
          <Avatar name={name} seed={user.id} imageUrl={user.imageUrl} size="sm" />
          <span
            className={`sr-only max-w-48 truncate text-sm font-semibold text-zinc-900 ${showName ? 'lg:not-sr-only' : ''}`}
          >
            {name}
          </span>
          <svg
            viewBox="0 0 20 20"
            fill="currentColor"
            className="hidden size-4 text-zinc-400 sm:block"
            aria-hidden="true"
          >
            <path d="M5.22 8.22a.75.75 0 0 1 1.06 0L10 11.94l3.72-3.72a.75.75 0 1 1 1.06 1.06l-4.25 4.25a.75.75 0 0 1-1.06 0L5.22 9.28a.75.75 0 0 1 0-1.06Z" />
          </svg>
        </>
      }
    >
      {(close) => (
        <div className="text-sm">
          <div className="flex items-center gap-3 px-3 py-2">
            <Avatar name={name} seed={user.id} imageUrl={user.imageUrl} />
            <div className="min-w-0">
              <p className="truncate font-semibold text-zinc-900">{name}</p>
              <p className="truncate text-zinc-600">{user.primaryEmailAddress?.emailAddress}</p>
            </div>
          </div>
          <div className="mt-1 grid gap-0.5 border-t border-zinc-100 pt-1">
            <Link to="/sessions" onClick={close} className="rounded-md px-3 py-2 text-zinc-700 hover:bg-zinc-50">
              Accounts in this browser
            </Link>
            <Link to={userProfileUrl} onClick={close} className="rounded-md px-3 py-2 text-zinc-700 hover:bg-zinc-50">
              Profile
            </Link>
            <Link
              to="/account/security"
              onClick={close}
              className="rounded-md px-3 py-2 text-zinc-700 hover:bg-zinc-50"
            >
              Devices and security
            </Link>
          </div>
          {others.length > 0 && (
            <ul aria-label="Other accounts" className="mt-1 grid grid-cols-1 gap-0.5 border-t border-zinc-100 pt-1">
              {others.map((session) => {
                const otherName = displayName(session.publicUserData)
                return (
                  <li key={session.id}>
                    <button
                      type="button"
                      onClick={() => {
                        close()
                        void setActive({ session, redirectUrl: afterSwitchSessionUrl })
                      }}
                      className="flex w-full items-center gap-3 rounded-md px-3 py-2 text-left hover:bg-zinc-50"
                    >
                      <Avatar
                        name={otherName}
                        seed={session.publicUserData.userId}
                        imageUrl={session.publicUserData.imageUrl}
                        size="sm"
                      />
                      <span className="min-w-0 flex-1">
                        <span className="block truncate font-medium text-zinc-900">Switch to {otherName}</span>
                        <span className="block truncate text-xs text-zinc-600">
                          {session.publicUserData.identifier}
                        </span>
                      </span>
                    </button>
                  </li>
                )
              })}
            </ul>
          )}
          <div className="mt-1 grid gap-0.5 border-t border-zinc-100 pt-1">
            {environment.multiSession && (
              <Link
                to={signInUrl}
                search={{ redirect_url: location.href }}
                onClick={close}
                className="rounded-md px-3 py-2 text-zinc-700 hover:bg-zinc-50"
              >
                Add account
              </Link>
            )}
            {others.length > 0 && (
              <button
                type="button"
                onClick={() => {
                  close()
                  void signOut({ redirectUrl: afterSignOutUrl })
                }}
                className="rounded-md px-3 py-2 text-left text-zinc-700 hover:bg-zinc-50"
              >
                Sign out of all accounts
              </button>
            )}
          </div>
        </div>
      )}
    </Popover>
  )
}
