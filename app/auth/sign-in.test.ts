import { describe, expect, it, vi } from 'vitest'
import { isTesseraError, TesseraError } from '../session/errors.ts'
import type { SignInJSON, SignUpJSON, VerificationJSON } from '../session/wire.ts'
import { leavePage, SignIn, type SignInTransport } from './sign-in.ts'
import { SignUp, type SignUpTransport } from './sign-up.ts'

const verification = (
  strategy: VerificationJSON['strategy'],
  status: VerificationJSON['status'],
): VerificationJSON => ({
  strategy,
  status,
  safeIdentifier: 'a••@example.com',
  expireAt: 1_000,
  nextResendAt: 500,
})

const json = (overrides: Partial<SignInJSON> = {}): SignInJSON => ({
  id: 'signIn_1',
  status: 'needs_first_factor',
  identifier: 'ada@example.com',
  identifierKind: 'email_address',
  supportedFirstFactors: [{ strategy: 'password' }, { strategy: 'email_code', safeIdentifier: 'a••@example.com' }],
  supportedSecondFactors: null,
  firstFactorVerification: null,
  secondFactorVerification: null,
  createdSessionId: null,
  expireAt: 600_000,
  ...overrides,
})

/** A transport that records every call and answers what the test queued. */
function fakeTransport() {
  const calls: Array<[string, unknown]> = []
  const record =
    <T>(name: string, answer: () => T) =>
    async (params?: unknown) => {
      calls.push([name, params])
      return answer()
    }
  let next: SignInJSON | null = json()
  let sessionId: string | null = null
  const transport: SignInTransport = {
    get: record('get', () => next),
    create: record('create', () => ({ signIn: next as SignInJSON, sessionId })),
    prepareFirstFactor: record('prepareFirstFactor', () => next as SignInJSON),
    attemptFirstFactor: record('attemptFirstFactor', () => ({ signIn: next as SignInJSON, sessionId })),
    prepareSecondFactor: record('prepareSecondFactor', () => next as SignInJSON),
    attemptSecondFactor: record('attemptSecondFactor', () => ({ signIn: next as SignInJSON, sessionId })),
    resetPassword: record('resetPassword', () => ({ signIn: next as SignInJSON, sessionId })),
    signInWithPasskey: record('signInWithPasskey', () => 'sess_passkey'),
    cancel: record('cancel', () => undefined),
    pollEmailLink: record('pollEmailLink', () => ({ signIn: next as SignInJSON, sessionId })),
  }
  return {
    transport,
    calls,
    answer: (signIn: SignInJSON | null, session: string | null = null) => {
      next = signIn
      sessionId = session
    },
  }
}

