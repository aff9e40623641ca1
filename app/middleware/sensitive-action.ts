/**
 * Sensitive actions and step-up verification. Every sensitive server function declares its action
 * here: it runs only for a signed-in session, read from the database (never a JWT alone), whose
 * factors were verified recently enough for the action (the instance's `reverification` settings,
 * `strict` by default). Otherwise it answers 403 `reverification_required` with the level and age
 * required, and the browser's `useReverification` opens the verification dialog and retries.
 *
 * Sessions must be active, except that a pending session may run the actions its current task
 * needs (`setup-mfa` sets up a second factor through the same functions as the security page).
 */

import { createMiddleware } from '@tanstack/react-start'
import { config } from '../server/config.server.ts'
import { log } from '../server/log.server.ts'
import { assertReverified } from '../server/reverification.server.ts'
import type { ReverificationConfig } from '../session/reverification.ts'
import type { SensitiveAction } from '../session/sensitive-actions.ts'
import type { SessionTaskKey } from '../session/tasks.ts'
import { requireFreshSessionFor } from './session.ts'

/** Any action that needs a recent verification: `requireReverification('strict_mfa')`. */
export function requireReverification(requirement: ReverificationConfig, task?: SessionTaskKey) {
  return createMiddleware({ type: 'function' })
    .middleware([requireFreshSessionFor(task)])
    .server(async ({ next, context }) => {
      assertReverified(context.session, requirement, new Date())
      return next()
    })
}

/** A built-in sensitive action, at the level the instance configures for it. */
export function sensitiveAction(action: SensitiveAction, task?: SessionTaskKey) {
  return createMiddleware({ type: 'function' })
    .middleware([requireFreshSessionFor(task)])
    .server(async ({ next, context }) => {
      assertReverified(
        context.session,
        config.reverification.actions[action] ?? config.reverification.default,
        new Date(),
      )
      log.info('sensitive_action', { action })
      return next({ context: { sensitiveAction: action } })
    })
}
