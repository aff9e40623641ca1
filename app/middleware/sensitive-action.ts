/**
 * The hook point for step-up verification. Every sensitive server function declares its action
 * here; today this requires an active session, checked against the database (never a JWT alone),
 * and names the action in the context (and the log).
 * The reverification work replaces the body with the freshness check that answers 403
 * `reverification_required`, without touching the functions that use it.
 */

import { createMiddleware } from '@tanstack/react-start'
import { log } from '../server/log.server.ts'
import type { SensitiveAction } from '../session/sensitive-actions.ts'
import { requireFreshActiveSession } from './session.ts'

export function sensitiveAction(action: SensitiveAction) {
  return createMiddleware({ type: 'function' })
    .middleware([requireFreshActiveSession])
    .server(async ({ next }) => {
      log.info('sensitive_action', { action })
      return next({ context: { sensitiveAction: action } })
    })
}
