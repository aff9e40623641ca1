/**
 * Server-function input validation. A zod schema becomes a validator that throws `invalid_input`
 * (HTTP 400) with the failing fields, instead of Start's default (a plain Error, sent with 200).
 *
 * The messages are shown next to the fields, so each is said in plain words: a schema's own
 * message where it gives one, else `plainMessage` — never the library's ("Too big: expected
 * string to have <=100 characters").
 */

import type * as z from 'zod'
import { TesseraError } from '../session/errors.ts'

export type InputIssue = { path: string; message: string }

/** The messages of text fields (app/functions/schemas.ts), in the same words as `plainMessage`. */
export const TEXT_MESSAGES = {
  tooLong: (max: number) => `Use at most ${max} characters.`,
  tooShort: (min: number) => (min === 1 ? 'This is required.' : `Use at least ${min} characters.`),
  controlCharacter: 'Remove the invisible control characters.',
  brokenCharacter: 'Remove the broken character (part of an emoji or symbol is missing).',
} as const

const NUMERIC = new Set(['number', 'int', 'bigint'])

/** Any input problem in plain words, for the schemas that do not say it themselves. */
export function plainMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'string') return TEXT_MESSAGES.tooLong(Number(issue.maximum))
      if (NUMERIC.has(issue.origin)) return `Enter a number no greater than ${issue.maximum}.`
      return `Choose at most ${issue.maximum}.`
    case 'too_small':
      if (issue.origin === 'string') return TEXT_MESSAGES.tooShort(Number(issue.minimum))
      if (NUMERIC.has(issue.origin)) return `Enter a number no less than ${issue.minimum}.`
      return `Choose at least ${issue.minimum}.`
    case 'invalid_type':
      if (issue.input === undefined) return 'This is required.'
      if (issue.expected === 'string') return 'Enter text here.'
      if (issue.expected === 'number' || issue.expected === 'int') return 'Enter a number.'
      return 'This is not a valid value.'
    case 'invalid_value':
      return 'Choose one of the options.'
    case 'invalid_format':
      return issue.format === 'email' ? 'Enter a valid email address.' : 'This is not in the expected format.'
    case 'unrecognized_keys':
      return 'Leave out the fields this form does not take.'
    default:
      return 'This is not a valid value.'
  }
}

export function parseInput<TSchema extends z.ZodType>(schema: TSchema) {
  return (data: z.input<TSchema>): z.output<TSchema> => {
    const result = schema.safeParse(data, { error: plainMessage })
    if (result.success) return result.data
    const issues: InputIssue[] = result.error.issues.slice(0, 20).map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
    }))
    throw new TesseraError('invalid_input', { meta: { issues } })
  }
}
