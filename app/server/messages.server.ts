/**
 * The words of every email and text message. Plain text, signed with the app's name, short, and
 * each says what to do when it was not you. Pure functions: the delivery module sends what these
 * return.
 */

import { describeDuration } from '../session/durations.ts'
import { EMAIL_LINK_PATH } from '../session/email-links.ts'
import { SECURITY_EVENT_LABEL, type SecurityEventType } from '../session/events.ts'
import type { CodeStrategy } from '../session/factors.ts'
import { EMAIL_LINK_TTL_SECONDS, INVITATION_TTL_SECONDS, ONE_TIME_CODE_TTL_SECONDS } from '../session/policy.ts'

export interface MessageContext {
  appName: string
  /** The app's origin, for links (`https://auth.example.com`). */
  appUrl: string
  /** Where to report "this wasn't me", when the instance names one. */
  supportEmail: string | null
}

export interface EmailMessage {
  channel: 'email'
  to: string
  subject: string
  text: string
}

export interface SmsMessage {
  channel: 'sms'
  to: string
  text: string
}

export type OutgoingMessage = EmailMessage | SmsMessage

const CODE_MINUTES = ONE_TIME_CODE_TTL_SECONDS / 60
const INVITATION_DAYS = INVITATION_TTL_SECONDS / 86_400

const signature = (ctx: MessageContext) => `— ${ctx.appName}`

function reportIt(ctx: MessageContext): string {
  const support = ctx.supportEmail ? `, or write to ${ctx.supportEmail}` : ''
  return `Wasn't you? Sign in at ${ctx.appUrl}/account/security to sign out devices you don't recognise and change your password${support}.`
}

function didNotAsk(ctx: MessageContext): string {
  const support = ctx.supportEmail
    ? ` If you keep getting codes you did not ask for, tell us at ${ctx.supportEmail}.`
    : ''
  return `Didn't ask for this? You can ignore this email: the code is useless to anyone without access to your inbox.${support}`
}

export type CodeEmailPurpose = 'sign_in' | 'sign_up' | 'verify_email' | 'reverify' | 'reset_password'

const CODE_EMAIL: Record<CodeEmailPurpose, { subject: string; lead: string }> = {
  sign_in: { subject: 'sign-in code', lead: 'Use this code to sign in' },
  sign_up: {
    subject: 'verification code',
    lead: 'Use this code to confirm your email address and finish creating your account',
  },
  verify_email: { subject: 'verification code', lead: 'Use this code to add this email address to your account' },
  reverify: {
    subject: 'verification code',
    lead: 'Use this code to confirm it is you before a change to your account',
  },
  reset_password: {
    subject: 'password reset code',
    lead: 'Someone — probably you — asked to reset your password. Use this code to choose a new one',
  },
}

export function codeEmail(
  ctx: MessageContext,
  input: { to: string; code: string; purpose: CodeEmailPurpose },
): EmailMessage {
  const { subject, lead } = CODE_EMAIL[input.purpose]
  return {
    channel: 'email',
    to: input.to,
    subject: `${input.code} is your ${ctx.appName} ${subject}`,
    text: [
      `${lead}:`,
      '',
      `    ${input.code}`,
      '',
      `It expires in ${CODE_MINUTES} minutes and works once. Never share it: ${ctx.appName} will never ask you for it.`,
      '',
      didNotAsk(ctx),
      '',
      signature(ctx),
    ].join('\n'),
  }
}

export type LinkEmailPurpose = 'sign_in' | 'sign_up' | 'verify_email'

const LINK_EMAIL: Record<LinkEmailPurpose, { subject: string; lead: string }> = {
  sign_in: { subject: 'Sign in to', lead: 'Open this link to sign in' },
  sign_up: { subject: 'Finish creating your account at', lead: 'Open this link to confirm your email address' },
  verify_email: { subject: 'Confirm your email address at', lead: 'Open this link to add this email address' },
}

/** The page a link's token opens: the token rides in the fragment, which no browser sends to a server. */
export function emailLinkUrl(ctx: MessageContext, token: string): string {
  return `${ctx.appUrl}${EMAIL_LINK_PATH}#token=${token}`
}

/** An email link (`email_link`, ADR 036): the link is the only copy of its secret. */
export function linkEmail(
  ctx: MessageContext,
  input: { to: string; token: string; purpose: LinkEmailPurpose },
): EmailMessage {
  const { subject, lead } = LINK_EMAIL[input.purpose]
  return {
    channel: 'email',
    to: input.to,
    subject: `${subject} ${ctx.appName}`,
    text: [
      `${lead}:`,
      '',
      `    ${emailLinkUrl(ctx, input.token)}`,
      '',
      `It expires in ${describeDuration(EMAIL_LINK_TTL_SECONDS)} and works once. Never forward it: anyone who opens it can use it.`,
      '',
      `Didn't ask for this? Ignore this email: nothing happens unless the link is opened.`,
      '',
      signature(ctx),
    ].join('\n'),
  }
}

/**
 * Sent instead of a sign-up code when the address already has an account, so the sign-up form
 * never reveals who has an account: only the inbox's owner learns it.
 */
export function accountExistsEmail(ctx: MessageContext, input: { to: string }): EmailMessage {
  return {
    channel: 'email',
    to: input.to,
    subject: `You already have a ${ctx.appName} account`,
    text: [
      `Someone — probably you — tried to create a ${ctx.appName} account with this email address, but it already has one.`,
      '',
      `Sign in instead: ${ctx.appUrl}/sign-in`,
      '',
      'No new account was created and nothing about your account changed.',
      '',
      reportIt(ctx),
      '',
      signature(ctx),
    ].join('\n'),
  }
}

