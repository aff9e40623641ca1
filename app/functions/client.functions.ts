import { createServerFn } from '@tanstack/react-start'
import { withAuth } from '../middleware/session.ts'
import { loadClientSnapshot } from '../server/client-snapshot.server.ts'
import { getDb } from '../server/db.server.ts'
import type { ClientJSON } from '../session/wire.ts'

export interface AuthSnapshot {
  /** This browser's client, or null when it has none (never signed in, or a forged cookie). */
  client: ClientJSON | null
  /** The session this tab acts as: the one it named if still signed in, else the client's last active one. */
  sessionId: string | null
}

/** The browser's client and the session this tab should act as. A pure read. */
export const $getClient = createServerFn({ method: 'GET' })
  .middleware([withAuth])
  .handler(async ({ context }): Promise<AuthSnapshot> => {
    const { clientId, session } = context.auth
    if (!clientId) return { client: null, sessionId: null }
    const client = await loadClientSnapshot(await getDb(), clientId, new Date())
    return { client, sessionId: session?.id ?? client?.lastActiveSessionId ?? null }
  })
