import type { AuthenticationResponseJSON } from '@simplewebauthn/server'
import { createServerFn } from '@tanstack/react-start'
import * as z from 'zod'
import { parseInput } from '../middleware/validation.ts'
import { unlockAccount } from '../server/account-unlock.server.ts'
import {
  clearAttemptToken,
  readAttemptToken,
  readClientToken,
  writeAttemptToken,
  writeSsoTransactionToken,
} from '../server/cookies.server.ts'
import { adoptSignedIn, serviceContext } from '../server/request-auth.server.ts'
import {
  abandonSignIn,
  attemptFirstFactor,
  attemptSecondFactor,
  completeEmailLinkSignIn,
  createSignIn,
  getSignIn,
  passkeySignInOptions,
  prepareEnterpriseSso,
  prepareFirstFactor,
  prepareSecondFactor,
  resetPassword,
  type SignInStep,
  signInWithPasskey,
} from '../server/sign-in.server.ts'
import {
  CODE_STRATEGIES,
  LINK_STRATEGIES,
  SECOND_FACTOR_STRATEGIES,
  SENT_SECOND_FACTOR_STRATEGIES,
  VERIFICATION_CODE_STRATEGIES,
} from '../session/factors.ts'
import { AFTER_SIGN_IN_PATH, returnPath } from '../session/redirect.ts'
import { BEARER_SECRET_PATTERN } from '../session/transport.ts'
import type { SignInJSON } from '../session/wire.ts'
import {
  authenticationResponseSchema,
  codeSchema,
  emailAddressIdSchema,
  identifierSchema,
  passwordSchema,
  phoneNumberIdSchema,
  redirectUrlSchema,
} from './schemas.ts'

/**
 * Signing in, one step per call (the reference's SignIn resource). The attempt lives on the server;
 * the browser holds only its HttpOnly cookie. No session middleware: the caller is signing in.
 * Every call is POST behind the CSRF check, and the steps count against rate limits and lockout.
 */

export interface SignInResult {
  signIn: SignInJSON
  /** Set when this step finished the sign-in: the tab adopts it. */
  sessionId: string | null
}

async function finish(step: SignInStep): Promise<SignInResult> {
  if (step.signedIn) await adoptSignedIn(step.signedIn, 'signIn')
  return { signIn: step.signIn, sessionId: step.signedIn?.session.id ?? null }
}

/** Step 1: the identifier (with a password, the one-call password sign-in). */
export const $createSignIn = createServerFn({ method: 'POST' })
  .validator(parseInput(z.strictObject({ identifier: identifierSchema, password: passwordSchema.nullish() })))
  .handler(async ({ data }) => {
    const created = await createSignIn(await serviceContext(), data, {
      signIn: readAttemptToken('signIn'),
      client: readClientToken(),
    })
    if (!created.signedIn) writeAttemptToken('signIn', created.token)
    return finish(created)
  })

/** The sign-in in progress in this browser (a reload of a sign-in page resumes it), or null. */
export const $getSignIn = createServerFn({ method: 'GET' }).handler(
  async (): Promise<SignInJSON | null> => getSignIn(await serviceContext(), readAttemptToken('signIn')),
)

/**
 * Sends the first-factor code, or (enterprise SSO) starts the trip to the IdP: the answer's
 * `firstFactorVerification.externalVerificationRedirectUrl` is where the browser goes next, and
 * the SSO cookie binds the trip to this browser. `redirectUrl` is where the sign-in lands after.
 */
export const $prepareSignInFirstFactor = createServerFn({ method: 'POST' })
  .validator(
    parseInput(
      z.discriminatedUnion('strategy', [
        z.strictObject({ strategy: z.enum(VERIFICATION_CODE_STRATEGIES) }),
        // A reset may name the address or number (the reference's parameters); it must be the identifier's.
        z.strictObject({
          strategy: z.literal('reset_password_email_code'),
          emailAddressId: emailAddressIdSchema.nullish(),
        }),
        z.strictObject({
          strategy: z.literal('reset_password_phone_code'),
          phoneNumberId: phoneNumberIdSchema.nullish(),
        }),
        // The address is the identifier's; the reference's id is accepted and names nothing more.
        z.strictObject({
          strategy: z.enum(LINK_STRATEGIES),
          emailAddressId: emailAddressIdSchema.nullish(),
          redirectUrl: redirectUrlSchema,
        }),
        z.strictObject({ strategy: z.literal('enterprise_sso'), redirectUrl: redirectUrlSchema }),
      ]),
    ),
  )
  .handler(async ({ data }): Promise<SignInJSON> => {
    const ctx = await serviceContext()
    if (data.strategy === 'email_link') {
      const redirectUrl = data.redirectUrl ? returnPath(data.redirectUrl, ctx.origin) : null
      return prepareFirstFactor(ctx, readAttemptToken('signIn'), { strategy: data.strategy, redirectUrl })
    }
    if (data.strategy !== 'enterprise_sso') return prepareFirstFactor(ctx, readAttemptToken('signIn'), data)
    const redirectPath = returnPath(data.redirectUrl, ctx.origin) ?? AFTER_SIGN_IN_PATH
    const { signIn, trip } = await prepareEnterpriseSso(ctx, readAttemptToken('signIn'), { redirectPath })
    writeSsoTransactionToken(trip.browserToken)
    return signIn
  })

