import { createFileRoute, Outlet, redirect } from '@tanstack/react-router'
import { authStatus, currentSession } from '../../auth/state.ts'
import { TASK_ROUTES } from '../../auth/tasks.ts'

/**
 * Pages for signed-in users. This guard only decides navigation: signed-out visitors go to sign-in
 * and a session that owes a task goes to that task, each coming back here afterwards. Data is
 * protected by the server functions' own middleware (a pending session reaches none of these).
 */
export const Route = createFileRoute('/_authed')({
  beforeLoad: ({ context, location }) => {
    const status = authStatus(context.auth)
    if (status === 'pending') {
      const task = currentSession(context.auth)?.tasks?.[0]?.key
      if (task) throw redirect({ to: TASK_ROUTES[task], search: { redirect_url: location.href } })
    }
    if (status !== 'active') throw redirect({ to: '/sign-in', search: { redirect_url: location.href } })
  },
  component: Outlet,
})
