/**
 * Spellings of a URL must not reach around a check (security.md §5, Clerk GHSA-vqx2-fgx2-5wq9):
 * server-function ids and page and API paths sent with encoded slashes and dollar signs, `..`,
 * double and trailing slashes, other letter cases, `;` parameters, `%00`, Unicode, overlong ids,
 * other HTTP methods and method-override parameters and headers. Sent byte for byte (no client
 * normalises them first) by a signed-in browser's cookie. The answer is a redirect or a 4xx —
 * coded, for server functions and APIs — never a 5xx; a wrong method or a cross-site request never
 * runs the function; a protected page never renders for someone who may not see it; and the
 * session survives it all.
 */

import { request as httpRequest } from 'node:http'
import { expect, test } from './fixtures.ts'
import { BASE_URL } from './support/env.ts'
import { bodyStrings, callServerFn, encodePayload, sameOriginHeaders, signInOverApi } from './support/server-fn.ts'

interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** One request with `path` exactly as given (Playwright's client would normalise it). */
function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  const target = new URL(BASE_URL)
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method,
        path,
        // Node sends a DELETE's or OPTIONS' body unframed unless told its length.
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        )
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}

/** The codes in a body (problem+json, or a serialized error), or none when it is neither. */
function codesIn(body: string): string[] {
  try {
    const strings: string[] = []
    const walk = (value: unknown) => {
      if (typeof value === 'string') strings.push(value)
      else if (value && typeof value === 'object') for (const item of Object.values(value)) walk(item)
    }
    walk(JSON.parse(body))
    return strings.filter((text) => /^[a-z]+(_[a-z]+)+$/.test(text) || text === 'not_found')
  } catch {
    return []
  }
}

/** Spellings of the path of server function `id` (written `$name`). */
function serverFnPaths(id: string): string[] {
  const name = id.slice(1)
  return [
    `/_serverFn/${id}`,
    `/_serverFn/%24${name}`,
    `/_serverFn//${id}`,
    `//_serverFn/${id}`,
    `/_serverFn/${id}/`,
    `/_serverFn/${id}//`,
    `/_serverFn/./${id}`,
    `/_serverFn/x/../${id}`,
    `/_serverFn/x%2F..%2F${id}`,
    `/_serverFn%2F${id}`,
    `/_serverFn/${id}%2F`,
    `/_SERVERFN/${id}`,
    `/_serverfn/${id}`,
    `/_serverFn/$${name.toUpperCase()}`,
    `/_serverFn/${id};x=1`,
    `/_serverFn/${id}%00`,
    `/_serverFn/${id}%00.js`,
    `/_serverFn/${id}%E2%80%8B`,
    `/_serverFn/$s%C4%B1gnOut`,
    `/_serverFn/${id}${'A'.repeat(8_000)}`,
    `/_serverFn/${'$'.repeat(3)}${name}`,
    `/_serverFn/%2e%2e/${id}`,
    `/./_serverFn/${id}`,
    `/_serverFn/${id}?_method=POST`,
    `/_serverFn/${id}?_method=POST&payload=x`,
  ]
}

const METHOD_OVERRIDES: Array<Record<string, string>> = [
  { 'x-http-method-override': 'POST' },
  { 'x-http-method': 'POST' },
  { 'x-method-override': 'POST' },
]

