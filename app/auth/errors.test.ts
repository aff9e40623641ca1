import * as reference from '@clerk/shared/error'
import { describe, expect, it } from 'vitest'
import { TesseraError, TesseraRuntimeError } from '../session/errors.ts'
import {
  errorMessage,
  formErrors,
  isClerkAPIResponseError,
  isClerkRuntimeError,
  isEmailLinkError,
  isKnownError,
  isReverificationCancelledError,
  passwordErrorsOn,
} from './errors.ts'

describe('errorMessage', () => {
  it('adds the time to wait from a lockout or a rate limit', () => {
    const locked = new TesseraError('user_locked', { meta: { lockoutExpiresInSeconds: 3540 } }).toPayload()
    expect(errorMessage(locked)).toBe(
      'Signing in is locked after too many failed attempts. If this is your account, we emailed you a link to unlock it. Try again in 59 minutes.',
    )
    const limited = new TesseraError('code_resend_too_soon', { meta: { retryAfterSeconds: 20 } }).toPayload()
    expect(errorMessage(limited)).toMatch(/Try again in 20 seconds\.$/)
  })

  it('adds the tries left for a code, and what to do when none are', () => {
    expect(errorMessage(new TesseraError('code_incorrect', { meta: { remainingAttempts: 1 } }).toPayload())).toBe(
      'That code is incorrect. 1 try left.',
    )
    expect(errorMessage(new TesseraError('code_incorrect', { meta: { remainingAttempts: 0 } }).toPayload())).toBe(
      'That code is incorrect. Request a new code.',
    )
    expect(errorMessage(new TesseraError('code_incorrect').toPayload())).toBe('That code is incorrect.')
  })

  it('warns when few tries are left before the lockout (issue 22, finding 8)', () => {
    const warned = new TesseraError('invalid_credentials', { meta: { attemptsBeforeLockout: 3 } }).toPayload()
    expect(errorMessage(warned)).toBe(
      'That email and password do not match an account. 3 tries left before signing in is locked.',
    )
    const lastTry = new TesseraError('code_incorrect', { meta: { remainingAttempts: 2, attemptsBeforeLockout: 1 } })
    expect(errorMessage(lastTry.toPayload())).toBe('That code is incorrect. 1 try left before signing in is locked.')
  })
})

describe('passwordErrorsOn', () => {
  it('moves a password rule to its field and leaves other errors on the form', () => {
    const tooShort = new TesseraError('password_too_short', { meta: { minLength: 8 } })
    expect(passwordErrorsOn('newPassword')(formErrors(tooShort), tooShort)).toEqual({
      form: null,
      fields: { newPassword: 'Your password is too short.' },
    })
    const other = new TesseraError('rate_limited')
    expect(passwordErrorsOn('newPassword')(formErrors(other), other).form).toBe(other.userMessage)
  })
})

describe("the reference's /errors helpers", () => {
  const locked = new TesseraError('user_locked', { meta: { lockoutExpiresInSeconds: 60 } })
  const cancelled = new TesseraRuntimeError('reverification_cancelled')

  it("recognise a server function's error as an API response error, ours and the reference's guard alike", () => {
    expect(isClerkAPIResponseError(locked)).toBe(true)
    expect(reference.isClerkAPIResponseError(locked)).toBe(true)
    expect(isKnownError(locked)).toBe(true)
    expect(reference.isKnownError(locked)).toBe(true)
    expect(reference.isUserLockedError(locked)).toBe(true)
    expect(isClerkRuntimeError(locked)).toBe(false)
    expect(reference.isClerkRuntimeError(locked)).toBe(false)
  })

  it('give errors[] the code, the message and the long message with what the metadata adds', () => {
    expect(locked.errors).toEqual([
      {
        code: 'user_locked',
        message: locked.userMessage,
        longMessage: `${locked.userMessage} Try again in 1 minute.`,
        meta: { lockoutExpiresInSeconds: 60 },
      },
    ])
    expect(locked.longMessage).toBe(locked.errors[0]?.longMessage)
    expect(new TesseraError('rate_limited', { meta: { retryAfterSeconds: 9 } }).retryAfter).toBe(9)
  })

  it('give an invalid_input error one entry per field, naming it in meta.paramName', () => {
    const invalid = new TesseraError('invalid_input', {
      meta: {
        issues: [
          { path: 'firstName', message: 'Too long.' },
          { path: 'lastName', message: 'Required.' },
        ],
      },
    })
    expect(invalid.errors.map((error) => [error.meta.paramName, error.longMessage])).toEqual([
      ['firstName', 'Too long.'],
      ['lastName', 'Required.'],
    ])
  })

  it('tell a runtime error (a cancelled verification) from an API error, and know no email-link errors', () => {
    expect(isClerkRuntimeError(cancelled)).toBe(true)
    expect(reference.isClerkRuntimeError(cancelled)).toBe(true)
    expect(isClerkAPIResponseError(cancelled)).toBe(false)
    expect(reference.isClerkAPIResponseError(cancelled)).toBe(false)
    expect(isReverificationCancelledError(cancelled)).toBe(true)
    for (const other of [new Error('boom'), null, 'text', { code: 'user_locked' }]) {
      expect(isClerkAPIResponseError(other)).toBe(false)
      expect(isKnownError(other)).toBe(false)
    }
    expect(isEmailLinkError(new Error('x'))).toBe(false)
  })
})
