import type { RegistrationResponseJSON } from '@simplewebauthn/server'
import { createServerFn } from '@tanstack/react-start'
import * as z from 'zod'
import { sensitiveAction } from '../middleware/sensitive-action.ts'
import { requireFreshActiveSession, requireFreshSessionFor } from '../middleware/session.ts'
import { parseInput } from '../middleware/validation.ts'
import {
  addEmailAddress,
  addPasskey,
  addPhoneNumber,
  changePassword,
  confirmTotp,
  deleteAccount,
  disableSmsSecondFactor,
  regenerateBackupCodes,
  removeEmailAddress,
  removePasskey,
  removePhoneNumber,
  removeTotp,
  renamePasskey,
  resendEmailVerification,
  securitySettings,
  sendPhoneVerification,
  setPrimaryEmailAddress,
  setPrimaryPhoneNumber,
  startPasskeyRegistration,
  startTotp,
  verifyEmailAddress,
  verifyPhoneNumber,
} from '../server/account.server.ts'
import { clearSessionToken } from '../server/cookies.server.ts'
import { rotateBrowserClientToken, serviceContext } from '../server/request-auth.server.ts'
import type { ActingSession } from '../server/security-events.server.ts'
import type { SessionRow } from '../server/session-store.server.ts'
import type { SentStrategy } from '../session/factors.ts'
import { PASSKEY_NAME_MAX_LENGTH } from '../session/policy.ts'
import { returnPath } from '../session/redirect.ts'
import {
  codeSchema,
  emailAddressIdSchema,
  emailSchema,
  passkeyIdSchema,
  passwordSchema,
  phoneNumberIdSchema,
  phoneSchema,
  redirectUrlSchema,
  registrationResponseSchema,
  textSchema,
} from './schemas.ts'

/**
 * The signed-in user's email addresses, phone numbers, password and factors. Every change runs as
 * a sensitive action (a fresh session read from the database, recently verified), is recorded in
 * the session's ledger and emailed to the user. The functions that set up a second factor also
 * serve a pending session whose current task is `setup-mfa`.
 */

const acting = (context: { session: SessionRow; clientId: string }): ActingSession => ({
  id: context.session.id,
  userId: context.session.userId,
  clientId: context.clientId,
  actor: context.session.actor,
})

const onEmailAddress = z.strictObject({ emailAddressId: emailAddressIdSchema })
const onPhoneNumber = z.strictObject({ phoneNumberId: phoneNumberIdSchema })
const onPasskey = z.strictObject({ passkeyId: passkeyIdSchema })
const passkeyNameSchema = textSchema(PASSKEY_NAME_MAX_LENGTH, { required: 'Name the passkey.' })

export const $getSecuritySettings = createServerFn({ method: 'GET' })
  .middleware([requireFreshSessionFor('setup-mfa')])
  .handler(async ({ context }) => securitySettings(await serviceContext(), acting(context)))

// Email addresses -----------------------------------------------------------------------------

export const $addEmailAddress = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('manage_email_addresses')])
  .validator(parseInput(z.strictObject({ email: emailSchema, sendCode: z.boolean().default(true) })))
  .handler(async ({ data, context }) =>
    addEmailAddress(await serviceContext(), acting(context), data.email, { sendCode: data.sendCode }),
  )

/** Emails the code again, or (`strategy: 'email_link'`) an email link that verifies the address. */
export const $resendEmailVerification = createServerFn({ method: 'POST' })
  .middleware([requireFreshActiveSession])
  .validator(
    parseInput(
      onEmailAddress.extend({
        strategy: z.enum(['email_code', 'email_link'] as const satisfies readonly SentStrategy[]).optional(),
        redirectUrl: redirectUrlSchema,
      }),
    ),
  )
  .handler(async ({ data, context }) => {
    const ctx = await serviceContext()
    const link =
      data.strategy === 'email_link'
        ? { redirectUrl: data.redirectUrl ? returnPath(data.redirectUrl, ctx.origin) : null }
        : null
    await resendEmailVerification(ctx, acting(context), data.emailAddressId, link)
    return { ok: true as const }
  })

export const $verifyEmailAddress = createServerFn({ method: 'POST' })
  .middleware([requireFreshActiveSession])
  .validator(parseInput(onEmailAddress.extend({ code: codeSchema })))
  .handler(async ({ data, context }) => {
    await verifyEmailAddress(await serviceContext(), acting(context), data)
    return { ok: true as const }
  })

export const $setPrimaryEmailAddress = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('manage_email_addresses')])
  .validator(parseInput(onEmailAddress))
  .handler(async ({ data, context }) => {
    await setPrimaryEmailAddress(await serviceContext(), acting(context), data.emailAddressId)
    return { ok: true as const }
  })

export const $removeEmailAddress = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('manage_email_addresses')])
  .validator(parseInput(onEmailAddress))
  .handler(async ({ data, context }) => {
    await removeEmailAddress(await serviceContext(), acting(context), data.emailAddressId)
    return { ok: true as const }
  })

// Phone numbers -------------------------------------------------------------------------------

export const $addPhoneNumber = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('manage_phone_numbers', 'setup-mfa')])
  .validator(parseInput(z.strictObject({ phoneNumber: phoneSchema, sendCode: z.boolean().default(true) })))
  .handler(async ({ data, context }) =>
    addPhoneNumber(await serviceContext(), acting(context), data.phoneNumber, { sendCode: data.sendCode }),
  )

