import { createServerFn } from '@tanstack/react-start'
import { getRequestHeader } from '@tanstack/react-start/server'
import { publicEnvironment } from '../config/instance.ts'
import { withFreshAuth } from '../middleware/session.ts'
import { loadClientSnapshot } from '../server/client-snapshot.server.ts'
import { config } from '../server/config.server.ts'
import { getDb } from '../server/db.server.ts'
import { consumeTabSessionHint, ensureSessionCookie } from '../server/request-auth.server.ts'
import { SESSION_ID_HEADER } from '../session/transport.ts'
import type { ClientJSON, EnvironmentJSON } from '../session/wire.ts'

export interface AuthSnapshot {
  /** This browser's client, or null when it has none (never signed in, or a forged cookie). */
  client: ClientJSON | null
  /** The session this tab acts as: the one it named if still signed in, else the client's last active one. */
  sessionId: string | null
}

/**
 * The browser's client and the session this tab should act as. A read; on a page load (no tab
 * header) it also keeps the session cookie current, so the page's later requests need no lookup.
 */
export const $getClient = createServerFn({ method: 'GET' })
  .middleware([withFreshAuth])
  .handler(async ({ context }): Promise<AuthSnapshot> => {
    const { clientId, session } = context.auth
    consumeTabSessionHint()
    if (!clientId) return { client: null, sessionId: null }
    if (session && !getRequestHeader(SESSION_ID_HEADER)) await ensureSessionCookie(session)
    const client = await loadClientSnapshot(await getDb(), config.access, clientId, new Date())
    return { client, sessionId: session?.id ?? client?.lastActiveSessionId ?? null }
  })

/** The instance settings the browser needs (read once per page load). */
export const $getEnvironment = createServerFn({ method: 'GET' }).handler(
  async (): Promise<EnvironmentJSON> => publicEnvironment(config),
)
