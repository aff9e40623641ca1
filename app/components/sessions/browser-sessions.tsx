/** The accounts signed in to this browser (one client), the ones that ended, and what each can do. */

import { Link } from '@tanstack/react-router'
import { useState } from 'react'
import { toErrorPayload } from '../../auth/errors.ts'
import { type Session, useAuthContext, useSessionList } from '../../auth/index.ts'
import { displayName } from '../../auth/resources.ts'
import { isSignedInStatus, TRANSITIONS } from '../../session/status.ts'
import { PageHeader } from '../page-header.tsx'
import { SessionStatusBadge } from '../session-status-badge.tsx'
import { Alert } from '../ui/alert.tsx'
import { Avatar } from '../ui/avatar.tsx'
import { Badge } from '../ui/badge.tsx'
import { Button, buttonClasses } from '../ui/button.tsx'
import { Card } from '../ui/card.tsx'
import { Time } from '../ui/time.tsx'

export function BrowserSessions() {
  const sessions = useSessionList().sessions ?? []
  const { snapshot, environment } = useAuthContext()
  const [error, setError] = useState<string | null>(null)
  const signedIn = sessions.filter((session) => isSignedInStatus(session.status))
  const past = sessions.filter((session) => !isSignedInStatus(session.status))

  const run = async (action: () => Promise<unknown>) => {
    setError(null)
    try {
      await action()
    } catch (failure) {
      setError(toErrorPayload(failure)?.userMessage ?? 'Something went wrong. Please try again.')
    }
  }

  return (
    <main className="mx-auto max-w-4xl px-6 py-12">
      <PageHeader
        title="Accounts in this browser"
        description={`This browser is one client. It can hold up to ${environment.maxSessionsPerClient} signed-in accounts; each tab acts as one of them.`}
        actions={
          environment.multiSession && (
            <Link
              to="/sign-in"
              search={{ redirect_url: '/sessions' }}
              className={buttonClasses({ variant: 'secondary' })}
            >
              Add account
            </Link>
          )
        }
      />
      {error && (
        <div className="mt-6">
          <Alert>{error}</Alert>
        </div>
      )}
      <section aria-labelledby="signed-in" className="mt-10">
        <h2 id="signed-in" className="text-sm font-semibold tracking-wide text-zinc-500 uppercase">
          Signed in
        </h2>
        <Card className="mt-3">
          <ul aria-labelledby="signed-in" className="divide-y divide-zinc-100">
            {signedIn.map((session) => (
              <SessionRow key={session.id} session={session} current={session.id === snapshot.sessionId} run={run} />
            ))}
          </ul>
        </Card>
      </section>
      {past.length > 0 && (
        <section aria-labelledby="past" className="mt-10">
          <h2 id="past" className="text-sm font-semibold tracking-wide text-zinc-500 uppercase">
            No longer signed in
          </h2>
          <Card className="mt-3">
            <ul aria-labelledby="past" className="divide-y divide-zinc-100">
              {past.map((session) => (
                <SessionRow key={session.id} session={session} current={false} run={run} />
              ))}
            </ul>
          </Card>
        </section>
      )}
    </main>
  )
}

function SessionRow({
  session,
  current,
  run,
}: {
  session: Session
  current: boolean
  run: (action: () => Promise<unknown>) => Promise<void>
}) {
  const { setActive, signOut } = useAuthContext()
  const name = displayName(session.publicUserData)
  const signedIn = isSignedInStatus(session.status)
  return (
    <li
      className={`flex flex-wrap items-center gap-4 px-5 py-4 ${signedIn ? '' : 'opacity-60'}`}
      aria-label={`${name}, ${session.status}`}
    >
      <Avatar
        name={name}
        seed={session.publicUserData.userId}
        imageUrl={session.publicUserData.imageUrl}
        muted={!signedIn}
      />
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-2 font-medium text-zinc-900">
          {name}
          <SessionStatusBadge status={session.status} />
          {current && <Badge tone="indigo">This tab</Badge>}
        </p>
        <p className="truncate text-sm text-zinc-500">{session.publicUserData.identifier}</p>
        <p className="mt-1 text-xs text-zinc-500">
          {signedIn ? (
            <>
              Signed in <Time value={session.createdAt} /> · last active <Time value={session.lastActiveAt} />
            </>
          ) : (
            <>
              {session.endReason ? TRANSITIONS[session.endReason].label : 'Ended'}
              {session.endedAt && (
                <>
                  {' · '}
                  <Time value={session.endedAt} />
                </>
              )}
            </>
          )}
        </p>
      </div>
      <div className="flex gap-2">
        {signedIn && !current && (
          <Button size="sm" variant="secondary" onClick={() => run(() => setActive({ session }))}>
            Switch
          </Button>
        )}
        {signedIn && (
          <>
            <Button size="sm" variant="ghost" onClick={() => run(() => session.end())}>
              End
            </Button>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => run(() => signOut({ sessionId: session.id, redirectUrl: '/' }))}
            >
              Sign out
            </Button>
          </>
        )}
        {!signedIn && session.status === 'ended' && (
          <Button size="sm" variant="ghost" onClick={() => run(() => session.remove())}>
            Remove from list
          </Button>
        )}
      </div>
    </li>
  )
}
