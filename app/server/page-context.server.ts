/**
 * What the root layout renders every page with, read on the server without a server-function call:
 * the tab's auth snapshot (what `$getClient` answers) and the instance's public settings (what
 * `$getEnvironment` answers). A page load renders through `loadPageContext`
 * (app/functions/page-context.ts), which calls `pageContext()` directly on the server; the
 * browser's navigations call the server functions, which answer from the same code here.
 */

import { getRequestHeader } from '@tanstack/react-start/server'
import { type InstanceConfig, publicEnvironment } from '../config/instance.ts'
import { SESSION_ID_HEADER } from '../session/transport.ts'
import type { AuthSnapshot, EnvironmentJSON, PageContextJSON } from '../session/wire.ts'
import type { AuthState } from './auth.server.ts'
import { loadClientSnapshot } from './client-snapshot.server.ts'
import { config } from './config.server.ts'
import { getDb } from './db.server.ts'
import { authenticateRequest, consumeTabSessionHint, ensureSessionCookie } from './request-auth.server.ts'

/**
 * The browser's client and the session this tab should act as. A read; on a page load (no tab
 * header) it also keeps the session cookie current, so the page's later requests need no lookup.
 */
export async function authSnapshot({ clientId, session }: AuthState): Promise<AuthSnapshot> {
  consumeTabSessionHint()
  if (!clientId) return { client: null, sessionId: null }
  if (session && !getRequestHeader(SESSION_ID_HEADER)) await ensureSessionCookie(session)
  const client = await loadClientSnapshot(await getDb(), config.access, clientId, new Date())
  return { client, sessionId: session?.id ?? client?.lastActiveSessionId ?? null }
}

const environments = new WeakMap<InstanceConfig, EnvironmentJSON>()

/** The public settings: the configuration is immutable, so they are built once per process. */
export function environmentOf(instance: InstanceConfig = config): EnvironmentJSON {
  let environment = environments.get(instance)
  if (!environment) {
    environment = publicEnvironment(instance)
    environments.set(instance, environment)
  }
  return environment
}

/** The root layout's context for the page this request renders. */
export async function pageContext(): Promise<PageContextJSON> {
  return { auth: await authSnapshot(await authenticateRequest()), environment: environmentOf() }
}
