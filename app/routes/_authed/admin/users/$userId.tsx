import { createFileRoute, Link, useRouter } from '@tanstack/react-router'
import { type ReactNode, useState } from 'react'
import { ImpersonateButton } from '../../../../components/actors/impersonate.tsx'
import { ReasonDialog } from '../../../../components/admin/reason-dialog.tsx'
import { useAdmin } from '../../../../components/admin/use-admin.ts'
import { titled } from '../../../../components/page-title.ts'
import { ConfirmDialog } from '../../../../components/settings/confirm-dialog.tsx'
import { SettingsRow, SettingsSection } from '../../../../components/settings/settings-section.tsx'
import { useSettingsAction } from '../../../../components/settings/use-settings-action.ts'
import { Alert } from '../../../../components/ui/alert.tsx'
import { Avatar } from '../../../../components/ui/avatar.tsx'
import { Badge } from '../../../../components/ui/badge.tsx'
import { Button, buttonClasses } from '../../../../components/ui/button.tsx'
import { Card } from '../../../../components/ui/card.tsx'
import { cn } from '../../../../components/ui/cn.ts'
import { selectClasses } from '../../../../components/ui/field.tsx'
import { Time } from '../../../../components/ui/time.tsx'
import {
  $assignUserPlan,
  $banUser,
  $getAdminUser,
  $markPasswordCompromised,
  $removeUserFactor,
  $revokeUserSessions,
  $unbanUser,
} from '../../../../functions/admin.functions.ts'
import { ADMIN_ROLE_LABEL, accountActionRefusal, impersonationRefusal } from '../../../../session/admin.ts'
import type { AdminUserDetailJSON, RemovableFactor } from '../../../../session/admin-wire.ts'

export const Route = createFileRoute('/_authed/admin/users/$userId')({
  loader: ({ params }) => $getAdminUser({ data: { userId: params.userId } }),
  head: titled('User · Admin'),
  component: UserPage,
})

const IMPERSONATION_REFUSAL: Record<NonNullable<ReturnType<typeof impersonationRefusal>>, string> = {
  self: 'This is your own account.',
  nested: 'You cannot impersonate from an impersonated session.',
  forbidden: 'Your admin role cannot impersonate.',
  target_is_admin: 'This user is an administrator: only an owner can impersonate them.',
  target_banned: 'A banned user cannot be impersonated.',
}

/** "Impersonate", or why not (the server decides again when the link is made and redeemed). */
function ImpersonationSection({ detail, name }: { detail: AdminUserDetailJSON; name: string }) {
  const admin = useAdmin()
  const { user } = detail
  const refusal = impersonationRefusal({
    adminId: admin.userId,
    adminRole: admin.role,
    adminIsImpersonated: false,
    target: { id: user.id, adminRole: user.adminRole, banned: user.bannedAt !== null },
  })
  return (
    <SettingsSection
      id="impersonation"
      title="Impersonation"
      description="See the app as this user does, to help them. At most 30 minutes; sensitive actions are blocked; everything is recorded under both your names."
      action={refusal === null && <ImpersonateButton userId={user.id} userName={name} />}
    >
      <p className="px-5 py-4 text-sm text-zinc-600">
        {refusal === null ? `You can impersonate ${name}.` : IMPERSONATION_REFUSAL[refusal]}
      </p>
    </SettingsSection>
  )
}

/** A confirmation waiting on screen: what it does once the admin has said why. */
interface Pending {
  title: string
  description: string
  confirmLabel: string
  /** False for what gives something back (an unban): the confirm button is not red. */
  danger?: boolean
  run: (reason: string) => Promise<unknown>
}

