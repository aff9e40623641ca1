import { Link, useLocation } from '@tanstack/react-router'
import { useAuthContext, useSessionList, useUser } from '../auth/index.ts'
import { displayName } from '../auth/resources.ts'
import { isSignedInStatus } from '../session/status.ts'
import { Avatar } from './ui/avatar.tsx'
import { Popover } from './ui/popover.tsx'

/**
 * The signed-in account, and every other account signed in to this browser: switch without a
 * reload, add another, sign out of all.
 */
export function AccountSwitcher() {
  const { user } = useUser()
  const sessionList = useSessionList()
  const { snapshot, signOut, environment } = useAuthContext()
  const location = useLocation()
  if (!user || !sessionList.isLoaded) return null
  const { sessions, setActive } = sessionList

  const name = displayName({ ...user, identifier: user.primaryEmailAddress?.emailAddress ?? user.id })
  const others = sessions.filter((session) => session.id !== snapshot.sessionId && isSignedInStatus(session.status))

  return (
    <Popover
      label="Account:"
      trigger={
        <>
          <Avatar name={name} seed={user.id} imageUrl={user.imageUrl} size="sm" />
          <span className="sr-only max-w-48 truncate text-sm font-semibold text-zinc-900 lg:not-sr-only">{name}</span>
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
            <Link to="/account/profile" onClick={close} className="rounded-md px-3 py-2 text-zinc-700 hover:bg-zinc-50">
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
                        void setActive({ session })
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
                to="/sign-in"
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
                  void signOut({ redirectUrl: '/' })
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