describe('SignIn', () => {
  it('starts empty, as a fresh sign-in in the reference', () => {
    const signIn = new SignIn(null, fakeTransport().transport)
    expect(signIn).toMatchObject({
      status: null,
      identifier: null,
      supportedFirstFactors: null,
      createdSessionId: null,
      firstFactorVerification: { status: null, strategy: null },
    })
  })

  it('walks password, then an authenticator app, to complete: each method resolves to the same object', async () => {
    const fake = fakeTransport()
    const signIn = new SignIn(null, fake.transport)
    const listener = vi.fn()
    signIn.subscribe(listener)

    fake.answer(
      json({
        status: 'needs_second_factor',
        firstFactorVerification: verification('password', 'verified'),
        supportedSecondFactors: [{ strategy: 'totp' }, { strategy: 'backup_code' }],
      }),
    )
    expect(await signIn.create({ identifier: 'ada@example.com', password: 'pw', strategy: 'password' })).toBe(signIn)
    expect(signIn.status).toBe('needs_second_factor')
    expect(signIn.supportedSecondFactors).toEqual([{ strategy: 'totp' }, { strategy: 'backup_code' }])

    fake.answer(json({ status: 'complete', createdSessionId: 'sess_1' }), 'sess_1')
    expect(await signIn.attemptSecondFactor({ strategy: 'totp', code: '123456' })).toBe(signIn)
    expect(signIn).toMatchObject({ status: 'complete', createdSessionId: 'sess_1' })
    expect(listener).toHaveBeenCalledTimes(2)
    expect(fake.calls).toEqual([
      // `strategy: 'password'` only says what the password is: the server gets the call it knows.
      ['create', { identifier: 'ada@example.com', password: 'pw' }],
      ['attemptSecondFactor', { strategy: 'totp', code: '123456' }],
    ])
  })

  it('prepares an email code without the reference ids (the code goes to the identifier), and shows the verification', async () => {
    const fake = fakeTransport()
    const signIn = new SignIn(json(), fake.transport)
    fake.answer(json({ firstFactorVerification: verification('email_code', 'unverified') }))
    await signIn.prepareFirstFactor({ strategy: 'email_code', emailAddressId: 'idn_whatever' })
    expect(fake.calls).toEqual([['prepareFirstFactor', { strategy: 'email_code' }]])
    expect(signIn.firstFactorVerification).toEqual({
      status: 'unverified',
      strategy: 'email_code',
      expireAt: new Date(1_000),
      nonce: null,
      externalVerificationRedirectURL: null,
      safeIdentifier: 'a••@example.com',
      nextResendAt: 500,
      verifiedFromTheSameClient: expect.any(Function),
    })
  })

  it('walks a password reset: the code, needs_new_password, resetPassword with the reference parameters', async () => {
    const fake = fakeTransport()
    const signIn = new SignIn(null, fake.transport)
    fake.answer(json({ firstFactorVerification: verification('reset_password_email_code', 'unverified') }))
    // The reference's forgot-password start: create with the strategy sends the code at once.
    await signIn.create({ strategy: 'reset_password_email_code', identifier: 'ada@example.com' })
    fake.answer(
      json({
        status: 'needs_new_password',
        firstFactorVerification: verification('reset_password_email_code', 'verified'),
      }),
    )
    expect(await signIn.attemptFirstFactor({ strategy: 'reset_password_email_code', code: '123456' })).toBe(signIn)
    expect(signIn.status).toBe('needs_new_password')
    fake.answer(json({ status: 'complete', createdSessionId: 'sess_1' }), 'sess_1')
    await signIn.resetPassword({ password: 'a new passphrase', signOutOfOtherSessions: false })
    expect(signIn).toMatchObject({ status: 'complete', createdSessionId: 'sess_1' })
    expect(fake.calls).toEqual([
      ['create', { identifier: 'ada@example.com' }],
      ['prepareFirstFactor', { strategy: 'reset_password_email_code' }],
      ['attemptFirstFactor', { strategy: 'reset_password_email_code', code: '123456' }],
      ['resetPassword', { password: 'a new passphrase', signOutOfOtherSessions: false }],
    ])
  })

  it("takes the reference guide's one-call reset (code and password), and skips the spent code on a retry", async () => {
    const fake = fakeTransport()
    const signIn = new SignIn(
      json({ firstFactorVerification: verification('reset_password_email_code', 'unverified') }),
      fake.transport,
    )
    fake.answer(json({ status: 'needs_new_password' }))
    const refused = new TesseraError('password_too_short')
    fake.transport.resetPassword = async (params) => {
      fake.calls.push(['resetPassword', params])
      throw refused
    }
    await expect(
      signIn.attemptFirstFactor({ strategy: 'reset_password_email_code', code: '123456', password: 'short' }),
    ).rejects.toBe(refused)
    expect(signIn.status).toBe('needs_new_password')
    fake.transport.resetPassword = async (params) => {
      fake.calls.push(['resetPassword', params])
      return { signIn: json({ status: 'complete', createdSessionId: 'sess_2' }), sessionId: 'sess_2' }
    }
    await signIn.attemptFirstFactor({
      strategy: 'reset_password_email_code',
      code: '123456',
      password: 'long enough now',
    })
    expect(signIn.status).toBe('complete')
    expect(fake.calls).toEqual([
      ['attemptFirstFactor', { strategy: 'reset_password_email_code', code: '123456' }],
      ['resetPassword', { password: 'short', signOutOfOtherSessions: undefined }],
      ['resetPassword', { password: 'long enough now', signOutOfOtherSessions: undefined }],
    ])
  })

  it('passes a parameter that is not ours on to the server, which refuses it', async () => {
    const fake = fakeTransport()
    const signIn = new SignIn(null, fake.transport)
    await signIn.create({ identifier: 'ada', username: 'ada' } as never)
    await signIn.prepareFirstFactor({ strategy: 'web3_metamask_signature' } as never)
    expect(fake.calls).toEqual([
      ['create', { identifier: 'ada', username: 'ada' }],
      ['prepareFirstFactor', { strategy: 'web3_metamask_signature' }],
    ])
  })

  it("refuses the reference's sign-in token (`ticket`) with a code, calling nothing", async () => {
    const fake = fakeTransport()
    const signIn = new SignIn(null, fake.transport)
    const error = await signIn.create({ strategy: 'ticket', ticket: 'x' }).catch((reason: unknown) => reason)
    expect(isTesseraError(error) && error.code).toBe('strategy_not_allowed')
    expect(fake.calls).toEqual([])
  })

  it('leaves itself unchanged when the server refuses a step', async () => {
    const fake = fakeTransport()
    const signIn = new SignIn(json(), fake.transport)
    fake.transport.attemptFirstFactor = async () => {
      throw new TesseraError('invalid_credentials')
    }
    await expect(signIn.attemptFirstFactor({ strategy: 'password', password: 'wrong' })).rejects.toMatchObject({
      code: 'invalid_credentials',
    })
    expect(signIn).toMatchObject({ status: 'needs_first_factor', identifier: 'ada@example.com' })
  })

  it('creates an enterprise SSO sign-in and prepares the trip: the IdP URL is a URL', async () => {
    const fake = fakeTransport()
    const signIn = new SignIn(null, fake.transport)
    fake.answer(
      json({
        supportedFirstFactors: [{ strategy: 'enterprise_sso', enterpriseConnectionName: 'Acme' }],
        firstFactorVerification: {
          ...verification('enterprise_sso', 'unverified'),
          externalVerificationRedirectUrl: 'https://idp.example/authorize?state=x',
        },
      }),
    )
    await signIn.create({ strategy: 'enterprise_sso', identifier: 'ada@acme.example', redirectUrl: '/dashboard' })
    expect(fake.calls).toEqual([
      ['create', { identifier: 'ada@acme.example' }],
      ['prepareFirstFactor', { strategy: 'enterprise_sso', redirectUrl: '/dashboard' }],
    ])
    expect(signIn.firstFactorVerification.externalVerificationRedirectURL?.href).toBe(
      'https://idp.example/authorize?state=x',
    )
  })

  it('completes at once with a passkey (both factors), by ceremony or with a given credential', async () => {
    const fake = fakeTransport()
    const signIn = new SignIn(json(), fake.transport)
    await signIn.authenticateWithPasskey({ flow: 'autofill' })
    expect(signIn).toMatchObject({
      status: 'complete',
      createdSessionId: 'sess_passkey',
      identifier: null,
      firstFactorVerification: { status: 'verified', strategy: 'passkey' },
    })
    const credential = { id: 'cred' } as never
    await new SignIn(json(), fake.transport).attemptFirstFactor({
      strategy: 'passkey',
      publicKeyCredential: credential,
    })
    expect(fake.calls).toEqual([
      ['signInWithPasskey', { autofill: true }],
      ['signInWithPasskey', { credential }],
    ])
  })

  it('shows an abandoned attempt as none, and cancel() empties it', async () => {
    const fake = fakeTransport()
    expect(new SignIn(json({ status: 'abandoned' }), fake.transport).status).toBeNull()
    const signIn = new SignIn(json(), fake.transport)
    await signIn.cancel()
    expect(signIn).toMatchObject({ status: null, id: null, supportedFirstFactors: null })
    fake.answer(json({ status: 'needs_second_factor' }))
    await signIn.reload()
    expect(signIn.status).toBe('needs_second_factor')
  })
})

