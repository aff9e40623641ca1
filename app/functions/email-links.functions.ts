import { createServerFn } from '@tanstack/react-start'
import * as z from 'zod'
import { parseInput } from '../middleware/validation.ts'
import { readAttemptToken, readClientToken } from '../server/cookies.server.ts'
import { openEmailLink } from '../server/email-links.server.ts'
import { adoptSignedIn, serviceContext } from '../server/request-auth.server.ts'
import type { EmailLinkOutcome } from '../session/email-links.ts'
import { BEARER_SECRET_PATTERN } from '../session/transport.ts'

/**
 * Opens an email link (docs/decisions/036-email-links.md): the landing page sends the token from
 * its fragment in the body, never a URL. No session middleware: whoever holds the link may open
 * it; what it does depends on what it was for and on this browser (the sign-in or sign-up it holds).
 * A link that does not work is an answer (`status`), not an error; malformed input is a coded 400.
 */
export const $openEmailLink = createServerFn({ method: 'POST' })
  .validator(parseInput(z.strictObject({ token: z.string().regex(BEARER_SECRET_PATTERN, 'Not an email link') })))
  .handler(async ({ data }): Promise<EmailLinkOutcome> => {
    const { outcome, signedIn } = await openEmailLink(await serviceContext(), data.token, {
      signIn: readAttemptToken('signIn'),
      signUp: readAttemptToken('signUp'),
      client: readClientToken(),
    })
    // The attempt's cookie stays: the tab that asked for the link polls it for the session.
    if (signedIn) {
      await adoptSignedIn(signedIn, outcome.purpose === 'sign_up' ? 'signUp' : 'signIn', { keepAttempt: true })
    }
    return outcome
  })
