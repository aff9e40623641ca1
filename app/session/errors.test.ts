import { describe, expect, it } from 'vitest'
import { ERROR_CODES, ERRORS, isErrorCode, isTesseraError, TesseraError } from './errors.ts'

describe('the error registry', () => {
  it.each(ERROR_CODES)('%s has an HTTP error status and both messages', (code) => {
    const spec = ERRORS[code]
    expect(spec.status).toBeGreaterThanOrEqual(400)
    expect(spec.status).toBeLessThan(600)
    expect(spec.message.length).toBeGreaterThan(10)
    expect(spec.userMessage.length).toBeGreaterThan(10)
  })

  it('uses snake_case codes', () => {
    for (const code of ERROR_CODES) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/)
  })

  it('sends bad input as 400', () => {
    expect(ERRORS.invalid_input.status).toBe(400)
  })
})

describe('TesseraError', () => {
  it('carries the code, status and messages of its spec', () => {
    const error = new TesseraError('max_sessions_reached', { meta: { limit: 5 } })
    expect(error.toPayload()).toEqual({
      code: 'max_sessions_reached',
      status: 409,
      message: ERRORS.max_sessions_reached.message,
      userMessage: ERRORS.max_sessions_reached.userMessage,
      meta: { limit: 5 },
    })
  })

  it('is recognised by its code, whatever its prototype', () => {
    const rebuilt = { ...new TesseraError('signed_out').toPayload() }
    expect(isTesseraError(rebuilt)).toBe(true)
    expect(isTesseraError(rebuilt, 'signed_out')).toBe(true)
    expect(isTesseraError(rebuilt, 'not_found')).toBe(false)
  })

  it('is not confused with other errors that have a code', () => {
    expect(isTesseraError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false)
    expect(isTesseraError(null)).toBe(false)
    expect(isErrorCode('toString')).toBe(false)
  })
})
