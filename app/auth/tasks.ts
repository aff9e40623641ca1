/**
 * Session tasks in the browser: where each task is done, and finishing one. A session that owes a
 * task is sent to its route by the route guards (`_authed`), with the page it was headed for as
 * `redirect_url`; finishing the last task goes there.
 *
 * The record below must name a route for every task key: adding a key to the registry
 * (app/session/tasks.ts) without its page does not compile, and neither does a path no route has.
 */

import type { ToOptions } from '@tanstack/react-router'
import type { SessionTaskKey } from '../session/tasks.ts'
import { useAuthContext } from './provider.tsx'

export const TASK_ROUTES = {
  'reset-password': '/tasks/reset-password',
  'setup-mfa': '/tasks/setup-mfa',
  'accept-terms': '/tasks/accept-terms',
  'choose-organization': '/tasks/choose-organization',
} as const satisfies Record<SessionTaskKey, NonNullable<ToOptions['to']>>

/**
 * Runs a task's last step (a server call that completes it), then lets the whole tab see the
 * session as it now is: its tokens said `sts: pending`, other tabs hear of it, and the route
 * guards run again, moving on to the next task or to the page the user was headed for.
 */
export function useFinishTask() {
  const { sessionChanged } = useAuthContext()
  return async (work: () => Promise<unknown>) => {
    await work()
    await sessionChanged()
  }
}
