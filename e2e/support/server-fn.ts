/**
 * Calls server functions over raw HTTP exactly as Start's browser client encodes them (a seroval
 * JSON body for POST, `?payload=` for GET), so tests can send what no browser of ours would.
 */

import type { APIRequestContext, APIResponse } from '@playwright/test'
import { toJSONAsync } from 'seroval'
import { BASE_URL } from './env.ts'

export interface CallOptions {
  method?: 'GET' | 'POST'
  /** Replaces the default same-origin browser headers. */
  headers?: Record<string, string>
  /** A raw body, sent as-is instead of the encoded `data`. */
  rawBody?: string
}

/** What a browser on `origin` (the default e2e server unless told) sends with a server-function call. */
export const sameOriginHeaders = (origin = BASE_URL) => ({
  origin,
  'sec-fetch-site': 'same-origin',
  'x-tsr-serverfn': 'true',
  'content-type': 'application/json',
})

export async function encodePayload(data: unknown): Promise<string> {
  return JSON.stringify(await toJSONAsync(data === undefined ? {} : { data }))
}

/**
 * A lone surrogate cannot be put in a URL (encodeURIComponent throws): a browser sends its UTF-8
 * replacement, U+FFFD, as the server would read the invalid bytes an attacker sends instead.
 */
const wellFormed = (text: string) =>
  text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')

export async function callServerFn(
  request: APIRequestContext,
  id: string,
  data?: unknown,
  options: CallOptions = {},
): Promise<APIResponse> {
  const headers = options.headers ?? sameOriginHeaders()
  const url = `/_serverFn/${id}`
  if (options.method === 'GET') {
    const payload = options.rawBody ?? (await encodePayload(data))
    return request.get(`${url}?payload=${encodeURIComponent(wellFormed(payload))}`, { headers })
  }
  return request.post(url, { headers, data: options.rawBody ?? (await encodePayload(data)) })
}

/**
 * Signs `user` in by password through the API and returns the answer and a `Cookie` header with
 * every cookie it set, for tests that then call as that browser without one.
 */
export async function signInOverApi(
  request: APIRequestContext,
  user: { email: string; password: string },
): Promise<{ response: APIResponse; cookie: string }> {
  const response = await callServerFn(request, '$createSignIn', { identifier: user.email, password: user.password })
  const cookie = (response.headers()['set-cookie'] ?? '')
    .split('\n')
    .map((line) => line.split(';')[0])
    .join('; ')
  return { response, cookie }
}

/** Every string in a response body: enough to find an error code in a serialized error. */
export async function bodyStrings(response: APIResponse): Promise<string[]> {
  const strings: string[] = []
  const walk = (value: unknown) => {
    if (typeof value === 'string') strings.push(value)
    else if (value && typeof value === 'object') for (const item of Object.values(value)) walk(item)
  }
  walk(JSON.parse(await response.text()))
  return strings
}
