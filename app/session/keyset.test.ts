import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor } from './keyset.ts'

describe('page cursors', () => {
  it('read back what they encode', () => {
    const position = { atUs: 1_765_000_000_123_456, id: 'sess_2abc' }
    expect(decodeCursor(encodeCursor(position))).toEqual(position)
    expect(decodeCursor(encodeCursor({ atUs: 0, id: '42' }))).toEqual({ atUs: 0, id: '42' })
  })

  it.each([
    '',
    '.',
    '123',
    '123.',
    '.sess_1',
    '-1.sess_1',
    '01.sess_1',
    '1.5.sess_1',
    '99999999999999999.sess_1',
    '1.sess-1',
    "1.sess_1' or 1=1",
    `1.${'a'.repeat(65)}`,
  ])('refuse %j', (cursor) => {
    expect(decodeCursor(cursor)).toBeNull()
  })
})