const signUpJSON = (overrides: Partial<SignUpJSON> = {}): SignUpJSON => ({
  id: 'signUp_1',
  status: 'needs_verification',
  emailAddress: 'ada@example.com',
  firstName: null,
  lastName: null,
  verification: null,
  createdSessionId: null,
  expireAt: 600_000,
  ...overrides,
})

describe('SignUp', () => {
  it('maps the reference parameters and statuses: create, prepare, attempt, complete', async () => {
    const calls: Array<[string, unknown]> = []
    let next = signUpJSON()
    const transport: SignUpTransport = {
      pollEmailLink: async () => ({ signUp: next, sessionId: null }),
      get: async () => next,
      create: async (params) => {
        calls.push(['create', params])
        return next
      },
      update: async (params) => {
        calls.push(['update', params])
        return next
      },
      prepareVerification: async (params) => {
        calls.push(['prepare', params])
        return next
      },
      attemptVerification: async (params) => {
        calls.push(['attempt', params])
        return { signUp: next, sessionId: 'sess_2' }
      },
      cancel: async () => undefined,
    }
    const signUp = new SignUp(null, transport)
    expect(signUp.status).toBeNull()

    expect(await signUp.create({ emailAddress: 'ada@example.com', password: 'pw' })).toBe(signUp)
    expect(signUp).toMatchObject({
      status: 'missing_requirements',
      missingFields: [],
      unverifiedFields: ['email_address'],
      verifications: { emailAddress: { status: null } },
    })
    next = signUpJSON({ verification: verification('email_code', 'unverified') })
    await signUp.prepareEmailAddressVerification()
    expect(signUp.verifications.emailAddress.status).toBe('unverified')

    next = signUpJSON({ status: 'complete', createdSessionId: 'sess_2' })
    await signUp.attemptEmailAddressVerification({ code: '123456' })
    expect(signUp).toMatchObject({ status: 'complete', createdSessionId: 'sess_2', unverifiedFields: [] })
    expect(calls).toEqual([
      ['create', { email: 'ada@example.com', password: 'pw' }],
      ['prepare', { strategy: 'email_code' }],
      ['attempt', { code: '123456', strategy: 'email_code' }],
    ])
  })

  it("passes the reference's phone sign-up on to the server as asked, which refuses it", async () => {
    const calls: unknown[] = []
    const transport: SignUpTransport = {
      pollEmailLink: async () => Promise.reject(new Error('not in this test')),
      get: async () => null,
      create: async (params) => {
        calls.push(params)
        throw new TesseraError('invalid_input')
      },
      update: async (params) => {
        calls.push(params)
        throw new TesseraError('invalid_input')
      },
      prepareVerification: async (params) => {
        calls.push(params)
        throw new TesseraError('invalid_input')
      },
      attemptVerification: async () => {
        throw new Error('not reached')
      },
      cancel: async () => undefined,
    }
    const signUp = new SignUp(null, transport)
    await expect(signUp.create({ phoneNumber: '+15555550100' })).rejects.toMatchObject({ code: 'invalid_input' })
    await expect(signUp.preparePhoneNumberVerification()).rejects.toMatchObject({ code: 'invalid_input' })
    expect(calls).toEqual([{ phoneNumber: '+15555550100' }, { strategy: 'phone_code' }])
    expect(signUp.status).toBeNull()
  })

  it("refuses the reference's create and update strategies (a ticket, OAuth…) before anything is sent", async () => {
    const calls: unknown[] = []
    const refuse = async (params: unknown) => {
      calls.push(params)
      throw new Error('not reached')
    }
    const transport: SignUpTransport = {
      get: async () => null,
      create: refuse,
      update: refuse,
      prepareVerification: refuse,
      attemptVerification: refuse,
      pollEmailLink: () => refuse(undefined),
      cancel: async () => undefined,
    }
    const signUp = new SignUp(null, transport)
    for (const strategy of ['ticket', 'oauth_google', 'enterprise_sso'] as const) {
      await expect(signUp.create({ strategy, ticket: 'abc', password: 'pw' })).rejects.toMatchObject({
        code: 'strategy_not_allowed',
        meta: { strategy },
      })
    }
    await expect(signUp.update({ strategy: 'ticket' })).rejects.toMatchObject({ code: 'strategy_not_allowed' })
    expect(calls).toEqual([])
  })

  it('update() sends the fields as given and applies the answer', async () => {
    const calls: Array<[string, unknown]> = []
    const transport: SignUpTransport = {
      get: async () => null,
      create: async () => signUpJSON(),
      update: async (params) => {
        calls.push(['update', params])
        return signUpJSON({ firstName: 'Grace' })
      },
      prepareVerification: async () => signUpJSON(),
      attemptVerification: async () => ({ signUp: signUpJSON(), sessionId: null }),
      pollEmailLink: async () => Promise.reject(new Error('not in this test')),
      cancel: async () => undefined,
    }
    const signUp = new SignUp(null, transport)
    await signUp.create({ emailAddress: 'ada@example.com' })
    expect(await signUp.update({ firstName: 'Grace' })).toBe(signUp)
    expect(signUp.firstName).toBe('Grace')
    expect(calls).toEqual([['update', { firstName: 'Grace' }]])
  })
})

