/**
 * The doorbell between whatever writes webhook events and the worker that sends them, so the
 * ledger can ring it without importing the sender. Process-local: another instance's worker finds
 * the event at its next poll.
 *
 * Kept on `globalThis` because the server's runtime plugins (where the worker runs) and its request
 * handlers (where events are written) are separate module graphs in the built output (as in
 * db.server.ts).
 */

type Listener = () => void

const holder = globalThis as { __tesseraWebhookWake?: Set<Listener> }
holder.__tesseraWebhookWake ??= new Set()
const listeners: Set<Listener> = holder.__tesseraWebhookWake

/** Tells the worker, if one runs in this process, that an event was written. Cheap and synchronous. */
export function wakeWebhookWorker(): void {
  for (const listener of listeners) listener()
}

/** Subscribes the worker; returns the unsubscribe. */
export function onWebhookWake(listener: Listener): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}
