import { describe, expect, it } from 'vitest'
import { checkCsrf } from './csrf.server.ts'

const APP = 'https://app.example.com'
const check = (method: string, headers: Record<string, string>) =>
  checkCsrf({ method, headers: new Headers(headers), allowedOrigin: APP }).allowed

// CSRF-1 and CSRF-6 (security.md §3.2).
describe('checkCsrf for state-changing requests', () => {
  it('allows a same-origin browser request', () => {
    expect(check('POST', { origin: APP, 'sec-fetch-site': 'same-origin' })).toBe(true)
  })

  it('allows an exact Origin from a client that sends no Fetch Metadata', () => {
    expect(check('POST', { origin: APP })).toBe(true)
  })

  it.each([
    ['cross-site Fetch Metadata', { origin: APP, 'sec-fetch-site': 'cross-site' }],
    ['same-site Fetch Metadata (a sibling subdomain)', { origin: APP, 'sec-fetch-site': 'same-site' }],
    ['a top-level navigation (none)', { origin: APP, 'sec-fetch-site': 'none' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin: null', { origin: 'null' }],
    ['no Origin at all', {}],
    ['Fetch Metadata without Origin', { 'sec-fetch-site': 'same-origin' }],
    ['a suffix-extended host', { origin: 'https://app.example.com.evil.com' }],
    ['a host hidden in a query', { origin: 'https://evil.com?.app.example.com' }],
    ['another port', { origin: 'https://app.example.com:8443' }],
    ['another scheme', { origin: 'http://app.example.com' }],
    ['userinfo', { origin: 'https://app.example.com@evil.com' }],
    ['a path after the origin', { origin: 'https://app.example.com/x' }],
    ['garbage', { origin: 'not a url' }],
  ])('refuses %s', (_, headers) => {
    expect(check('POST', headers)).toBe(false)
  })

  it('treats every non-safe method alike', () => {
    for (const method of ['PUT', 'PATCH', 'DELETE']) expect(check(method, {})).toBe(false)
  })
})

describe('checkCsrf for reads', () => {
  it.each([
    [{ 'sec-fetch-site': 'same-origin' }, true],
    [{ 'sec-fetch-site': 'none' }, true],
    [{}, true],
    [{ 'sec-fetch-site': 'cross-site' }, false],
    [{ 'sec-fetch-site': 'same-site' }, false],
  ])('GET with %j → %s', (headers, allowed) => {
    expect(check('GET', headers)).toBe(allowed)
  })
})
