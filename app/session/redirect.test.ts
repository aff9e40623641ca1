import { describe, expect, it } from 'vitest'
import { returnPath, safeRedirectPath } from './redirect.ts'

// VULN-06: open redirects through the post-sign-in redirect URL (better-auth PR #5624, #10979).
describe('safeRedirectPath', () => {
  it.each([
    ['/dashboard', '/dashboard'],
    ['/account/security?tab=devices#revoke', '/account/security?tab=devices#revoke'],
    ['/a/../dashboard', '/dashboard'],
    ['/search?q=%2F%2Fnot-a-host', '/search?q=%2F%2Fnot-a-host'],
  ])('keeps the same-origin path %j', (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected)
  })

  it.each([
    '//evil.com',
    '/\\evil.com',
    '\\\\evil.com',
    '\\/evil.com',
    'https:evil.com',
    'https://evil.com',
    'https://app.example.com@evil.com',
    'https://evil.com?.app.example.com',
    '/%2F%2Fevil.com',
    '/%5Cevil.com',
    '%2F%2Fevil.com',
    'java\tscript:alert(1)',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    ' /dashboard',
    '\t//evil.com',
    '/\t/evil.com',
    '/\n/evil.com',
    'dashboard',
    '/%E0%A4%A',
    '',
  ])('refuses %j', (input) => {
    expect(safeRedirectPath(input)).toBeNull()
  })

  it('refuses values that are not strings, and over-long ones', () => {
    expect(safeRedirectPath(undefined)).toBeNull()
    expect(safeRedirectPath(['/dashboard'])).toBeNull()
    expect(safeRedirectPath(`/${'a'.repeat(3000)}`)).toBeNull()
  })
})

describe('returnPath', () => {
  const origin = 'https://app.example'
  it.each([
    ['/account/security?tab=devices', '/account/security?tab=devices'],
    ['https://app.example/sessions#top', '/sessions#top'],
    ['https://evil.example/sessions', null],
    ['https://app.example.evil.example/', null],
    ['//evil.example/', null],
    ['javascript:alert(1)', null],
    [42, null],
  ])('reads %j as %j', (input, expected) => {
    expect(returnPath(input, origin)).toBe(expected)
  })
})
