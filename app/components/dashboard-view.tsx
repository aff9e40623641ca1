import type { ReactNode } from 'react'
import type { UserResource } from '../auth/resources.ts'
import type { Session } from '../auth/session.ts'
import { SessionStatusBadge } from './session-status-badge.tsx'
import { Avatar } from './ui/avatar.tsx'
import { Card } from './ui/card.tsx'
import { Time } from './ui/time.tsx'

export type DashboardSession = Pick<
  Session,
  'id' | 'status' | 'createdAt' | 'lastActiveAt' | 'expireAt' | 'factorVerificationAge'
>

/**
 * The dashboard's body for a given user and session: what `/dashboard` shows for the signed-in
 * session, and what `/examples/dashboard` shows for a sample one. The access and token cards come
 * from the caller (they read the tab's live session).
 */
export function DashboardView({
  user,
  session,
  accessCard,
  tokenCard,
}: {
  user: UserResource
  session: DashboardSession
  accessCard?: ReactNode
  tokenCard?: ReactNode
}) {
  const email = user.primaryEmailAddress?.emailAddress ?? null
  const name = user.fullName ?? email ?? user.id
  const [firstFactorAge, secondFactorAge] = session.factorVerificationAge ?? [-1, -1]
  // Sign-up creates the account and its first session in one step, at one instant.
  const newAccount = session.createdAt.getTime() === user.createdAt.getTime()

  return (
    <main className="mx-auto max-w-6xl px-6 py-12">
      <h1 className="text-3xl font-bold tracking-tight text-zinc-900">
        {newAccount ? 'Welcome' : 'Welcome back'}, {user.firstName ?? name}
      </h1>
      <p className="mt-2 text-zinc-600">
        You are signed in. This is who Tessera says you are, and the session that says so.
      </p>

      <div className="mt-10 grid gap-6 lg:grid-cols-3">
        <Card className="p-6">
          <h2 className="text-sm font-semibold tracking-wide text-zinc-500 uppercase">Signed in as</h2>
          <div className="mt-5 flex items-center gap-4">
            <Avatar name={name} seed={user.id} imageUrl={user.imageUrl} size="lg" />
            <div className="min-w-0">
              <p className="text-lg font-semibold text-zinc-900">{name}</p>
              {email && <p className="text-sm text-zinc-600">{email}</p>}
            </div>
          </div>
          <dl className="mt-6 divide-y divide-zinc-100 text-sm">
            <Row label="User id">
              <code className="font-mono text-xs">{user.id}</code>
            </Row>
            <Row label="Email verified">{user.primaryEmailAddress?.verified ? 'Yes' : 'Not yet'}</Row>
            <Row label="Member since">
              <Time value={user.createdAt} />
            </Row>
          </dl>
        </Card>

        <Card className="p-6">
          <div className="flex items-center justify-between">
            <h2 className="text-sm font-semibold tracking-wide text-zinc-500 uppercase">This session</h2>
            <SessionStatusBadge status={session.status} />
          </div>
          <dl className="mt-5 divide-y divide-zinc-100 text-sm">
            <Row label="Session id">
              <code className="font-mono text-xs">{session.id}</code>
            </Row>
            <Row label="Signed in">
              <Time value={session.createdAt} />
            </Row>
            <Row label="Last active">
              <Time value={session.lastActiveAt} />
            </Row>
            <Row label="Expires">
              <Time value={session.expireAt} />
            </Row>
            <Row label="Factors verified">
              {firstFactorAge >= 0 ? `first factor ${firstFactorAge} min ago` : 'first factor never'}
              {' · '}
              {secondFactorAge >= 0 ? `second factor ${secondFactorAge} min ago` : 'no second factor'}
            </Row>
          </dl>
        </Card>
        {accessCard}
      </div>

      <div className="mt-6">{tokenCard}</div>
    </main>
  )
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-center justify-between gap-4 py-3">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="text-right font-medium text-zinc-900">{children}</dd>
    </div>
  )
}
