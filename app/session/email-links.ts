/**
 * Email links (`email_link`, the reference's "email verification link"): what opening one can come
 * to, and how the page it lands on tells the page the flow named (`redirectUrl`). The reference's
 * Frontend API redirects there with `__clerk_status` and, when the sign-in completed in this
 * browser, `__clerk_created_session`; `handleEmailLinkVerification` reads them. We keep both names
 * so its guides' verification pages work unchanged (docs/decisions/036-email-links.md).
 */

/** What opening an email link came to (the reference's `__clerk_status` values, `loading` aside). */
export const EMAIL_LINK_STATUSES = [
  /** The link was good and is now spent: the address is proven. */
  'verified',
  /** The link was good but past EMAIL_LINK_TTL_SECONDS (or its sign-in or sign-up was). */
  'expired',
  /** Unknown, already used, replaced by a newer link, or its flow was given up. */
  'failed',
  /** The reference's "Require the same device and browser": opened in another browser. Not refused here (ADR 036). */
  'client_mismatch',
] as const
export type EmailLinkStatus = (typeof EMAIL_LINK_STATUSES)[number]

/** The query parameters the landing page adds to the flow's `redirectUrl` (the reference's names). */
export const EMAIL_LINK_STATUS_PARAM = '__clerk_status'
export const EMAIL_LINK_CREATED_SESSION_PARAM = '__clerk_created_session'

/** The page an email link opens; its token follows in the fragment (never sent to a server by the browser). */
export const EMAIL_LINK_PATH = '/email-link/verify'

/** What a link proves (the purposes of `CODE_PURPOSES` a link is sent for). */
export const EMAIL_LINK_PURPOSES = ['sign_in_first_factor', 'sign_up', 'verify_email'] as const
export type EmailLinkPurpose = (typeof EMAIL_LINK_PURPOSES)[number]

/** What the landing page learns from opening a link. */
export interface EmailLinkOutcome {
  status: EmailLinkStatus
  purpose: EmailLinkPurpose | null
  /** The session the link completed, when it did so in this very browser. */
  createdSessionId: string | null
  /** The flow's own page (same origin, a path), to go on to; null: the landing page says what happened. */
  redirectUrl: string | null
}

/**
 * Where the landing page sends the browser: the flow's `redirectUrl` with the reference's status
 * parameters, or null when the flow named none (our own pages), so the landing page shows the outcome.
 */
export function continueUrl(outcome: EmailLinkOutcome, origin: string): string | null {
  if (!outcome.redirectUrl) return null
  const url = new URL(outcome.redirectUrl, origin)
  if (url.origin !== origin) return null
  url.searchParams.set(EMAIL_LINK_STATUS_PARAM, outcome.status)
  if (outcome.createdSessionId) url.searchParams.set(EMAIL_LINK_CREATED_SESSION_PARAM, outcome.createdSessionId)
  else url.searchParams.delete(EMAIL_LINK_CREATED_SESSION_PARAM)
  return `${url.pathname}${url.search}${url.hash}`
}

/** The reference's `__clerk_status` as read back by `handleEmailLinkVerification` (anything else: `failed`). */
export function readEmailLinkStatus(search: string): { status: EmailLinkStatus; createdSessionId: string | null } {
  const params = new URLSearchParams(search)
  const raw = params.get(EMAIL_LINK_STATUS_PARAM)
  const status = (EMAIL_LINK_STATUSES as readonly string[]).includes(raw ?? '') ? (raw as EmailLinkStatus) : 'failed'
  return { status, createdSessionId: params.get(EMAIL_LINK_CREATED_SESSION_PARAM) }
}
