import { describe, expect, it } from 'vitest'
import { completeTask, owedTasks, parseTaskKey, SESSION_TASK_KEYS, type TaskFacts, type TaskSettings } from './tasks.ts'

const everything: TaskSettings = {
  forcePasswordReset: true,
  requireMfa: true,
  termsVersion: '2026-11',
  requireOrganization: true,
}
const nothingDone: TaskFacts = {
  passwordCompromised: true,
  hasSecondFactor: false,
  acceptedTermsVersion: null,
  activeOrganizationId: null,
}
const allDone: TaskFacts = {
  passwordCompromised: false,
  hasSecondFactor: true,
  acceptedTermsVersion: '2026-11',
  activeOrganizationId: 'org_1',
}

describe('owedTasks', () => {
  it('asks for every task in the registry order when everything is owed', () => {
    expect(owedTasks(everything, nothingDone)).toEqual([...SESSION_TASK_KEYS])
    expect(SESSION_TASK_KEYS).toEqual(['reset-password', 'setup-mfa', 'accept-terms', 'choose-organization'])
  })

  it('asks for nothing when everything is done', () => {
    expect(owedTasks(everything, allDone)).toEqual([])
  })

  it('asks for nothing a setting does not switch on', () => {
    const off: TaskSettings = {
      forcePasswordReset: false,
      requireMfa: false,
      termsVersion: null,
      requireOrganization: false,
    }
    expect(owedTasks(off, nothingDone)).toEqual([])
  })

  it.each([
    ['reset-password', { passwordCompromised: true }],
    ['setup-mfa', { hasSecondFactor: false }],
    ['accept-terms', { acceptedTermsVersion: null }],
    ['accept-terms', { acceptedTermsVersion: '2025-01' }],
    ['choose-organization', { activeOrganizationId: null }],
  ] as const)('owes %s when %j', (key, fact) => {
    expect(owedTasks(everything, { ...allDone, ...fact })).toEqual([key])
  })
})

describe('completeTask', () => {
  const outstanding = ['setup-mfa', 'choose-organization'] as const

  it('completes the current task and leaves the rest in order', () => {
    expect(completeTask(outstanding, 'setup-mfa')).toEqual({ remaining: ['choose-organization'] })
    expect(completeTask(['choose-organization'], 'choose-organization')).toEqual({ remaining: [] })
  })

  it('refuses a task completed out of order', () => {
    expect(completeTask(outstanding, 'choose-organization')).toEqual({ error: 'task_out_of_order' })
  })

  it('refuses a task the session does not owe', () => {
    expect(completeTask(outstanding, 'reset-password')).toEqual({ error: 'task_not_owed' })
    expect(completeTask([], 'setup-mfa')).toEqual({ error: 'task_not_owed' })
  })
})

describe('parseTaskKey', () => {
  it('accepts only registered keys', () => {
    expect(parseTaskKey('setup-mfa')).toBe('setup-mfa')
    for (const value of ['select-organization', 'org', 'SETUP-MFA', '', null, 3, ['setup-mfa']])
      expect(parseTaskKey(value)).toBeNull()
  })
})
