import { createServerFn } from '@tanstack/react-start'
import { withFreshAuth } from '../middleware/session.ts'
import { authSnapshot, environmentOf } from '../server/page-context.server.ts'
import type { AuthSnapshot, EnvironmentJSON } from '../session/wire.ts'

export type { AuthSnapshot } from '../session/wire.ts'

/**
 * The browser's client and the session this tab should act as. A read; on a page load (no tab
 * header) it also keeps the session cookie current, so the page's later requests need no lookup.
 * Page loads render without calling it (app/functions/page-context.ts); navigations and the auth
 * layer's refreshes call it.
 */
export const $getClient = createServerFn({ method: 'GET' })
  .middleware([withFreshAuth])
  .handler(async ({ context }): Promise<AuthSnapshot> => authSnapshot(context.auth))

/** The instance settings the browser needs (read once per page, on its first navigation). */
export const $getEnvironment = createServerFn({ method: 'GET' }).handler(
  async (): Promise<EnvironmentJSON> => environmentOf(),
)
