import { createFileRoute, Link, useRouter } from '@tanstack/react-router'
import { useState } from 'react'
import { ReasonDialog, type ReasonRequest } from '../../../../components/admin/reason-dialog.tsx'
import { useAdmin } from '../../../../components/admin/use-admin.ts'
import { BanSection } from '../../../../components/admin/user/ban.tsx'
import { IdentifiersSection } from '../../../../components/admin/user/identifiers.tsx'
import { ImpersonationSection } from '../../../../components/admin/user/impersonation.tsx'
import { MembershipsSection } from '../../../../components/admin/user/memberships.tsx'
import { PlanSection } from '../../../../components/admin/user/plan.tsx'
import { SessionsSection } from '../../../../components/admin/user/sessions.tsx'
import { SignInMethodsSection } from '../../../../components/admin/user/sign-in-methods.tsx'
import { UserSummary } from '../../../../components/admin/user/summary.tsx'
import { titled } from '../../../../components/page-title.ts'
import { $getAdminUser } from '../../../../functions/admin.functions.ts'
import { accountActionRefusal } from '../../../../session/admin.ts'

export const Route = createFileRoute('/_authed/admin/users/$userId')({
  loader: ({ params }) => $getAdminUser({ data: { userId: params.userId } }),
  head: titled('User · Admin'),
  component: UserPage,
})

/** One user, and everything an admin may do to their account (what their role allows). */
function UserPage() {
  const detail = Route.useLoaderData()
  const admin = useAdmin()
  const router = useRouter()
  const [confirming, setConfirming] = useState<ReasonRequest | null>(null)
  const { user } = detail
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ') || user.email || user.id
  const refusal = accountActionRefusal({ adminId: admin.userId, adminRole: admin.role, target: user })
  const managesUsers = admin.can('admin:manage_users')
  const managesAccount = managesUsers && refusal === null
  const ask = (request: ReasonRequest) =>
    setConfirming({
      ...request,
      run: async (reason) => {
        await request.run(reason)
        setConfirming(null)
        await router.invalidate()
      },
    })

  return (
    <div>
      <Link to="/admin/users" className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
        ← Users
      </Link>
      <UserSummary detail={detail} name={name} refusal={managesUsers ? refusal : null} />
      <IdentifiersSection detail={detail} />
      <SignInMethodsSection detail={detail} canManage={managesAccount} ask={ask} />
      <SessionsSection detail={detail} canRevoke={admin.can('admin:manage_sessions')} />
      <PlanSection detail={detail} canAssign={managesUsers} />
      <MembershipsSection detail={detail} />
      {admin.can('admin:impersonate') && <ImpersonationSection detail={detail} name={name} />}
      {managesAccount && <BanSection detail={detail} name={name} ask={ask} />}
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
