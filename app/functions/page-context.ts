/**
 * The root layout's context (the tab's auth snapshot and the instance settings) without a
 * server-function round trip on page loads (issue 23): on the server the root's `beforeLoad` reads
 * it directly (`pageContext()`); the router dehydrates what it returned, and the browser hydrates
 * from that without running `beforeLoad` again (ADR 020: the page agrees with the server). On a
 * navigation in the browser it asks `$getClient`, and the settings once per page (`$getEnvironment`).
 */

import { createIsomorphicFn } from '@tanstack/react-start'
import { mapServerError } from '../server/errors.server.ts'
import { pageContext } from '../server/page-context.server.ts'
import type { EnvironmentJSON, PageContextJSON } from '../session/wire.ts'
import { $getClient, $getEnvironment } from './client.functions.ts'

/** The instance settings, read once per page (they do not change while it is open). */
let environment: Promise<EnvironmentJSON> | undefined
function browserEnvironment(): Promise<EnvironmentJSON> {
  environment ??= $getEnvironment().catch((error: unknown) => {
    environment = undefined
    throw error
  })
  return environment
}

export const loadPageContext: () => Promise<PageContextJSON> = createIsomorphicFn()
  .server(async () => {
    try {
      return await pageContext()
    } catch (error) {
      // As a server function's error leaves (app/middleware/errors.ts): coded, with its status.
      throw mapServerError(error)
    }
  })
  .client(async () => {
    const [auth, environment] = await Promise.all([$getClient(), browserEnvironment()])
    return { auth, environment }
  })
