import { ADMIN_ROLE_LABEL } from '../../../session/admin.ts'
import type { AdminUserDetailJSON } from '../../../session/admin-wire.ts'
import { Alert } from '../../ui/alert.tsx'
import { Avatar } from '../../ui/avatar.tsx'
import { Badge } from '../../ui/badge.tsx'
import { Card } from '../../ui/card.tsx'
import { Fact } from '../../ui/fact.tsx'
import { Time } from '../../ui/time.tsx'

/** Why the admin may not change this account, when they may manage users but not this one. */
const REFUSAL = {
  self: 'This is your own account: change it from your account pages, where changes need a fresh verification.',
  target_is_admin: 'This user is an administrator: only an owner can ban them or change how they sign in.',
} as const

/** Who the user is at a glance: name, image, status badges, key facts, and a ban in force. */
export function UserSummary({
  detail,
  name,
  refusal,
}: {
  detail: AdminUserDetailJSON
  name: string
  /** Set when the admin manages users but not this account. */
  refusal: keyof typeof REFUSAL | null
}) {
  const { user } = detail
  return (
    <Card className="mt-4 p-6">
      <div className="flex flex-wrap items-center gap-4">
        <Avatar name={name} seed={user.id} imageUrl={user.imageUrl} size="lg" />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h2 className="text-2xl font-semibold tracking-tight text-zinc-900">{name}</h2>
            {user.adminRole && <Badge tone="indigo">{ADMIN_ROLE_LABEL[user.adminRole]}</Badge>}
            {user.bannedAt && <Badge tone="red">Banned</Badge>}
            {user.lockedUntil && <Badge tone="amber">Locked out</Badge>}
            {detail.factors.password.compromised && <Badge tone="amber">Password reset required</Badge>}
          </div>
          <p className="mt-1 text-sm text-zinc-600">{user.email ?? 'No email address'}</p>
        </div>
      </div>
      <dl className="mt-6 grid gap-4 text-sm sm:grid-cols-4">
        <Fact label="User id">
          <code className="font-mono text-xs break-all">{user.id}</code>
        </Fact>
        <Fact label="Joined">
          <Time value={user.createdAt} />
        </Fact>
        <Fact label="Signed in now">
          {detail.sessions.active} active{detail.sessions.pending > 0 && `, ${detail.sessions.pending} pending`}
        </Fact>
        <Fact label="Sessions ever">{detail.sessions.total}</Fact>
      </dl>
      {user.bannedAt && (
        <div className="mt-6">
          <Alert title="Banned">
            Since <Time value={user.bannedAt} />: {user.banReason ?? 'no reason recorded'}.
          </Alert>
        </div>
      )}
      {refusal && (
        <div className="mt-6">
          <Alert tone="info">{REFUSAL[refusal]}</Alert>
        </div>
      )}
    </Card>
  )
}