describe('authenticateWithRedirect (enterprise SSO)', () => {
  it('starts from the identifier, as our page does, and leaves for the IdP', async () => {
    const fake = fakeTransport()
    const leave = vi.spyOn(leavePage, 'to').mockImplementation(() => {})
    fake.answer(
      json({
        supportedFirstFactors: [{ strategy: 'enterprise_sso' }],
        firstFactorVerification: {
          ...verification('enterprise_sso', 'unverified'),
          externalVerificationRedirectUrl: 'https://idp.example/authorize?x=1',
        },
      }),
    )
    const signIn = new SignIn(null, fake.transport)
    await signIn.authenticateWithRedirect({
      identifier: 'ada@corp.example',
      strategy: 'enterprise_sso',
      redirectUrl: '/sign-in/sso-callback',
      redirectUrlComplete: '/dashboard',
    })
    expect(fake.calls).toEqual([
      ['create', { identifier: 'ada@corp.example' }],
      ['prepareFirstFactor', { strategy: 'enterprise_sso', redirectUrl: '/dashboard' }],
    ])
    expect(leave).toHaveBeenCalledWith('https://idp.example/authorize?x=1')
    leave.mockRestore()
  })

  it('leaves nothing when the server gives no IdP to go to', async () => {
    const fake = fakeTransport()
    const leave = vi.spyOn(leavePage, 'to').mockImplementation(() => {})
    const signIn = new SignIn(null, fake.transport)
    await expect(
      signIn.authenticateWithRedirect({
        identifier: 'ada@example.com',
        strategy: 'enterprise_sso',
        redirectUrl: '/sign-in/sso-callback',
        redirectUrlComplete: '/',
      }),
    ).rejects.toMatchObject({ code: 'strategy_not_allowed' })
    expect(leave).not.toHaveBeenCalled()
    leave.mockRestore()
  })
})

