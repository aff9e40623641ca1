/**
 * Input schemas shared by the server functions. Transport limits only: policies (password rules,
 * session states) answer with their own error codes.
 */

import * as z from 'zod'
import { type IdKind, isPublicId, normalizeEmail } from '../session/identifiers.ts'
import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, REDIRECT_URL_MAX_LENGTH } from '../session/policy.ts'

const PASSWORD_TRANSPORT_MAX_LENGTH = 1024

export const emailSchema = z
  .string()
  .max(EMAIL_MAX_LENGTH)
  .transform(normalizeEmail)
  .pipe(z.string({ error: 'Enter a valid email address.' }))

export const passwordSchema = z.string().min(1).max(PASSWORD_TRANSPORT_MAX_LENGTH)

/** An optional name: trimmed, empty meaning none. */
export const nameSchema = z
  .string()
  .trim()
  .max(NAME_MAX_LENGTH)
  .transform((value) => (value.length > 0 ? value : null))
  .nullish()
  .transform((value) => value ?? null)

/** A public id of one kind of resource (`user_…`, `idn_…`): the only home of id schemas. */
const publicIdSchema = (kind: IdKind, label: string) =>
  z.string().refine((value) => isPublicId(kind, value), `Not ${label}`)

export const sessionIdSchema = publicIdSchema('session', 'a session id')

export const sessionTargetSchema = z.strictObject({ sessionId: sessionIdSchema })

export const userIdSchema = publicIdSchema('user', 'a user id')
export const emailAddressIdSchema = publicIdSchema('email', 'an email address id')
export const clientIdSchema = publicIdSchema('client', 'a client id')
export const passkeyIdSchema = publicIdSchema('passkey', 'a passkey id')
export const phoneNumberIdSchema = publicIdSchema('phone', 'a phone number id')
export const organizationIdSchema = publicIdSchema('organization', 'an organization id')
export const membershipIdSchema = publicIdSchema('membership', 'a membership id')
export const invitationIdSchema = publicIdSchema('invitation', 'an invitation id')
export const actorTokenIdSchema = publicIdSchema('actorToken', 'an actor token id')
export const webhookEndpointIdSchema = publicIdSchema('webhookEndpoint', 'a webhook endpoint id')

export const enterpriseConnectionIdSchema = publicIdSchema('enterpriseConnection', 'an enterprise connection id')

/** A page of a list (0: the newest); far past any real list, so a huge offset is refused. */
export const pageSchema = z.number().int().min(0).max(100_000).default(0)

/** Where to come back to after a trip to an IdP: checked by `returnPath`, which falls back to a default. */
export const redirectUrlSchema = z.string().max(REDIRECT_URL_MAX_LENGTH).nullish()

/** What a person types to sign in: parsed by the service, which names the problem. */
export const identifierSchema = z.string().trim().min(1, 'Enter your email address or phone number.').max(320)

/**
 * A one-time or backup code as typed. Deliberately loose: the services read it and answer
 * `code_malformed` (not a generic validation error) for anything that is not a code.
 */
export const codeSchema = z.string().max(16_384)

export const phoneSchema = z.string().max(64)

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
  transports: z.array(z.string().max(32)).max(8).optional(),
  publicKeyAlgorithm: z.number().int().optional(),
  publicKey: base64url.max(8192).optional(),
})
