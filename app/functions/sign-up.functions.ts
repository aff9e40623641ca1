import { createServerFn } from '@tanstack/react-start'
import * as z from 'zod'
import { parseInput } from '../middleware/validation.ts'
import { clearAttemptToken, readAttemptToken, readClientToken, writeAttemptToken } from '../server/cookies.server.ts'
import { adoptSignedIn, serviceContext } from '../server/request-auth.server.ts'
import { abandonSignUp, createSignUp, getSignUp, resendSignUpCode, verifySignUp } from '../server/sign-up.server.ts'
import type { SignUpJSON } from '../session/wire.ts'
import { codeSchema, emailSchema, nameSchema, passwordSchema } from './schemas.ts'

/**
 * Signing up: details first, then the code emailed to the address; the account exists only after
 * the code comes back. The answers are the same whether or not the address already has an account.
 */

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

export const $resendSignUpCode = createServerFn({ method: 'POST' }).handler(async () =>
  resendSignUpCode(await serviceContext(), readAttemptToken('signUp')),
)

export const $verifySignUp = createServerFn({ method: 'POST' })
  .validator(parseInput(z.strictObject({ code: codeSchema })))
  .handler(async ({ data }) => {
    const { signUp, signedIn } = await verifySignUp(
      await serviceContext(),
      readAttemptToken('signUp'),
      data,
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
