/**
 * Rate limits: what is counted, the default allowance, and the verdict on a fixed-window counter.
 * The counter itself lives in Postgres (one atomic upsert), so every app process shares it.
 */

import {
  CODE_SENDS_PER_IDENTIFIER,
  CODE_SENDS_PER_IDENTIFIER_WINDOW_SECONDS,
  CODE_SENDS_PER_IP,
  CODE_SENDS_PER_IP_WINDOW_SECONDS,
  INVITATIONS_PER_ORGANIZATION,
  INVITATIONS_PER_ORGANIZATION_WINDOW_SECONDS,
  PASSKEY_CHALLENGES_PER_IP,
  PASSKEY_CHALLENGES_PER_IP_WINDOW_SECONDS,
  SECRET_KEY_FAILURES_PER_IP,
  SECRET_KEY_FAILURES_PER_IP_WINDOW_SECONDS,
  SECRET_KEY_REQUESTS_PER_KEY,
  SECRET_KEY_REQUESTS_PER_KEY_WINDOW_SECONDS,
  SIGN_IN_ATTEMPTS_PER_IDENTIFIER,
  SIGN_IN_ATTEMPTS_PER_IDENTIFIER_WINDOW_SECONDS,
  SIGN_IN_ATTEMPTS_PER_IP,
  SIGN_IN_ATTEMPTS_PER_IP_WINDOW_SECONDS,
  SIGN_IN_STARTS_PER_IDENTIFIER,
  SIGN_IN_STARTS_PER_IDENTIFIER_WINDOW_SECONDS,
  SIGN_IN_STARTS_PER_IP,
  SIGN_IN_STARTS_PER_IP_WINDOW_SECONDS,
  SIGN_UPS_PER_IP,
  SIGN_UPS_PER_IP_WINDOW_SECONDS,
} from './policy.ts'

export const RATE_LIMIT_RULES = [
  /** Factor attempts (passwords, codes) at sign-in, from one IP address. */
  'sign_in_ip',
  /** Factor attempts at sign-in against one email address or phone number, from anywhere. */
  'sign_in_identifier',
  /** Sign-ins started (the identifier step) from one IP address. */
  'sign_in_start_ip',
  /** Sign-ins started for one email address or phone number, from anywhere. */
  'sign_in_start_identifier',
  /** Codes sent (email or SMS) at the request of one IP address. */
  'code_send_ip',
  /** Codes sent to one email address or phone number. */
  'code_send_identifier',
  /** Sign-ups started from one IP address. */
  'sign_up_ip',
  /** Passkey challenges issued to one IP address. */
  'passkey_challenge_ip',
  /** Invitations sent from one organization. */
  'invitation_organization',
  /** Unknown, malformed or revoked secret keys presented to the Backend API from one IP address. */
  'secret_key_failure_ip',
  /** Backend API requests made with one (valid) secret key. */
  'secret_key_requests',
] as const

export type RateLimitRule = (typeof RATE_LIMIT_RULES)[number]

export interface RateLimit {
  limit: number
  windowSeconds: number
}

export const DEFAULT_RATE_LIMITS: Record<RateLimitRule, RateLimit> = {
  sign_in_ip: { limit: SIGN_IN_ATTEMPTS_PER_IP, windowSeconds: SIGN_IN_ATTEMPTS_PER_IP_WINDOW_SECONDS },
  sign_in_identifier: {
    limit: SIGN_IN_ATTEMPTS_PER_IDENTIFIER,
    windowSeconds: SIGN_IN_ATTEMPTS_PER_IDENTIFIER_WINDOW_SECONDS,
  },
  sign_in_start_ip: { limit: SIGN_IN_STARTS_PER_IP, windowSeconds: SIGN_IN_STARTS_PER_IP_WINDOW_SECONDS },
  sign_in_start_identifier: {
    limit: SIGN_IN_STARTS_PER_IDENTIFIER,
    windowSeconds: SIGN_IN_STARTS_PER_IDENTIFIER_WINDOW_SECONDS,
  },
  code_send_ip: { limit: CODE_SENDS_PER_IP, windowSeconds: CODE_SENDS_PER_IP_WINDOW_SECONDS },
  code_send_identifier: { limit: CODE_SENDS_PER_IDENTIFIER, windowSeconds: CODE_SENDS_PER_IDENTIFIER_WINDOW_SECONDS },
  sign_up_ip: { limit: SIGN_UPS_PER_IP, windowSeconds: SIGN_UPS_PER_IP_WINDOW_SECONDS },
  passkey_challenge_ip: { limit: PASSKEY_CHALLENGES_PER_IP, windowSeconds: PASSKEY_CHALLENGES_PER_IP_WINDOW_SECONDS },
  invitation_organization: {
    limit: INVITATIONS_PER_ORGANIZATION,
    windowSeconds: INVITATIONS_PER_ORGANIZATION_WINDOW_SECONDS,
  },
  secret_key_failure_ip: {
    limit: SECRET_KEY_FAILURES_PER_IP,
    windowSeconds: SECRET_KEY_FAILURES_PER_IP_WINDOW_SECONDS,
  },
  secret_key_requests: {
    limit: SECRET_KEY_REQUESTS_PER_KEY,
    windowSeconds: SECRET_KEY_REQUESTS_PER_KEY_WINDOW_SECONDS,
  },
}

/** A counter after this request was counted: hits so far in the window that started at `windowStartedAt`. */
export interface WindowCount {
  hits: number
  windowStartedAt: Date
}

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number }

export function rateLimitVerdict(count: WindowCount, limit: RateLimit, now: Date): RateLimitVerdict {
  if (count.hits <= limit.limit) return { allowed: true }
  const endsAt = count.windowStartedAt.getTime() + limit.windowSeconds * 1000
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)) }
}
