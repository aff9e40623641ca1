/**
 * Input schemas shared by the server functions. Transport limits only: policies (password rules,
 * session states) answer with their own error codes. Every field a person types text into is a
 * `textSchema`, with its limit from app/session/policy.ts, the same constant as the input's
 * `maxLength`, and its messages in plain words (app/middleware/validation.ts).
 */

import * as z from 'zod'
import { TEXT_MESSAGES } from '../middleware/validation.ts'
import { type IdKind, isPublicId, normalizeEmail } from '../session/identifiers.ts'
import type { JsonValue } from '../session/json.ts'
import { CURSOR_MAX_LENGTH, decodeCursor } from '../session/keyset.ts'
import {
  EMAIL_MAX_LENGTH,
  IDENTIFIER_MAX_LENGTH,
  NAME_MAX_LENGTH,
  ORGANIZATION_LIST_DEFAULT_PAGE_SIZE,
  ORGANIZATION_LIST_MAX_OFFSET,
  ORGANIZATION_LIST_MAX_PAGE_SIZE,
  PHONE_INPUT_MAX_LENGTH,
  REDIRECT_URL_MAX_LENGTH,
  SECRET_KEY_NAME_MAX_LENGTH,
  USERNAME_MAX_LENGTH,
} from '../session/policy.ts'

const PASSWORD_TRANSPORT_MAX_LENGTH = 1024

/** Control characters (C0, DEL, C1): Postgres cannot store U+0000 in text, and the others hide text. */
const CONTROL_CHARACTER = /\p{Cc}/u
/** The same, where the text may run over several lines (a reason typed in a text area). */
const CONTROL_CHARACTER_BUT_LINE_BREAKS = /(?![\t\n\r])\p{Cc}/u
/** Half of a surrogate pair: not a character at all, and refused by the database's JSON. */
const LONE_SURROGATE = /\p{Cs}/u

/**
 * Free text a person typed (a name, a description, a reason, a search): trimmed, at most `max`
 * characters, without control characters or broken ones. Empty is allowed unless `required`
 * (the message that asks for it) is given; `multiline` allows line breaks and tabs.
 */
export function textSchema(max: number, options: { required?: string; multiline?: boolean } = {}) {
  const control = options.multiline ? CONTROL_CHARACTER_BUT_LINE_BREAKS : CONTROL_CHARACTER
  const text = z
    .string()
    .trim()
    .max(max, TEXT_MESSAGES.tooLong(max))
    .refine((value) => !control.test(value), TEXT_MESSAGES.controlCharacter)
    .refine((value) => !LONE_SURROGATE.test(value), TEXT_MESSAGES.brokenCharacter)
  return options.required ? text.min(1, options.required) : text
}

export const emailSchema = z
  .string()
  .max(EMAIL_MAX_LENGTH, TEXT_MESSAGES.tooLong(EMAIL_MAX_LENGTH))
  .transform(normalizeEmail)
  .pipe(z.string({ error: 'Enter a valid email address.' }))

export const passwordSchema = z.string().min(1).max(PASSWORD_TRANSPORT_MAX_LENGTH)

/** An optional name: trimmed, empty meaning none. */
export const nameSchema = textSchema(NAME_MAX_LENGTH)
  .transform((value) => (value.length > 0 ? value : null))
  .nullish()
  .transform((value) => value ?? null)

/** Text Postgres can store in jsonb: no U+0000, no lone surrogate (either is a 500 otherwise). */
const jsonText = z
  .string()
  .refine((value) => !LONE_SURROGATE.test(value) && !value.includes('\u0000'), TEXT_MESSAGES.brokenCharacter)

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([jsonText, z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(jsonText, jsonValue)]),
)

/** A metadata object: plain JSON only (no dates, maps or undefined); its size is the service's to bound. */
export const metadataSchema = z.record(jsonText, jsonValue)

/**
 * The reference's `user.update()`: each field optional (left out: unchanged). `publicMetadata` is
 * not among them: the backend writes it, so the browser's attempt is refused like any unknown key.
 */
export const updateUserSchema = z.strictObject({
  firstName: nameSchema.optional(),
  lastName: nameSchema.optional(),
  // Checked against the instance's username rules by the service (a coded error, not a 500).
  username: z
    .string()
    .max(USERNAME_MAX_LENGTH * 4)
    .nullable()
    .optional(),
  unsafeMetadata: metadataSchema.optional(),
})

/**
 * The reference's `signUp.update()`, as far as a sign-up here has fields to change: the names
 * (left out: unchanged). The address, password and the reference's other fields are refused.
 */
export const updateSignUpSchema = z.strictObject({
  firstName: nameSchema.optional(),
  lastName: nameSchema.optional(),
})

/** A public id of one kind of resource (`user_…`, `idn_…`): the only home of id schemas. */
const publicIdSchema = (kind: IdKind, label: string) =>
  z.string().refine((value) => isPublicId(kind, value), `Not ${label}`)

