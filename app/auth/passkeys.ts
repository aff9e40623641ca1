import { errorMessage, toErrorPayload } from './errors.ts'

/** The browser's WebAuthn ceremony ended without an answer: the person cancelled, or it timed out. */
export function isCeremonyCancelled(error: unknown): boolean {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown }
  return name === 'NotAllowedError' || name === 'AbortError' || code === 'ERROR_CEREMONY_ABORTED'
}

/** What to tell the person when a passkey ceremony or its verification failed. */
export function passkeyErrorMessage(error: unknown): string {
  const payload = toErrorPayload(error)
  if (payload) return errorMessage(payload)
  if (isCeremonyCancelled(error)) return 'The passkey request was cancelled or timed out. Try again when you are ready.'
  if ((error as { code?: unknown } | null)?.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') {
    return 'This device already holds a passkey for your account.'
  }
  return 'Your browser could not use a passkey here. Try another way to sign in.'
}
