/**
 * Sensitive actions and step-up verification. Every sensitive server function declares its action
 * here: it runs only for an active session, read from the database (never a JWT alone), whose
 * factors were verified recently enough for the action (the instance's `reverification` settings,
 * `strict` by default). Otherwise it answers 403 `reverification_required` with the level and age
 * required, and the browser's `useReverification` opens the verification dialog and retries.
 */

import { createMiddleware } from '@tanstack/react-start'
import { config } from '../config/index.ts'
import { log } from '../server/log.server.ts'
import { assertReverified } from '../server/reverification.server.ts'
import type { ReverificationConfig } from '../session/reverification.ts'
import type { SensitiveAction } from '../session/sensitive-actions.ts'
import { requireFreshActiveSession } from './session.ts'

/** The requirement configured for an action. */
export function reverificationFor(action: SensitiveAction): ReverificationConfig {
  return config.reverification.actions[action] ?? config.reverification.default
}

/** Any action that needs a recent verification: `requireReverification('strict_mfa')`. */
export function requireReverification(requirement: ReverificationConfig) {
  return createMiddleware({ type: 'function' })
    .middleware([requireFreshActiveSession])
    .server(async ({ next, context }) => {
      assertReverified(context.session, requirement, new Date())
      return next()
    })
}

export function sensitiveAction(action: SensitiveAction) {
  return createMiddleware({ type: 'function' })
    .middleware([requireReverification(reverificationFor(action))])
    .server(async ({ next }) => {
      log.info('sensitive_action', { action })
      return next({ context: { sensitiveAction: action } })
    })
}
