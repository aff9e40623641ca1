import { setTabSessionId } from '../middleware/tab-session.ts'
import { safeRedirectPath } from '../session/redirect.ts'

export const AFTER_SIGN_IN_PATH = '/dashboard'

/**
 * Search params of the sign-in and sign-up pages: only a same-origin path survives as
 * `redirect_url`. The key is always returned, because the router merges the raw search params under
 * the validated ones: leaving an unsafe value out would let it through.
 */
export function validateAuthSearch(search: Record<string, unknown>): { redirect_url?: string } {
  return { redirect_url: safeRedirectPath(search.redirect_url) ?? undefined }
}

/** After a sign-in this tab acts as the new session, whatever other tabs are doing. */
export function adoptSession(sessionId: string): void {
  setTabSessionId(sessionId)
}