test.describe('path and method variants', () => {
  test.describe.configure({ timeout: 120_000 })

  test('of a mutating server function never run it by GET, by another method or from another site', async ({
    request,
    createUser,
  }) => {
    const user = await createUser()
    const { response: signedIn, cookie } = await signInOverApi(request, user)
    expect(signedIn.status()).toBe(200)
    const payload = await encodePayload(null)
    const answers: string[] = []
    const check = (what: string, response: RawResponse) => {
      answers.push(`${response.status} ${what.slice(0, 120)}`)
      expect.soft(response.status, what).toBeLessThan(500)
      // Nothing here is a request the function may run for.
      expect.soft(response.status, what).toBeGreaterThanOrEqual(300)
      // (A 404 for a path that names no server function is the app's HTML not-found page.)
      if (response.status >= 400 && response.status !== 404 && !what.startsWith('HEAD')) {
        expect
          .soft(codesIn(response.body).length, `${what} answered ${response.status} without a code`)
          .toBeGreaterThan(0)
      }
    }

    for (const path of serverFnPaths('$signOut')) {
      const withPayload = `${path}${path.includes('?') ? '&' : '?'}payload=${encodeURIComponent(payload)}`
      // A GET, as an <img> or a top-level navigation would send it, with the cookie.
      const get = { cookie, 'x-tsr-serverfn': 'true', 'sec-fetch-site': 'cross-site' }
      check(`GET ${path}`, await raw('GET', withPayload, get))
      check(`GET same-origin ${path}`, await raw('GET', withPayload, { ...get, 'sec-fetch-site': 'same-origin' }))
      for (const override of METHOD_OVERRIDES) {
        check(`GET ${path} ${JSON.stringify(override)}`, await raw('GET', withPayload, { ...get, ...override }))
      }
      // A cross-site POST, in each of the shapes a page can send without a preflight.
      const crossSite = {
        cookie,
        origin: 'http://127.0.0.1:9',
        'sec-fetch-site': 'cross-site',
        'x-tsr-serverfn': 'true',
      }
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json']) {
        check(`POST ${type} ${path}`, await raw('POST', path, { ...crossSite, 'content-type': type }, payload))
      }
      check(
        `POST without Origin ${path}`,
        await raw('POST', path, { cookie, 'content-type': 'application/json' }, payload),
      )
    }
    // Other methods, same-origin, on the right path: 405 method_not_allowed (HEAD has no body).
    for (const method of ['PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'PROPFIND']) {
      const headers = { cookie, ...sameOriginHeaders() }
      const response = await raw(method, '/_serverFn/$signOut', headers, method === 'HEAD' ? undefined : payload)
      check(`${method} /_serverFn/$signOut`, response)
      expect.soft(response.status, method).toBe(405)
      expect.soft(response.headers.allow, method).toBe('POST')
    }

    // Still signed in: none of it ran.
    const whoAmI = await callServerFn(request, '$whoAmI', undefined, { method: 'GET' })
    expect(whoAmI.status()).toBe(200)
    expect(await bodyStrings(whoAmI)).toContain(user.id)
    test
      .info()
      .annotations.push({ type: 'answers', description: [...new Set(answers.map((a) => a.split(' ')[0]))].join(', ') })
  })

  test('of protected pages and APIs never serve them to whoever may not see them', async ({ request, createUser }) => {
    const user = await createUser()
    const { response: signedIn, cookie } = await signInOverApi(request, user)
    expect(signedIn.status()).toBe(200)
    const variants = (path: string) => [
      path,
      `${path}/`,
      `/${path}`,
      path.toUpperCase(),
      `/%${path.charCodeAt(1).toString(16)}${path.slice(2)}`,
      `${path}%00`,
      `${path};x=1`,
      `/.${path}`,
      `/x/..${path}`,
      `${path}%2F`,
      `${path}/..%2F`,
      `${path}${'/a'.repeat(2_000)}`,
    ]
    // Signed out: pages send to sign-in (or are not found), APIs refuse with a code.
    for (const path of [...variants('/dashboard'), ...variants('/admin'), ...variants('/account/security')]) {
      const response = await raw('GET', path, {})
      expect(response.status, `GET ${path}`).toBeLessThan(500)
      expect(response.status, `GET ${path}`).toBeGreaterThanOrEqual(300)
      if (response.status < 400)
        expect(String(response.headers.location), path).toMatch(/sign-in|\/dashboard|\/admin|\/account/)
    }
    // Signed in, but not an admin: the console is not there, however it is spelt.
    for (const path of variants('/admin')) {
      const response = await raw('GET', path, { cookie })
      expect(response.status, `GET ${path}`).toBeLessThan(500)
      if (response.status === 200) expect(response.body, path).not.toContain('Admin console')
    }
    // APIs without their credentials (a bearer token, or the testing token): a coded 401, or a
    // coded 405 for a method the route does not handle (server-routes.spec.ts). A spelling that is
    // no route at all gets the page renderer: HTML, no handler run.
    for (const path of [...variants('/api/me'), ...variants('/api/testing/users')]) {
      for (const method of ['GET', 'POST', 'DELETE']) {
        const response = await raw(method, path, { 'content-type': 'application/json' }, '{}')
        const what = `${method} ${path}`
        expect(response.status, what).toBeLessThan(500)
        if (response.status < 300) expect(String(response.headers['content-type']), what).toMatch(/^text\/html/)
        if (String(response.headers['content-type']).startsWith('application/')) {
          expect(codesIn(response.body).length, `${what} answered ${response.status} without a code`).toBeGreaterThan(0)
        }
      }
    }
    const whoAmI = await callServerFn(request, '$whoAmI', undefined, { method: 'GET' })
    expect(await bodyStrings(whoAmI)).toContain(user.id)
  })
})