describe('authenticateWithRedirect (social sign-in)', () => {
  it('starts the trip with the reference’s parameters and leaves for the provider', async () => {
    const fake = fakeTransport()
    const started = vi.fn(async () => ({ externalVerificationRedirectUrl: 'https://github.example/authorize?x=1' }))
    const leave = vi.spyOn(leavePage, 'to').mockImplementation(() => {})
    const signIn = new SignIn(null, { ...fake.transport, authenticateWithRedirect: started })
    await signIn.authenticateWithRedirect({
      strategy: 'oauth_github',
      redirectUrl: '/sign-in/sso-callback',
      redirectUrlComplete: '/dashboard',
    })
    expect(started).toHaveBeenCalledWith({
      strategy: 'oauth_github',
      redirectUrl: '/sign-in/sso-callback',
      redirectUrlComplete: '/dashboard',
    })
    expect(signIn.firstFactorVerification).toMatchObject({ status: 'unverified', strategy: 'oauth_github' })
    expect(signIn.firstFactorVerification.externalVerificationRedirectURL?.href).toBe(
      'https://github.example/authorize?x=1',
    )
    expect(leave).toHaveBeenCalledWith('https://github.example/authorize?x=1')

    const signUpStarted = vi.fn(async () => ({ externalVerificationRedirectUrl: 'https://idp.example/authorize' }))
    const signUp = new SignUp(null, {
      get: async () => null,
      create: async () => {
        throw new Error('not called')
      },
      prepareVerification: async () => {
        throw new Error('not called')
      },
      attemptVerification: async () => {
        throw new Error('not called')
      },
      update: async () => {
        throw new Error('not called')
      },
      pollEmailLink: async () => {
        throw new Error('not called')
      },
      cancel: async () => {},
      authenticateWithRedirect: signUpStarted,
    })
    await signUp.authenticateWithRedirect({ strategy: 'oauth_google', redirectUrl: '/x', redirectUrlComplete: '/y' })
    expect(signUpStarted).toHaveBeenCalledWith({
      strategy: 'oauth_google',
      redirectUrl: '/x',
      redirectUrlComplete: '/y',
    })
    expect(leave).toHaveBeenLastCalledWith('https://idp.example/authorize')
    leave.mockRestore()
  })
})
