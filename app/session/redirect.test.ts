import fc from 'fast-check'
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
    // Dot segments that URL normalisation removes, leaving `//host` (issue 20, finding 4).
    '/.//evil.com/x',
    '/..//evil.com',
    '/../..//evil.com',
    '/%2e//evil.com',
    '/%2E//evil.com',
    '/%2e%2e//evil.com',
    '/.%2e//evil.com',
    '/a/..//evil.com',
    '/a/b/../..//evil.com',
    '/a/%2e%2e//evil.com',
    '/./\\evil.com',
    '/.\\/evil.com',
    '/.//\\evil.com',
    '/.\t//evil.com',
    '/.\n//evil.com',
    '/%2e%2F/evil.com',
    '/.%2F%2Fevil.com',
    '/%09/evil.com',
    '/%0a/evil.com',
    '/\\\\evil.com',
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
    ['/.//evil.example/x', null],
    ['/%2e//evil.example/x', null],
    ['https://app.example/.//evil.example/x', null],
    ['https://app.example/a/..//evil.example/x', null],
    ['https://app.example/%2e//evil.example/x', null],
    ['javascript:alert(1)', null],
    [42, null],
  ])('reads %j as %j', (input, expected) => {
    expect(returnPath(input, origin)).toBe(expected)
  })
})

describe('every redirect', () => {
  // Issue 20, finding 4: a check on the value as given missed what it resolved to.
  it('lands on its own origin, as given and once decoded, whatever the pieces (generated)', () => {
    const origin = 'https://app.example'
    const piece = fc.constantFrom(
      '/',
      '.',
      '..',
      '%2e',
      '%2E',
      '%2f',
      '%5c',
      '\\',
      '//',
      'evil.example',
      'a',
      '?',
      '#',
      '@',
      ':',
      '\t',
      '%09',
      ';',
    )
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join('')),
        (input) => {
          for (const path of [returnPath(input, origin), safeRedirectPath(input)]) {
            if (path === null) continue
            expect(path.startsWith('/') && !path.startsWith('//')).toBe(true)
            expect(new URL(path, origin).origin).toBe(origin)
            expect(new URL(decodeURIComponent(path), origin).origin).toBe(origin)
          }
        },
      ),
      { numRuns: 5000 },
    )
  })
})
