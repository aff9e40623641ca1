import { createFileRoute, Outlet, redirect } from '@tanstack/react-router'
import { useAuthContext } from '../../auth/index.ts'
import { AFTER_SIGN_IN_PATH, authSearchSchema } from '../../auth/navigation.ts'
import { displayName } from '../../auth/resources.ts'
import { currentSession } from '../../auth/state.ts'
import { TASK_ROUTES } from '../../auth/tasks.ts'

/**
 * Where a pending session does its tasks, one page each. The guard sends a signed-out visitor to
 * sign in, a session with nothing left to do to the page it was headed for (`redirect_url`), and a
 * pending one to its current task, whichever task page was asked for: tasks are done in order.
 * Like every guard this only decides navigation; the task functions check the task themselves.
 */
export const Route = createFileRoute('/tasks')({
  validateSearch: authSearchSchema,
  beforeLoad: ({ context, location, search }) => {
    const session = currentSession(context.auth)
    if (!session) throw redirect({ to: '/sign-in', search: { redirect_url: location.href } })
    const tasks = session.status === 'pending' ? (session.tasks ?? []) : []
    const task = tasks[0]?.key
    if (!task) throw redirect({ href: search.redirect_url ?? AFTER_SIGN_IN_PATH })
    if (location.pathname !== TASK_ROUTES[task]) {
      throw redirect({ to: TASK_ROUTES[task], search: { redirect_url: search.redirect_url } })
    }
    return { task, remainingTasks: tasks.length }
  },
  component: TasksLayout,
})

function TasksLayout() {
  const { remainingTasks } = Route.useRouteContext()
  const { snapshot } = useAuthContext()
  const session = currentSession(snapshot)
  return (
    <main className="flex min-h-[calc(100vh-4rem)] items-start justify-center px-6 py-16">
      <div className="w-full max-w-lg">
        <p className="mb-3 text-center text-xs font-semibold tracking-wide text-indigo-600 uppercase">
          Before you continue{remainingTasks > 1 ? ` · ${remainingTasks} steps left` : ' · last step'}
        </p>
        <Outlet />
        {session && (
          <p className="mt-6 text-center text-sm text-zinc-500">
            Signed in as {displayName(session.publicUserData)} ({session.publicUserData.identifier}).
          </p>
        )}
      </div>
    </main>
  )
}