/** An invitation to join an organization: the link is the only copy of its secret. */
export function invitationEmail(
  ctx: MessageContext,
  input: { to: string; organizationName: string; inviterName: string | null; roleName: string; link: string },
): EmailMessage {
  const who = input.inviterName ?? 'Someone'
  return {
    channel: 'email',
    to: input.to,
    subject: `${who} invited you to ${input.organizationName} on ${ctx.appName}`,
    text: [
      `${who} invited you to join ${input.organizationName} on ${ctx.appName} as ${input.roleName}.`,
      '',
      `Accept the invitation: ${input.link}`,
      '',
      `The link works once and expires in ${INVITATION_DAYS} days. You need to sign in (or create an account) with this email address to accept it.`,
      '',
      `Not expecting this? Ignore this email: nothing happens unless you accept.`,
      '',
      signature(ctx),
    ].join('\n'),
  }
}

export type CodeSmsPurpose = 'sign_in' | 'second_factor' | 'verify_phone' | 'reverify' | 'reset_password'

const SMS_LEAD: Record<CodeSmsPurpose, string> = {
  sign_in: 'sign-in code',
  second_factor: 'verification code',
  verify_phone: 'code to verify this number',
  reverify: 'code to confirm it is you',
  reset_password: 'password reset code',
}

/** The last line is the WebOTP format, so browsers can offer the code for this site only. */
export function codeSms(ctx: MessageContext, input: { to: string; code: string; purpose: CodeSmsPurpose }): SmsMessage {
  const host = new URL(ctx.appUrl).host
  return {
    channel: 'sms',
    to: input.to,
    text: `${input.code} is your ${ctx.appName} ${SMS_LEAD[input.purpose]}. It expires in ${CODE_MINUTES} minutes. Never share it.\n\n@${host} #${input.code}`,
  }
}

/** The message that carries each code strategy's first-factor code, when signing in or verifying again. */
export const FIRST_FACTOR_CODE_MESSAGE: Record<
  CodeStrategy,
  (ctx: MessageContext, input: { to: string; code: string; purpose: 'sign_in' | 'reverify' }) => OutgoingMessage
> = {
  email_code: codeEmail,
  phone_code: codeSms,
  // A reset is never a step-up (VERIFICATION_CODE_STRATEGIES): its message says what it is for.
  reset_password_email_code: (ctx, input) => codeEmail(ctx, { ...input, purpose: 'reset_password' }),
  reset_password_phone_code: (ctx, input) => codeSms(ctx, { ...input, purpose: 'reset_password' }),
}

/**
 * Tells the owner their account locked after too many failed attempts (issue 22, finding 8), with
 * the link that unlocks it: following it proves the address. The link is the only copy of its secret.
 */
export function accountLockedEmail(
  ctx: MessageContext,
  input: { to: string; failures: number; lockedUntil: Date; link: string },
): EmailMessage {
  return {
    channel: 'email',
    to: input.to,
    subject: `Your ${ctx.appName} account is locked`,
    text: [
      `After ${input.failures} wrong attempts in a row, signing in to your ${ctx.appName} account is locked until ${input.lockedUntil.toUTCString()}.`,
      '',
      `If it was you, unlock it now (the link works once): ${input.link}`,
      '',
      `If it was not you, someone may be guessing your password. Your account is safe while it is locked; unlock it when you are ready to sign in, and choose a new password if yours could be guessed.`,
      '',
      reportIt(ctx),
      '',
      signature(ctx),
    ].join('\n'),
  }
}

/** Confirms a deletion to the address the account had, with the way to report it if it was not them. */
export function accountDeletedEmail(ctx: MessageContext, input: { to: string; at: Date }): EmailMessage {
  const report = ctx.supportEmail
    ? `Write to ${ctx.supportEmail} at once.`
    : `Tell the people who run ${ctx.appName} at once.`
  return {
    channel: 'email',
    to: input.to,
    subject: `Your ${ctx.appName} account was deleted`,
    text: [
      `Your ${ctx.appName} account, its sessions and its sign-in methods were deleted on ${input.at.toUTCString()}.`,
      '',
      `Wasn't you? Then someone else could sign in to your account. ${report}`,
      '',
      signature(ctx),
    ].join('\n'),
  }
}

export interface SecurityNotice {
  to: string
  event: SecurityEventType
  /** What changed, already safe to show (a masked address, a passkey's name). */
  detail: string | null
  at: Date
  ipAddress: string | null
  device: string | null
}

/** Tells the user about a change to what protects their account (ASVS 6.3.7, NIST §4.1.2.1). */
export function securityNoticeEmail(ctx: MessageContext, notice: SecurityNotice): EmailMessage {
  const label = SECURITY_EVENT_LABEL[notice.event]
  const where = [notice.device, notice.ipAddress].filter(Boolean).join(', ')
  return {
    channel: 'email',
    to: notice.to,
    subject: `${ctx.appName}: ${label.toLowerCase()}`,
    text: [
      `${label}${notice.detail ? `: ${notice.detail}` : ''}.`,
      '',
      `When: ${notice.at.toUTCString()}`,
      ...(where ? [`From: ${where}`] : []),
      '',
      'If this was you, there is nothing to do.',
      '',
      reportIt(ctx),
      '',
      signature(ctx),
    ].join('\n'),
  }
}