/** One user, and everything an admin may do to their account (what their role allows). */
function UserPage() {
  const detail = Route.useLoaderData()
  const admin = useAdmin()
  const router = useRouter()
  const [confirming, setConfirming] = useState<Pending | null>(null)
  const { user } = detail
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ') || user.email || user.id
  const refusal = accountActionRefusal({ adminId: admin.userId, adminRole: admin.role, target: user })
  const managesAccount = admin.can('admin:manage_users') && refusal === null
  const ask = (pending: Pending) =>
    setConfirming({
      ...pending,
      run: async (reason) => {
        await pending.run(reason)
        setConfirming(null)
        await router.invalidate()
      },
    })

  return (
    <div>
      <Link to="/admin/users" className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
        ← Users
      </Link>
      <Card className="mt-4 p-6">
        <div className="flex flex-wrap items-center gap-4">
          <Avatar name={name} seed={user.id} size="lg" />
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
        {admin.can('admin:manage_users') && refusal && (
          <div className="mt-6">
            <Alert tone="info">
              {refusal === 'self'
                ? 'This is your own account: change it from your account pages, where changes need a fresh verification.'
                : 'This user is an administrator: only an owner can ban them or change how they sign in.'}
            </Alert>
          </div>
        )}
      </Card>

      <IdentifiersSection detail={detail} />
      <SignInMethodsSection detail={detail} canManage={managesAccount} ask={ask} />
      <SessionsSection detail={detail} canRevoke={admin.can('admin:manage_sessions')} />
      <PlanSection detail={detail} canAssign={admin.can('admin:manage_users')} />
      <MembershipsSection detail={detail} />

      {admin.can('admin:impersonate') && <ImpersonationSection detail={detail} name={name} />}

      {managesAccount && (
        <SettingsSection
          id="ban"
          title={user.bannedAt ? 'Lift the ban' : 'Ban this user'}
          description={
            user.bannedAt
              ? 'They can sign in again. Sessions revoked by the ban stay revoked.'
              : 'They are signed out everywhere at their next request and cannot sign in again until the ban is lifted.'
          }
          action={
            user.bannedAt ? (
              <Button
                variant="secondary"
                size="sm"
                onClick={() =>
                  ask({
                    title: `Unban ${name}?`,
                    description: 'They will be able to sign in again.',
                    confirmLabel: 'Unban',
                    danger: false,
                    run: (reason) => $unbanUser({ data: { userId: user.id, reason } }),
                  })
                }
              >
                Unban
              </Button>
            ) : (
              <Button
                variant="danger"
                size="sm"
                onClick={() =>
                  ask({
                    title: `Ban ${name}?`,
                    description:
                      'Every session they have is revoked now, and they cannot sign in until the ban is lifted. They are told their account is suspended only after entering a correct password.',
                    confirmLabel: 'Ban user',
                    run: (reason) => $banUser({ data: { userId: user.id, reason } }),
                  })
                }
              >
                Ban user
              </Button>
            )
          }
        >
          <p className="px-5 py-4 text-sm text-zinc-500">
            Every ban and unban is recorded in the ledger with its reason.
          </p>
        </SettingsSection>
      )}

      {confirming && (
        <ReasonDialog
          title={confirming.title}
          description={confirming.description}
          confirmLabel={confirming.confirmLabel}
          danger={confirming.danger}
          onConfirm={confirming.run}
          onClose={() => setConfirming(null)}
        />
      )}
    </div>
  )
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-zinc-500">{label}</dt>
      <dd className="mt-1 font-medium text-zinc-900">{children}</dd>
    </div>
  )
}

function IdentifiersSection({ detail }: { detail: AdminUserDetailJSON }) {
  const flags = (identifier: { primary: boolean; verified: boolean }) => (
    <>
      {identifier.primary && <Badge tone="indigo">Primary</Badge>}
      {!identifier.verified && <Badge tone="amber">Unverified</Badge>}
    </>
  )
  return (
    <SettingsSection
      id="identifiers"
      title="Email addresses and phone numbers"
      description="What the user signs in with."
    >
      <ul aria-label="Identifiers" className="divide-y divide-zinc-100">
        {detail.emailAddresses.map((email) => (
          <SettingsRow key={email.id} label={email.emailAddress} title={email.emailAddress} badges={flags(email)} />
        ))}
        {detail.phoneNumbers.map((phone) => (
          <SettingsRow
            key={phone.id}
            label={phone.phoneNumber}
            title={phone.phoneNumber}
            badges={
              <>
                {flags(phone)}
                {phone.secondFactor && <Badge tone="green">Two-step codes</Badge>}
              </>
            }
          />
        ))}
      </ul>
    </SettingsSection>
  )
}

