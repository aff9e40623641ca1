import { describe, expect, it } from 'vitest'
import { accountExistsEmail, codeEmail, codeSms, type MessageContext, securityNoticeEmail } from './messages.server.ts'

const ctx: MessageContext = {
  appName: 'Tessera',
  appUrl: 'https://auth.example.com',
  supportEmail: 'security@example.com',
}

describe('messages', () => {
  it('put the code in an email that says how long it works and what to do if it was not asked for', () => {
    const message = codeEmail(ctx, { to: 'ada@example.com', code: '012345', purpose: 'sign_in' })
    expect(message).toMatchObject({
      channel: 'email',
      to: 'ada@example.com',
      subject: '012345 is your Tessera sign-in code',
    })
    expect(message.text).toContain('    012345')
    expect(message.text).toContain('expires in 10 minutes')
    expect(message.text).toContain("Didn't ask for this?")
    expect(message.text).toContain('security@example.com')
    expect(message.text).toMatch(/— Tessera$/)
  })

  it('end a text message with the WebOTP line for this origin only', () => {
    const message = codeSms(ctx, { to: '+14155550123', code: '654321', purpose: 'second_factor' })
    expect(message.text).toMatch(/^654321 is your Tessera verification code\./)
    expect(message.text.split('\n').at(-1)).toBe('@auth.example.com #654321')
  })

  it('tell an existing account about a sign-up attempt without a code', () => {
    const message = accountExistsEmail(ctx, { to: 'ada@example.com' })
    expect(message.subject).toBe('You already have a Tessera account')
    expect(message.text).not.toMatch(/\d{6}/)
    expect(message.text).toContain('https://auth.example.com/sign-in')
  })

  it('describe a security change with when, from where, and how to report it (ASVS 6.3.7)', () => {
    const message = securityNoticeEmail(ctx, {
      to: 'ada@example.com',
      event: 'passkey_added',
      detail: 'Work laptop',
      at: new Date('2026-03-01T09:00:00Z'),
      ipAddress: '203.0.113.7',
      device: 'Chrome 156 on Linux',
    })
    expect(message.subject).toBe('Tessera: passkey added')
    expect(message.text).toContain('Passkey added: Work laptop.')
    expect(message.text).toContain('When: Sun, 01 Mar 2026 09:00:00 GMT')
    expect(message.text).toContain('From: Chrome 156 on Linux, 203.0.113.7')
    expect(message.text).toContain("Wasn't you? Sign in at https://auth.example.com/account/security")
  })

  it('leave out the support line when the instance names no address', () => {
    const message = codeEmail(
      { ...ctx, supportEmail: null },
      { to: 'a@example.com', code: '000000', purpose: 'sign_up' },
    )
    expect(message.text).not.toContain('tell us at')
  })
})
