import { describe, expect, it } from 'vitest'
import { ONE_TIME_CODE_DIGITS } from '../../session/policy.ts'
import { pastedCode, typedCode } from './code-input.ts'

const N = ONE_TIME_CODE_DIGITS

describe('typedCode', () => {
  it.each([
    ['123456', '123456'],
    ['123 456', '123456'],
    ['123-456', '123456'],
    ['12ab34', '1234'],
    ['abc', ''],
    ['1234567', '123456'],
    ['١٢٣', ''],
  ])('keeps the digits of %j: %j', (text, code) => {
    expect(typedCode(text, N)).toBe(code)
  })
})

describe('pastedCode', () => {
  it.each([
    ['Your code: 000000', '000000'],
    ['Your code: 123456', '123456'],
    ['  123 456\n', '123456'],
    ['123-456', '123456'],
    ['Tessera: 482913 is your code. It works for 10 minutes.', '482913'],
    ['It works for 10 minutes. Your code is 482913', '482913'],
    ['Your code: 12345', '12345'],
    ['no digits here', ''],
    ['1234567890', '123456'],
  ])('takes the code out of %j: %j', (text, code) => {
    expect(pastedCode(text, N)).toBe(code)
  })
})
