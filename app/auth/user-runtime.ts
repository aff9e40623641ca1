/**
 * What the User resource and its parts (app/auth/resources.ts, phone-numbers.ts,
 * second-factors.ts) need from the auth layer after they changed the user.
 */

/** A subset of SessionRuntime. */
export interface UserRuntime {
  /** Re-reads the client and re-runs the route guards. */
  refresh: () => Promise<void>
  /** Tells other tabs. */
  broadcast: () => void
  /** Drops cached session tokens (they carry the user's name). */
  clearTokenCache: () => void
}

/** For a resource made outside the provider (a sample): changes reach the server, nothing re-reads. */
export const DETACHED: UserRuntime = { refresh: async () => {}, broadcast: () => {}, clearTokenCache: () => {} }

/** After a change: cached tokens go, other tabs hear of it, and this tab re-reads the client. */
export async function userChanged(runtime: UserRuntime): Promise<void> {
  runtime.clearTokenCache()
  runtime.broadcast()
  await runtime.refresh()
}
