import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { parseInput } from '../middleware/validation.ts'
import { isTesseraError } from '../session/errors.ts'
import {
  NAME_MAX_LENGTH,
  ORGANIZATION_LIST_DEFAULT_PAGE_SIZE,
  ORGANIZATION_LIST_MAX_OFFSET,
  ORGANIZATION_LIST_MAX_PAGE_SIZE,
} from '../session/policy.ts'
import {
  listPageFields,
  metadataSchema,
  nameSchema,
  textSchema,
  updateSignUpSchema,
  updateUserSchema,
} from './schemas.ts'

const messages = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) =>
  result.error?.issues.map((issue) => issue.message) ?? []

// Issue 20, finding 7: a U+0000 in a name reached Postgres, which refuses it in text (500).
describe('a name', () => {
  it.each([0x00, 0x01, 0x07, 0x1b, 0x7f, 0x85, 0x9b, 0x0a, 0x09])(
    'is refused with a plain message when it holds control character %i',
    (codePoint) => {
      const control = String.fromCodePoint(codePoint)
      const result = nameSchema.safeParse(`Zo${control}ë`)
      expect(result.success).toBe(false)
      expect(messages(result)).toEqual(['Remove the invisible control characters.'])
    },
  )

  it('refuses a control character anywhere inside an otherwise valid name', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }).filter((text) => !/\p{Cc}/u.test(text)),
        fc.integer({ min: 0, max: 0x1f }),
        fc.nat(),
        (text, code, at) => {
          // Between two letters, so trimming cannot take it away with the ends.
          const valid = `A${text}Z`
          const index = 1 + (at % (valid.length - 1))
          const hostile = `${valid.slice(0, index)}${String.fromCharCode(code)}${valid.slice(index)}`
          expect(nameSchema.safeParse(hostile).success).toBe(false)
        },
      ),
    )
  })

  it.each(['Zoë 😀', 'Ada', 'Ὀδυσσεύς', 'שלום', '\u202Eadmin', "O'Brien-Smith", '<b>bold</b>'])('keeps %j', (name) => {
    expect(nameSchema.parse(name)).toBe(name)
  })

  // Issue 22, item 6: the schema library's own words ("Too big: expected string to have <=100 characters").
  it('says in plain words how long it may be', () => {
    expect(messages(nameSchema.safeParse('a'.repeat(NAME_MAX_LENGTH + 1)))).toEqual([
      `Use at most ${NAME_MAX_LENGTH} characters.`,
    ])
    expect(nameSchema.parse('a'.repeat(NAME_MAX_LENGTH))).toHaveLength(NAME_MAX_LENGTH)
  })
})

describe('free text', () => {
  const single = textSchema(20, { required: 'Say why.' })
  const multiline = textSchema(20, { required: 'Say why.', multiline: true })

  it('asks for what is required in the words it is given', () => {
    expect(messages(single.safeParse('   '))).toEqual(['Say why.'])
  })

  it('takes line breaks and tabs only where text runs over lines', () => {
    expect(single.safeParse('two\nlines').success).toBe(false)
    expect(multiline.parse('two\nlines\tand a tab')).toBe('two\nlines\tand a tab')
    expect(messages(multiline.safeParse('a\u0000b'))).toEqual(['Remove the invisible control characters.'])
  })

  it('refuses half a character, and keeps a whole one', () => {
    expect(messages(single.safeParse('Zoë \uD83D'))).toEqual([
      'Remove the broken character (part of an emoji or symbol is missing).',
    ])
    expect(messages(single.safeParse('\uDE00 Zoë'))).toHaveLength(1)
    expect(single.parse('Zoë 😀')).toBe('Zoë 😀')
  })

  it('counts its limit in characters (code points): an input’s maxLength, in UTF-16 units, is never looser', () => {
    expect(textSchema(2).parse('😀a')).toBe('😀a')
    expect(textSchema(2).safeParse('😀ab').success).toBe(false)
  })
})