function SignInMethodsSection({
  detail,
  canManage,
  ask,
}: {
  detail: AdminUserDetailJSON
  canManage: boolean
  ask: (pending: Pending) => void
}) {
  const { user, factors } = detail
  const remove = (label: string, factor: RemovableFactor) => () =>
    ask({
      title: `Remove ${label}?`,
      description:
        'The user can no longer sign in with it. Their sessions stay signed in: revoke them too if it was compromised.',
      confirmLabel: 'Remove',
      run: (reason) => $removeUserFactor({ data: { userId: user.id, factor, reason } }),
    })
  /** A row's button: short on screen, named in full for assistive technology (rows repeat "Remove"). */
  const action = (text: string, name: string, onClick: () => void) =>
    canManage && (
      <Button size="sm" variant="secondary" onClick={onClick} aria-label={name}>
        {text}
      </Button>
    )
  const smsPhones = detail.phoneNumbers.filter((phone) => phone.secondFactor)
  return (
    <SettingsSection
      id="sign-in-methods"
      title="Sign-in methods"
      description="The password, passkeys and two-step verification the user has set up."
    >
      <ul aria-label="Sign-in methods" className="divide-y divide-zinc-100">
        <SettingsRow
          label="Password"
          title="Password"
          badges={
            factors.password.compromised ? (
              <Badge tone="amber">Reset required</Badge>
            ) : (
              !factors.password.enrolled && <Badge>None</Badge>
            )
          }
          detail={
            factors.password.enrolled
              ? 'Forcing a reset signs the user out everywhere; their next sign-in proves their email address and then sets a new password.'
              : 'The user signs in without a password.'
          }
          actions={
            factors.password.enrolled &&
            action('Force reset', 'Force reset of the password', () =>
              ask({
                title: 'Force a password reset?',
                description:
                  'The password is marked compromised and never signs in alone again. Every session of the user is revoked now; their next sign-in proves their email address and then asks for a new password.',
                confirmLabel: 'Force reset',
                run: (reason) => $markPasswordCompromised({ data: { userId: user.id, reason } }),
              }),
            )
          }
        />
        {factors.passkeys.map((passkey) => (
          <SettingsRow
            key={passkey.id}
            label={`Passkey ${passkey.name}`}
            title={passkey.name}
            badges={<Badge>Passkey</Badge>}
            detail={
              <>
                Added <Time value={passkey.createdAt} />
                {passkey.lastUsedAt && (
                  <>
                    {' '}
                    · last used <Time value={passkey.lastUsedAt} />
                  </>
                )}
              </>
            }
            actions={action(
              'Remove',
              `Remove passkey ${passkey.name}`,
              remove(`the passkey “${passkey.name}”`, { kind: 'passkey', passkeyId: passkey.id }),
            )}
          />
        ))}
        {factors.totp && (
          <SettingsRow
            label="Authenticator app"
            title="Authenticator app"
            badges={<Badge tone="green">Two-step</Badge>}
            actions={action('Remove', 'Remove authenticator app', remove('the authenticator app', { kind: 'totp' }))}
          />
        )}
        {smsPhones.map((phone) => (
          <SettingsRow
            key={phone.id}
            label={`Text-message codes to ${phone.phoneNumber}`}
            title={`Text-message codes to ${phone.phoneNumber}`}
            badges={<Badge tone="green">Two-step</Badge>}
            actions={action(
              'Remove',
              `Remove text-message codes to ${phone.phoneNumber}`,
              remove('text-message codes', { kind: 'sms_second_factor', phoneNumberId: phone.id }),
            )}
          />
        ))}
        {factors.backupCodesRemaining > 0 && (
          <SettingsRow
            label="Backup codes"
            title="Backup codes"
            detail={`${factors.backupCodesRemaining} unused`}
            actions={action('Remove', 'Remove backup codes', remove('the backup codes', { kind: 'backup_codes' }))}
          />
        )}
      </ul>
    </SettingsSection>
  )
}