export const $sendPhoneVerification = createServerFn({ method: 'POST' })
  .middleware([requireFreshSessionFor('setup-mfa')])
  .validator(parseInput(onPhoneNumber))
  .handler(async ({ data, context }) => {
    await sendPhoneVerification(await serviceContext(), acting(context), data.phoneNumberId)
    return { ok: true as const }
  })

/** Verifies a number with its texted code and, if asked, turns on second-factor codes for it. */
export const $verifyPhoneNumber = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('manage_sms_second_factor', 'setup-mfa')])
  .validator(parseInput(onPhoneNumber.extend({ code: codeSchema, useForSecondFactor: z.boolean().default(false) })))
  .handler(async ({ data, context }) => {
    await verifyPhoneNumber(await serviceContext(), acting(context), data)
    if (data.useForSecondFactor) await rotateBrowserClientToken(context.clientId)
    return { ok: true as const }
  })

export const $disableSmsSecondFactor = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('manage_sms_second_factor')])
  .validator(parseInput(onPhoneNumber))
  .handler(async ({ data, context }) => {
    await disableSmsSecondFactor(await serviceContext(), acting(context), data.phoneNumberId)
    await rotateBrowserClientToken(context.clientId)
    return { ok: true as const }
  })

export const $removePhoneNumber = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('manage_phone_numbers')])
  .validator(parseInput(onPhoneNumber))
  .handler(async ({ data, context }) => {
    await removePhoneNumber(await serviceContext(), acting(context), data.phoneNumberId)
    await rotateBrowserClientToken(context.clientId)
    return { ok: true as const }
  })

export const $setPrimaryPhoneNumber = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('manage_phone_numbers')])
  .validator(parseInput(onPhoneNumber))
  .handler(async ({ data, context }) => {
    await setPrimaryPhoneNumber(await serviceContext(), acting(context), data.phoneNumberId)
    return { ok: true as const }
  })

// The account ---------------------------------------------------------------------------------

/** Deletes the account and signs this browser out of it (other accounts in the browser stay). */
export const $deleteAccount = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('delete_account')])
  .handler(async ({ context }) => {
    await deleteAccount(await serviceContext(), acting(context))
    clearSessionToken()
    return { ok: true as const }
  })

// Password ------------------------------------------------------------------------------------

export const $changePassword = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('change_password')])
  .validator(
    parseInput(
      z.strictObject({
        currentPassword: passwordSchema.nullish().transform((value) => value ?? null),
        newPassword: passwordSchema,
        signOutOtherSessions: z.boolean().default(true),
      }),
    ),
  )
  .handler(async ({ data, context }) => {
    const result = await changePassword(await serviceContext(), acting(context), data)
    await rotateBrowserClientToken(context.clientId)
    return result
  })

// Authenticator app and backup codes ----------------------------------------------------------

export const $startTotpSetup = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('manage_totp', 'setup-mfa')])
  .handler(async ({ context }) => startTotp(await serviceContext(), acting(context)))

export const $confirmTotpSetup = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('manage_totp', 'setup-mfa')])
  .validator(parseInput(z.strictObject({ code: codeSchema })))
  .handler(async ({ data, context }) => {
    const result = await confirmTotp(await serviceContext(), acting(context), data.code)
    await rotateBrowserClientToken(context.clientId)
    return result
  })

export const $removeTotp = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('manage_totp')])
  .handler(async ({ context }) => {
    await removeTotp(await serviceContext(), acting(context))
    await rotateBrowserClientToken(context.clientId)
    return { ok: true as const }
  })

export const $regenerateBackupCodes = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('regenerate_backup_codes', 'setup-mfa')])
  .handler(async ({ context }) => ({
    backupCodes: await regenerateBackupCodes(await serviceContext(), acting(context)),
  }))

// Passkeys ------------------------------------------------------------------------------------

export const $startPasskeyRegistration = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('manage_passkeys')])
  .handler(async ({ context }) => {
    // `extensions` is typed with DOM buffers Start cannot serialise; ours carry none.
    const { extensions: _extensions, ...options } = await startPasskeyRegistration(
      await serviceContext(),
      acting(context),
    )
    return options
  })

export const $addPasskey = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('manage_passkeys')])
  .validator(parseInput(z.strictObject({ response: registrationResponseSchema, name: passkeyNameSchema.nullish() })))
  .handler(async ({ data, context }) =>
    addPasskey(await serviceContext(), acting(context), {
      response: data.response as RegistrationResponseJSON,
      name: data.name ?? null,
    }),
  )

export const $renamePasskey = createServerFn({ method: 'POST' })
  .middleware([requireFreshActiveSession])
  .validator(parseInput(onPasskey.extend({ name: passkeyNameSchema })))
  .handler(async ({ data, context }) => {
    await renamePasskey(await serviceContext(), acting(context), data)
    return { ok: true as const }
  })

export const $removePasskey = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('manage_passkeys')])
  .validator(parseInput(onPasskey))
  .handler(async ({ data, context }) => {
    await removePasskey(await serviceContext(), acting(context), data.passkeyId)
    return { ok: true as const }
  })
