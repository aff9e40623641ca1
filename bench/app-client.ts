/**
 * Talking to the app as its browser client does: server functions over raw HTTP (a seroval JSON
 * body, same-origin headers, as e2e/support/server-fn.ts sends them), the testing API, sign-in
 * and token minting.
 */

import { toJSONAsync } from 'seroval'

export const serverFnHeaders = (origin: string): Record<string, string> => ({
  origin,
  'sec-fetch-site': 'same-origin',
  'x-tsr-serverfn': 'true',
})

export async function encodePayload(data: unknown): Promise<string> {
  return JSON.stringify(await toJSONAsync(data === undefined ? {} : { data }))
}

export async function callServerFn(
  app: string,
  id: string,
  data: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${app}/_serverFn/${id}`, {
    method: 'POST',
    headers: { ...serverFnHeaders(app), 'content-type': 'application/json', ...headers },
    body: await encodePayload(data),
  })
}

export async function createTestUser(
  app: string,
  testingToken: string,
  user: { email: string; password: string; firstName?: string },
): Promise<{ userId: string }> {
  const response = await fetch(`${app}/api/testing/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${testingToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...user, lastName: 'Bench' }),
  })
  if (response.status !== 201) throw new Error(`could not create ${user.email}: ${response.status}`)
  const body = (await response.json()) as { userId?: string; id?: string }
  return { userId: body.userId ?? body.id ?? '' }
}

const cookieValue = (cookies: string[], name: string) =>
  cookies.find((cookie) => cookie.startsWith(`${name}=`))?.slice(name.length + 1) ?? ''

export interface SignedIn {
  clientToken: string
  sessionJwt: string
  sessionId: string
  /** Wall time of the sign-in request, in ms. */
  ms: number
}

/** The one-call password sign-in (`$createSignIn` with identifier and password), as a new browser. */
export async function signIn(app: string, email: string, password: string): Promise<SignedIn> {
  const body = await encodePayload({ identifier: email, password })
  const started = performance.now()
  const response = await fetch(`${app}/_serverFn/$createSignIn`, {
    method: 'POST',
    headers: { ...serverFnHeaders(app), 'content-type': 'application/json' },
    body,
  })
  await response.arrayBuffer()
  const ms = performance.now() - started
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0] ?? '')
  const clientToken = cookieValue(cookies, '__client')
  const sessionJwt = cookieValue(cookies, '__session')
  if (!response.ok || !clientToken || !sessionJwt) throw new Error(`sign-in of ${email} failed: ${response.status}`)
  const sessionId = JSON.parse(Buffer.from(sessionJwt.split('.')[1] ?? '', 'base64url').toString()).sid as string
  return { clientToken, sessionJwt, sessionId, ms }
}

/** A fresh session JWT for `sessionId`, from the client token (POST /api/sessions/:id/tokens). */
export async function mintJwt(app: string, sessionId: string, clientToken: string): Promise<string> {
  const response = await fetch(`${app}/api/sessions/${sessionId}/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${clientToken}` },
  })
  if (!response.ok) throw new Error(`minting a token for ${sessionId} failed: ${response.status}`)
  return ((await response.json()) as { jwt: string }).jwt
}

/** Fresh JWTs for many sessions (they live 60 s, so pools are minted right before each load). */
export async function mintJwts(
  app: string,
  credentials: readonly { sessionId: string; clientToken: string }[],
  parallel = 8,
): Promise<string[]> {
  const jwts: string[] = new Array(credentials.length)
  let next = 0
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < credentials.length) {
        const index = next++
        const credential = credentials[index]
        if (credential) jwts[index] = await mintJwt(app, credential.sessionId, credential.clientToken)
      }
    }),
  )
  return jwts
}

/** The status a GET answers (following no redirect): 404 means the route is not in this build. */
export async function statusOf(url: string, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(url, { headers, redirect: 'manual' })
  await response.arrayBuffer()
  return response.status
}
