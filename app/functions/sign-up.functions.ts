import { createServerFn } from '@tanstack/react-start'
import * as z from 'zod'
import { parseInput } from '../middleware/validation.ts'
import { clearAttemptToken, readAttemptToken, readClientToken, writeAttemptToken } from '../server/cookies.server.ts'
import { adoptSignedIn, serviceContext } from '../server/request-auth.server.ts'
import {
  abandonSignUp,
  completeEmailLinkSignUp,
  createSignUp,
  getSignUp,
  prepareSignUpVerification,
  updateSignUp,
  verifySignUp,
} from '../server/sign-up.server.ts'
import type { CodeStrategy } from '../session/factors.ts'
import { returnPath } from '../session/redirect.ts'
import type { SignUpJSON } from '../session/wire.ts'
import {
  codeSchema,
  emailSchema,
  nameSchema,
  passwordSchema,
  redirectUrlSchema,
  updateSignUpSchema,
} from './schemas.ts'

/**
 * Signing up (the reference's SignUp resource): details first (`create`), then the code emailed to
 * the address (`prepareVerification`), then the code back (`attemptVerification`); the account
 * exists only after that. The answers are the same whether or not the address already has an
 * account. Only the email address is verified here: another strategy is a coded 400.
 */

/** The one verification strategy of a sign-up. */
const strategySchema = z.literal('email_code' satisfies CodeStrategy)

const signUpSchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema.nullish().transform((value) => value ?? null),
  firstName: nameSchema,
  lastName: nameSchema,
})

export const $createSignUp = createServerFn({ method: 'POST' })
  .validator(parseInput(signUpSchema))
  .handler(async ({ data }) => {
    const { signUp, token } = await createSignUp(await serviceContext(), data, readAttemptToken('signUp'))
    writeAttemptToken('signUp', token)
    return signUp
  })

export const $getSignUp = createServerFn({ method: 'GET' }).handler(async (): Promise<SignUpJSON | null> => {
  const ctx = await serviceContext()
  return getSignUp(ctx.db, readAttemptToken('signUp'), ctx.now)
})

/** The names of the sign-up in progress; any other field is a coded 400 (`invalid_input`). */
export const $updateSignUp = createServerFn({ method: 'POST' })
  .validator(parseInput(updateSignUpSchema))
  .handler(async ({ data }) => updateSignUp(await serviceContext(), readAttemptToken('signUp'), data))

/** Emails the code, or the email link (again, after the cooldown). */
export const $prepareSignUpVerification = createServerFn({ method: 'POST' })
  .validator(
    parseInput(
      z.discriminatedUnion('strategy', [
        z.strictObject({ strategy: strategySchema }),
        z.strictObject({ strategy: z.literal('email_link'), redirectUrl: redirectUrlSchema }),
      ]),
    ),
  )
  .handler(async ({ data }) => {
    const ctx = await serviceContext()
    const redirectUrl =
      data.strategy === 'email_link' && data.redirectUrl ? returnPath(data.redirectUrl, ctx.origin) : null
    return prepareSignUpVerification(ctx, readAttemptToken('signUp'), { strategy: data.strategy, redirectUrl })
  })

/** The poll of the tab waiting for its sign-up link: completed (and signed in) once it was opened elsewhere. */
export const $pollSignUpEmailLink = createServerFn({ method: 'POST' }).handler(async () => {
  const { signUp, signedIn } = await completeEmailLinkSignUp(
    await serviceContext(),
    readAttemptToken('signUp'),
    readClientToken(),
  )
  if (signedIn) await adoptSignedIn(signedIn, 'signUp')
  return { signUp, sessionId: signedIn?.session.id ?? signUp.createdSessionId }
})

export const $verifySignUp = createServerFn({ method: 'POST' })
  .validator(parseInput(z.strictObject({ strategy: strategySchema.optional(), code: codeSchema })))
  .handler(async ({ data }) => {
    const { signUp, signedIn } = await verifySignUp(
      await serviceContext(),
      readAttemptToken('signUp'),
      { code: data.code },
      readClientToken(),
    )
    await adoptSignedIn(signedIn, 'signUp')
    return { signUp, sessionId: signedIn.session.id }
  })

export const $cancelSignUp = createServerFn({ method: 'POST' }).handler(async () => {
  const ctx = await serviceContext()
  await abandonSignUp(ctx.db, readAttemptToken('signUp'), ctx.now)
  clearAttemptToken('signUp')
  return { ok: true as const }
})
