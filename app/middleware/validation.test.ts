import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { isTesseraError } from '../session/errors.ts'
import { parseInput } from './validation.ts'

function issuesOf(schema: z.ZodType, data: unknown) {
  try {
    parseInput(schema)(data as never)
  } catch (error) {
    if (isTesseraError(error, 'invalid_input')) return error.meta?.issues
    throw error
  }
  throw new Error('the input was accepted')
}

// Issue 22, item 6: what the schema library says ("Too big: expected string to have <=100 characters")
// reached people; every issue is said in plain words, whatever schema it came from.
describe('input validation messages', () => {
  it.each<{ schema: z.ZodType; data: unknown; path: string; message: string }>([
    {
      schema: z.strictObject({ name: z.string().max(5) }),
      data: { name: 'abcdef' },
      path: 'name',
      message: 'Use at most 5 characters.',
    },
    {
      schema: z.strictObject({ name: z.string().min(3) }),
      data: { name: 'ab' },
      path: 'name',
      message: 'Use at least 3 characters.',
    },
    {
      schema: z.strictObject({ name: z.string().min(1) }),
      data: { name: '' },
      path: 'name',
      message: 'This is required.',
    },
    { schema: z.strictObject({ name: z.string() }), data: {}, path: 'name', message: 'This is required.' },
    { schema: z.strictObject({ name: z.string() }), data: { name: 42 }, path: 'name', message: 'Enter text here.' },
    {
      schema: z.strictObject({ count: z.number().int().max(10) }),
      data: { count: 11 },
      path: 'count',
      message: 'Enter a number no greater than 10.',
    },
    {
      schema: z.strictObject({ count: z.number().int().min(60) }),
      data: { count: 1 },
      path: 'count',
      message: 'Enter a number no less than 60.',
    },
    {
      schema: z.strictObject({ list: z.array(z.string()).max(1) }),
      data: { list: ['a', 'b'] },
      path: 'list',
      message: 'Choose at most 1.',
    },
    {
      schema: z.strictObject({ kind: z.enum(['a', 'b']) }),
      data: { kind: 'c' },
      path: 'kind',
      message: 'Choose one of the options.',
    },
  ])('says $message', ({ schema, data, path, message }) => {
    expect(issuesOf(schema, data)).toEqual([{ path, message }])
  })

  it('keeps the message a schema gives', () => {
    expect(issuesOf(z.strictObject({ name: z.string().min(1, 'Enter a name.') }), { name: '' })).toEqual([
      { path: 'name', message: 'Enter a name.' },
    ])
  })

  it('never passes the library’s own wording on', () => {
    const schema = z.strictObject({ a: z.string().max(2), b: z.number(), c: z.email(), d: z.literal('x') })
    for (const issue of issuesOf(schema, { a: 'abc', b: 'x', c: 'no', d: 'y', e: 1 }) as Array<{ message: string }>) {
      expect(issue.message).not.toMatch(/Too big|Too small|Invalid input|expected|received|Unrecognized/)
    }
  })
})
