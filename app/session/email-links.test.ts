import { describe, expect, it } from 'vitest'
import {
  continueUrl,
  EMAIL_LINK_CREATED_SESSION_PARAM,
  EMAIL_LINK_STATUS_PARAM,
  type EmailLinkOutcome,
  readEmailLinkStatus,
} from './email-links.ts'

const ORIGIN = 'https://auth.example.com'
const outcome = (over: Partial<EmailLinkOutcome> = {}): EmailLinkOutcome => ({
  status: 'verified',
  purpose: 'sign_in_first_factor',
  createdSessionId: null,
  redirectUrl: '/sign-in/verify',
  ...over,
})

describe('continueUrl', () => {
  it("adds the reference's status, and the session only when one was created here", () => {
    expect(continueUrl(outcome(), ORIGIN)).toBe(`/sign-in/verify?${EMAIL_LINK_STATUS_PARAM}=verified`)
    expect(continueUrl(outcome({ createdSessionId: 'sess_1' }), ORIGIN)).toBe(
      `/sign-in/verify?${EMAIL_LINK_STATUS_PARAM}=verified&${EMAIL_LINK_CREATED_SESSION_PARAM}=sess_1`,
    )
    expect(continueUrl(outcome({ status: 'expired', redirectUrl: '/a?x=1#f' }), ORIGIN)).toBe(
      `/a?x=1&${EMAIL_LINK_STATUS_PARAM}=expired#f`,
    )
  })

  it('stays on the landing page without a redirect URL, or for one on another origin', () => {
    expect(continueUrl(outcome({ redirectUrl: null }), ORIGIN)).toBeNull()
    expect(continueUrl(outcome({ redirectUrl: 'https://evil.example/x' }), ORIGIN)).toBeNull()
    expect(continueUrl(outcome({ redirectUrl: '//evil.example/x' }), ORIGIN)).toBeNull()
  })

  it('drops a created-session parameter the redirect URL brought itself', () => {
    const url = continueUrl(outcome({ redirectUrl: `/v?${EMAIL_LINK_CREATED_SESSION_PARAM}=sess_forged` }), ORIGIN)
    expect(url).toBe(`/v?${EMAIL_LINK_STATUS_PARAM}=verified`)
  })
})

describe('readEmailLinkStatus', () => {
  it('reads what continueUrl wrote', () => {
    expect(readEmailLinkStatus(`?${EMAIL_LINK_STATUS_PARAM}=client_mismatch`)).toEqual({
      status: 'client_mismatch',
      createdSessionId: null,
    })
    expect(
      readEmailLinkStatus(`?${EMAIL_LINK_STATUS_PARAM}=verified&${EMAIL_LINK_CREATED_SESSION_PARAM}=sess_1`),
    ).toEqual({ status: 'verified', createdSessionId: 'sess_1' })
  })

  it('reads anything else, or nothing, as failed', () => {
    expect(readEmailLinkStatus('').status).toBe('failed')
    expect(readEmailLinkStatus(`?${EMAIL_LINK_STATUS_PARAM}=loading`).status).toBe('failed')
  })
})
