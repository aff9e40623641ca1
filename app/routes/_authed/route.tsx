import { createFileRoute, Outlet, redirect } from '@tanstack/react-router'
import { authStatus } from '../../auth/state.ts'

/**
 * Pages for signed-in users. This guard only decides navigation: signed-out visitors go to sign-in
 * and come back afterwards. Data is protected by the server functions' own middleware.
 */
export const Route = createFileRoute('/_authed')({
  beforeLoad: ({ context, location }) => {
    if (authStatus(context.auth) !== 'active') {
      throw redirect({ to: '/sign-in', search: { redirect_url: location.href } })
    }
  },
  component: Outlet,
})