describe('a page of an organization list', () => {
  const page = z.strictObject(listPageFields)

  it('defaults to the first ten, as the reference', () => {
    expect(page.parse({})).toEqual({ limit: ORGANIZATION_LIST_DEFAULT_PAGE_SIZE, offset: 0 })
  })

  it.each([
    { limit: 0 },
    { limit: ORGANIZATION_LIST_MAX_PAGE_SIZE + 1 },
    { limit: 2.5 },
    { offset: -10 },
    { offset: ORGANIZATION_LIST_MAX_OFFSET + 1 },
    { offset: Number.NaN },
  ])('refuses %j rather than clamping it', (input) => {
    expect(page.safeParse(input).success).toBe(false)
  })

  it('accepts the largest page at the furthest offset', () => {
    const input = { limit: ORGANIZATION_LIST_MAX_PAGE_SIZE, offset: ORGANIZATION_LIST_MAX_OFFSET }
    expect(page.parse(input)).toEqual(input)
  })
})

describe('a metadata object', () => {
  it('takes nested plain JSON', () => {
    const value = { a: [1, 'two', null, { b: true }], c: { d: -1.5 } }
    expect(metadataSchema.parse(value)).toEqual(value)
  })

  it.each([
    ['a date', { at: new Date(0) }],
    ['undefined', { a: undefined }],
    ['an infinite number', { n: Number.POSITIVE_INFINITY }],
    ['a U+0000 in a value (Postgres refuses it in jsonb)', { a: 'x\u0000y' }],
    ['a U+0000 in a key', { 'x\u0000': 1 }],
    ['a lone surrogate', { a: '\ud800' }],
    ['an array at the top', [1, 2]],
  ])('refuses %s', (_, value) => {
    expect(metadataSchema.safeParse(value).success).toBe(false)
  })
})

describe("user.update()'s input", () => {
  const refused = (input: unknown) => {
    try {
      parseInput(updateUserSchema)(input as never)
      return null
    } catch (error) {
      return isTesseraError(error) ? error.code : 'other'
    }
  }

  it('takes any subset of the fields, and leaves the rest out (unchanged)', () => {
    expect(parseInput(updateUserSchema)({})).toEqual({})
    expect(parseInput(updateUserSchema)({ firstName: ' Ada ', unsafeMetadata: { a: 1 } })).toEqual({
      firstName: 'Ada',
      unsafeMetadata: { a: 1 },
    })
    expect(parseInput(updateUserSchema)({ lastName: '', username: null })).toEqual({ lastName: null, username: null })
  })

  it.each([
    ['publicMetadata (the backend writes it)', { publicMetadata: { role: 'admin' } }],
    ['an unknown field', { primaryEmailAddressId: 'idn_x' }],
    ['a non-JSON metadata value', { unsafeMetadata: { at: new Date(0) } }],
    ['metadata that is not an object', { unsafeMetadata: 'x' }],
    ['a username that is not text', { username: 5 }],
    ['a name with a control character', { firstName: 'A\u0000' }],
  ])('refuses %s with invalid_input', (_, input) => {
    expect(refused(input)).toBe('invalid_input')
  })
})

describe('updateSignUpSchema', () => {
  it('takes the names (left out: unchanged; empty: none)', () => {
    expect(parseInput(updateSignUpSchema)({})).toEqual({})
    expect(parseInput(updateSignUpSchema)({ firstName: ' Ada ', lastName: '' })).toEqual({
      firstName: 'Ada',
      lastName: null,
    })
  })

  it.each([
    ['the address', { emailAddress: 'eve@example.com' }],
    ['the password', { password: 'a new passphrase' }],
    ['a strategy', { strategy: 'ticket', ticket: 'x' }],
    ['a phone number', { phoneNumber: '+15555550100' }],
    ['a name that is not text', { firstName: 5 }],
  ])('refuses %s with invalid_input', (_, input) => {
    const error = (() => {
      try {
        parseInput(updateSignUpSchema)(input as never)
        return null
      } catch (caught) {
        return caught
      }
    })()
    expect(isTesseraError(error) && error.code).toBe('invalid_input')
  })
})
