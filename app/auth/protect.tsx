import type { ReactNode } from 'react'
import type { CheckAuthorizationParams } from '../session/authorization.ts'
import { type PendingOption, useAuth } from './hooks.ts'

export type ProtectProps = PendingOption & {
  children: ReactNode
  /** Shown instead of the children when the check fails (nothing by default). */
  fallback?: ReactNode
} & (
    | (CheckAuthorizationParams & { condition?: never })
    /** Any check built from `has` (`(has) => has({ role: 'org:admin' }) || has({ plan: 'pro' })`). */
    | { condition: (has: (params: CheckAuthorizationParams) => boolean) => boolean }
  )

/**
 * Renders its children only for a signed-in session that passes the check: the same `has()` as the
 * server's. Without a check, any signed-in session passes. It only decides what is shown: the
 * server functions behind the children must authorize themselves.
 */
export function Protect({ children, fallback = null, treatPendingAsSignedOut, ...check }: ProtectProps) {
  const { isSignedIn, has } = useAuth({ treatPendingAsSignedOut })
  if (!isSignedIn) return <>{fallback}</>
  const allowed =
    'condition' in check && check.condition
      ? check.condition(has)
      : Object.keys(check).length === 0 || has(check as CheckAuthorizationParams)
  return <>{allowed ? children : fallback}</>
}