export const sessionIdSchema = publicIdSchema('session', 'a session id')

export const sessionTargetSchema = z.strictObject({ sessionId: sessionIdSchema })

export const userIdSchema = publicIdSchema('user', 'a user id')
export const emailAddressIdSchema = publicIdSchema('email', 'an email address id')
export const clientIdSchema = publicIdSchema('client', 'a client id')
export const passkeyIdSchema = publicIdSchema('passkey', 'a passkey id')
export const externalAccountIdSchema = publicIdSchema('externalAccount', 'a connected account id')
export const phoneNumberIdSchema = publicIdSchema('phone', 'a phone number id')
export const organizationIdSchema = publicIdSchema('organization', 'an organization id')
export const membershipIdSchema = publicIdSchema('membership', 'a membership id')
export const invitationIdSchema = publicIdSchema('invitation', 'an invitation id')
export const actorTokenIdSchema = publicIdSchema('actorToken', 'an actor token id')
export const webhookEndpointIdSchema = publicIdSchema('webhookEndpoint', 'a webhook endpoint id')
export const secretKeyIdSchema = publicIdSchema('secretKey', 'a secret key id')

/** What a secret key is for: a line of text, shown beside its hint. */
export const secretKeyNameSchema = textSchema(SECRET_KEY_NAME_MAX_LENGTH, { required: 'Name the key.' })

export const enterpriseConnectionIdSchema = publicIdSchema('enterpriseConnection', 'an enterprise connection id')

/**
 * Where the previous page of a keyset list ended (app/session/keyset.ts), for a list whose ids
 * `id` accepts: anything else is a validation error, before any query.
 */
export const cursorSchema = (id: z.ZodType<string, string>) =>
  z
    .string()
    .max(CURSOR_MAX_LENGTH)
    .transform((value, ctx) => {
      const position = decodeCursor(value)
      if (position) return position
      ctx.addIssue({ code: 'custom', message: 'Not a page cursor' })
      return z.NEVER
    })
    .pipe(z.strictObject({ atUs: z.number().int().min(0), id }))

/** The ledger's ids: row numbers. */
export const ledgerIdSchema = z.string().regex(/^[1-9]\d{0,15}$/, 'Not a ledger id')

/** A page of a list (0: the newest); far past any real list, so a huge offset is refused. */
export const pageSchema = z.number().int().min(0).max(100_000).default(0)

/**
 * A page as the reference's browser resources ask for one (`limit`/`offset`, converted from
 * `initialPage` and `pageSize`): out of range is refused (`invalid_input`), never clamped into
 * another page. Spread into a list's input object.
 */
export const listPageFields = {
  limit: z.number().int().min(1).max(ORGANIZATION_LIST_MAX_PAGE_SIZE).default(ORGANIZATION_LIST_DEFAULT_PAGE_SIZE),
  offset: z.number().int().min(0).max(ORGANIZATION_LIST_MAX_OFFSET).default(0),
}

/** Where to come back to after a trip to an IdP: checked by `returnPath`, which falls back to a default. */
export const redirectUrlSchema = z.string().max(REDIRECT_URL_MAX_LENGTH).nullish()

/** What a person types to sign in: parsed by the service, which names the problem. */
export const identifierSchema = textSchema(IDENTIFIER_MAX_LENGTH, {
  required: 'Enter your email address or phone number.',
})

/**
 * A one-time or backup code as typed. Deliberately loose: the services read it and answer
 * `code_malformed` (not a generic validation error) for anything that is not a code.
 */
export const codeSchema = z.string().max(16_384)

export const phoneSchema = z.string().max(PHONE_INPUT_MAX_LENGTH, TEXT_MESSAGES.tooLong(PHONE_INPUT_MAX_LENGTH))

const base64url = z.string().regex(/^[A-Za-z0-9_-]*$/, 'Not base64url')

/** A WebAuthn response as @simplewebauthn/browser serialises it; sizes capped far above real ones. */
const credentialResponse = <TShape extends z.ZodRawShape>(response: TShape) =>
  z.object({
    id: base64url.max(1024),
    rawId: base64url.max(1024),
    type: z.literal('public-key'),
    response: z.object(response),
    // Extension outputs are read by nobody here; any JSON object is accepted and passed through.
    clientExtensionResults: z
      .custom<unknown>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'Not an object')
      .default({}),
    authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  })

export const authenticationResponseSchema = credentialResponse({
  clientDataJSON: base64url.max(8192),
  authenticatorData: base64url.max(8192),
  signature: base64url.max(2048),
  userHandle: base64url.max(1024).optional(),
})

export const registrationResponseSchema = credentialResponse({
  clientDataJSON: base64url.max(8192),
  attestationObject: base64url.max(32_768),
  authenticatorData: base64url.max(32_768).optional(),
  transports: z.array(textSchema(32)).max(8).optional(),
  publicKeyAlgorithm: z.number().int().optional(),
  publicKey: base64url.max(8192).optional(),
})
