/**
 * Server-function input validation. A zod schema becomes a validator that throws `invalid_input`
 * (HTTP 400) with the failing fields, instead of Start's default (a plain Error, sent with 200).
 */

import type * as z from 'zod'
import { TesseraError } from '../session/errors.ts'

export type InputIssue = { path: string; message: string }

export function parseInput<TSchema extends z.ZodType>(schema: TSchema) {
  return (data: z.input<TSchema>): z.output<TSchema> => {
    const result = schema.safeParse(data)
    if (result.success) return result.data
    const issues: InputIssue[] = result.error.issues.slice(0, 20).map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
    }))
    throw new TesseraError('invalid_input', { meta: { issues } })
  }
}
