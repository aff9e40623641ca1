import * as z from 'zod'
import { isErrorCode } from '../session/errors.ts'
import { safeRedirectPath } from '../session/redirect.ts'

export { AFTER_SIGN_IN_PATH } from '../session/redirect.ts'

/**
 * Search params of the sign-in and sign-up pages: only a same-origin path survives as
 * `redirect_url`, and only an error code of ours as `sso_error`. The key is always returned, because the router merges the raw search params under
 * the validated ones: leaving an unsafe value out would let it through.
 */
export function validateAuthSearch(search: Record<string, unknown>): { redirect_url?: string; sso_error?: string } {
  return {
    redirect_url: safeRedirectPath(search.redirect_url) ?? undefined,
    // Why the trip to an enterprise IdP failed (the callback's redirect): only our own codes.
    sso_error: isErrorCode(search.sso_error) ? search.sso_error : undefined,
  }
}

/** The same, as the zod schema the routes' `validateSearch` takes (every route validates with zod). */
export const authSearchSchema = z
  .object({ redirect_url: z.unknown().optional(), sso_error: z.unknown().optional() })
  .transform(validateAuthSearch)

/** A page a social provider's trip returns to (the security page's "Connect"): only our codes as `sso_error`. */
export const ssoErrorSearchSchema = z
  .object({ sso_error: z.unknown().optional() })
  .transform((search): { sso_error?: string } => ({
    sso_error: isErrorCode(search.sso_error) ? search.sso_error : undefined,
  }))
