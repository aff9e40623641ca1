/**
 * Opening an email link (`email_link`, docs/decisions/036-email-links.md). The link's token is a
 * 256-bit bearer secret kept only as its SHA-256 (app/server/codes.server.ts); it works once, for
 * EMAIL_LINK_TTL_SECONDS, for what asked for it: a sign-in's first factor, a sign-up's address, or
 * an address added to an account. What opening it does is that flow's (`passEmailLink`,
 * `passSignUpEmailLink`, `passVerifyEmailLink`); this module finds the link, counts the opening
 * against the rate limit, and answers in the reference's terms (`__clerk_status`).
 */

import { eq } from 'drizzle-orm'
import { clients } from '../../db/schema.ts'
import type { EmailLinkOutcome, EmailLinkPurpose, EmailLinkStatus } from '../session/email-links.ts'
import { type ErrorCode, TesseraError } from '../session/errors.ts'
import { passVerifyEmailLink } from './account.server.ts'
import type { SignedIn } from './auth.server.ts'
import { findLink, linkRefusal } from './codes.server.ts'
import { sha256Hex } from './crypto.server.ts'
import { enforceRateLimit } from './rate-limits.server.ts'
import type { ServiceContext } from './service-context.server.ts'
import { passEmailLink } from './sign-in.server.ts'
import { passSignUpEmailLink } from './sign-up.server.ts'

/** The cookies of the browser that opened the link: which sign-in, sign-up and client it holds. */
export interface OpenerTokens {
  signIn: string | null
  signUp: string | null
  client: string | null
}

/** How a refusal reads as the reference's status; anything not listed is `failed`. */
const STATUS_OF: Partial<Record<ErrorCode, EmailLinkStatus>> = {
  email_link_expired: 'expired',
  sign_in_expired: 'expired',
  sign_up_expired: 'expired',
  email_link_client_mismatch: 'client_mismatch',
}

/** Refusals that are the link's answer (the page shows them), not a fault of the request. */
const LINK_REFUSALS = new Set<ErrorCode>([
  'email_link_invalid',
  'email_link_expired',
  'email_link_client_mismatch',
  'sign_in_not_found',
  'sign_in_expired',
  'sign_in_step_invalid',
  'sign_up_not_found',
  'sign_up_expired',
  'code_reused',
  'code_not_sent',
  'identifier_exists',
  'user_locked',
  'user_banned',
])

async function clientIdOf(ctx: ServiceContext, token: string | null): Promise<string | null> {
  if (!token) return null
  const [row] = await ctx.db
    .select({ id: clients.id })
    .from(clients)
    .where(eq(clients.tokenHash, sha256Hex(token)))
  return row?.id ?? null
}

/**
 * Opens the link `token` names. Every opening counts against the per-IP sign-in rate limit (a
 * refused one too). The answer says what came of it; `signedIn` is set when it signed this very
 * browser in (it held the sign-in or sign-up the link was for). Only malformed input and the rate
 * limit are errors.
 */
export async function openEmailLink(
  ctx: ServiceContext,
  token: string,
  opener: OpenerTokens,
): Promise<{ outcome: EmailLinkOutcome; signedIn: SignedIn | null }> {
  await enforceRateLimit(ctx.db, ctx.config, 'sign_in_ip', ctx.meta.ipAddress, ctx.now)
  const link = await findLink(ctx.db, token)
  const answer = (status: EmailLinkStatus, purpose: EmailLinkPurpose | null, signedIn: SignedIn | null = null) => ({
    outcome: {
      status,
      purpose,
      createdSessionId: signedIn?.session.id ?? null,
      redirectUrl: link?.redirectUrl ?? null,
    },
    signedIn,
  })
  if (!link) return answer('failed', null)
  const refusal = linkRefusal(link, ctx.now)
  try {
    switch (link.purpose) {
      case 'sign_in_first_factor': {
        if (refusal) return answer(refusal, 'sign_in_first_factor')
        const step = await passEmailLink(ctx, link, { signIn: opener.signIn, client: opener.client })
        return answer('verified', 'sign_in_first_factor', step.signedIn)
      }
      case 'sign_up': {
        if (refusal) return answer(refusal, 'sign_up')
        const step = await passSignUpEmailLink(ctx, link, { signUp: opener.signUp, client: opener.client })
        return answer('verified', 'sign_up', step.signedIn)
      }
      case 'verify_email': {
        if (refusal) return answer(refusal, 'verify_email')
        await passVerifyEmailLink(ctx, link, await clientIdOf(ctx, opener.client))
        return answer('verified', 'verify_email')
      }
      default:
        return answer('failed', null)
    }
  } catch (error) {
    if (!(error instanceof TesseraError) || !LINK_REFUSALS.has(error.code)) throw error
    const purpose = link.purpose as EmailLinkPurpose
    return answer(STATUS_OF[error.code] ?? 'failed', purpose)
  }
}