/**
 * The poll of the tab waiting for its email link (`startEmailLinkFlow`): the sign-in as it stands,
 * completed (and this browser signed in) once the link was opened in another browser. POST: it may
 * start a session.
 */
export const $pollSignInEmailLink = createServerFn({ method: 'POST' }).handler(async () =>
  finish(await completeEmailLinkSignIn(await serviceContext(), readAttemptToken('signIn'), readClientToken())),
)

const firstFactorSchema = z.discriminatedUnion('strategy', [
  z.strictObject({ strategy: z.literal('password'), password: passwordSchema }),
  z.strictObject({ strategy: z.enum(CODE_STRATEGIES), code: codeSchema }),
])

/**
 * After a reset code passed (`needs_new_password`): the new password, under the password policy
 * (the reference's `signIn.resetPassword`). Signs in, or asks for the second factor next.
 */
export const $resetSignInPassword = createServerFn({ method: 'POST' })
  .validator(parseInput(z.strictObject({ password: passwordSchema, signOutOfOtherSessions: z.boolean().optional() })))
  .handler(async ({ data }) =>
    finish(await resetPassword(await serviceContext(), readAttemptToken('signIn'), data, readClientToken())),
  )

export const $attemptSignInFirstFactor = createServerFn({ method: 'POST' })
  .validator(parseInput(firstFactorSchema))
  .handler(async ({ data }) =>
    finish(await attemptFirstFactor(await serviceContext(), readAttemptToken('signIn'), data, readClientToken())),
  )

/** Texts a second-factor code. */
export const $prepareSignInSecondFactor = createServerFn({ method: 'POST' })
  .validator(
    parseInput(
      z.strictObject({ strategy: z.enum(SENT_SECOND_FACTOR_STRATEGIES), phoneNumberId: phoneNumberIdSchema.nullish() }),
    ),
  )
  .handler(async ({ data }) => prepareSecondFactor(await serviceContext(), readAttemptToken('signIn'), data))

export const $attemptSignInSecondFactor = createServerFn({ method: 'POST' })
  .validator(parseInput(z.strictObject({ strategy: z.enum(SECOND_FACTOR_STRATEGIES), code: codeSchema })))
  .handler(async ({ data }) =>
    finish(await attemptSecondFactor(await serviceContext(), readAttemptToken('signIn'), data, readClientToken())),
  )

/** Gives up the sign-in in progress: nothing can complete it afterwards. */
export const $cancelSignIn = createServerFn({ method: 'POST' }).handler(async () => {
  const ctx = await serviceContext()
  await abandonSignIn(ctx.db, readAttemptToken('signIn'), ctx.now)
  clearAttemptToken('signIn')
  return { ok: true as const }
})

/** A passkey challenge for `navigator.credentials.get()` (POST: it stores the challenge). */
export const $getPasskeySignInOptions = createServerFn({ method: 'POST' }).handler(async () => {
  // `extensions` is typed with DOM buffers Start cannot serialise; ours are plain JSON and carry none.
  const { extensions: _extensions, ...options } = await passkeySignInOptions(await serviceContext())
  return options
})

export const $signInWithPasskey = createServerFn({ method: 'POST' })
  .validator(parseInput(z.strictObject({ response: authenticationResponseSchema })))
  .handler(async ({ data }) => {
    const signedIn = await signInWithPasskey(
      await serviceContext(),
      { response: data.response as AuthenticationResponseJSON },
      { signIn: readAttemptToken('signIn'), client: readClientToken() },
    )
    await adoptSignedIn(signedIn, 'signIn')
    return { sessionId: signedIn.session.id }
  })

/**
 * Ends a lockout from the link emailed when the account locked (issue 22, finding 8): the link's
 * secret proves the address. Needs no session; the secret arrives in the body, never a URL.
 */
export const $unlockAccount = createServerFn({ method: 'POST' })
  .validator(parseInput(z.strictObject({ token: z.string().regex(BEARER_SECRET_PATTERN, 'Not an unlock link') })))
  .handler(async ({ data }) => {
    await unlockAccount(await serviceContext(), data.token)
    return { unlocked: true as const }
  })