function SessionsSection({ detail, canRevoke }: { detail: AdminUserDetailJSON; canRevoke: boolean }) {
  const [confirming, setConfirming] = useState(false)
  const { error, run, pending } = useSettingsAction()
  const signedIn = detail.sessions.active + detail.sessions.pending
  const userId = detail.user.id
  return (
    <SettingsSection
      id="sessions"
      title="Sessions"
      description={`${signedIn === 1 ? '1 session is' : `${signedIn} sessions are`} signed in now.`}
      action={
        <div className="flex gap-2">
          <Link to="/admin/sessions" search={{ userId }} className={buttonClasses({ variant: 'ghost', size: 'sm' })}>
            View sessions
          </Link>
          <Link to="/admin/ledger" search={{ userId }} className={buttonClasses({ variant: 'ghost', size: 'sm' })}>
            View activity
          </Link>
          {canRevoke && signedIn > 0 && (
            <Button variant="secondary" size="sm" onClick={() => setConfirming(true)}>
              Revoke all sessions
            </Button>
          )}
        </div>
      }
      alert={error && <Alert>{error}</Alert>}
    >
      <p className="px-5 py-4 text-sm text-zinc-500">
        A revoked session is signed out at its next request (within a minute for checks that trust the session token
        alone).
      </p>
      {confirming && (
        <ConfirmDialog
          title="Revoke every session of this user?"
          description="They are signed out on every device at their next request, and can sign in again."
          confirmLabel="Revoke all"
          pending={pending === 'revoke'}
          onClose={() => setConfirming(false)}
          onConfirm={() =>
            run('revoke', () => $revokeUserSessions({ data: { userId } })).then(() => setConfirming(false))
          }
        />
      )}
    </SettingsSection>
  )
}

function PlanSection({ detail, canAssign }: { detail: AdminUserDetailJSON; canAssign: boolean }) {
  const { error, run, pending } = useSettingsAction()
  const { plan } = detail.user
  if (detail.plans.length === 0) return null
  const planName = (key: string | null) => detail.plans.find((candidate) => candidate.key === key)?.name ?? key
  return (
    <SettingsSection
      id="plan"
      title="Plan"
      description={`In force: ${planName(plan.effective) ?? 'none'}${plan.assigned === null ? ' (the default)' : ''}.`}
      alert={error && <Alert>{error}</Alert>}
    >
      <div className="px-5 py-4">
        {canAssign ? (
          <label className="flex flex-wrap items-center gap-3 text-sm font-medium text-zinc-800">
            Assigned plan
            <select
              value={plan.assigned ?? ''}
              disabled={pending === 'plan'}
              onChange={(event) =>
                run('plan', () =>
                  $assignUserPlan({ data: { userId: detail.user.id, plan: event.target.value || null } }),
                )
              }
              className={cn(selectClasses, 'h-8')}
            >
              <option value="">The default plan</option>
              {detail.plans.map((option) => (
                <option key={option.key} value={option.key}>
                  {option.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <p className="text-sm text-zinc-600">{planName(plan.assigned) ?? 'The default plan'}</p>
        )}
      </div>
    </SettingsSection>
  )
}

function MembershipsSection({ detail }: { detail: AdminUserDetailJSON }) {
  return (
    <SettingsSection id="organizations" title="Organizations" description="Where the user is a member, and their role.">
      {detail.memberships.length === 0 ? (
        <p className="px-5 py-4 text-sm text-zinc-500">Not a member of any organization.</p>
      ) : (
        <ul aria-label="Memberships" className="divide-y divide-zinc-100">
          {detail.memberships.map((membership) => (
            <SettingsRow
              key={membership.organizationId}
              label={membership.name}
              title={membership.name}
              badges={<Badge>{membership.roleName}</Badge>}
              detail={membership.slug}
            />
          ))}
        </ul>
      )}
    </SettingsSection>
  )
}
