/**
 * Input schemas shared by the server functions. Transport limits only: policies (password rules,
 * session states) answer with their own error codes.
 */

import * as z from 'zod'
import { isPublicId, normalizeEmail } from '../session/identifiers.ts'
import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH } from '../session/policy.ts'

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

export const sessionIdSchema = z.string().refine((value) => isPublicId('session', value), 'Not a session id')

export const sessionTargetSchema = z.strictObject({ sessionId: sessionIdSchema })
