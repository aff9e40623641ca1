/**
 * Sign-ins as load: each one a new browser (its own cookie jar and address), by password or by an
 * email code read from the testing outbox. Outcomes are recorded, never thrown, so a load run can
 * count them even while the server is being stopped or killed (status 0: no HTTP answer at all).
 */

import { type FaultServer, latestEmailCode, VirtualClient } from './fault-server.ts'

export interface SignInOutcome {
  kind: 'password' | 'email_code'
  /** The last HTTP status seen (200 for a completed sign-in); 0 when the connection failed. */
  status: number
  /** The step that answered it, for failures. */
  step: string
  ok: boolean
  sessionId: string | null
  start: number
  ms: number
  browser: VirtualClient
  error?: string
}

let nextAddress = 1_000

/** A fresh browser with an address of its own (per-IP limits count each separately). */
export function freshBrowser(server: FaultServer): VirtualClient {
  nextAddress += 1
  return new VirtualClient(server.baseUrl, nextAddress)
}

async function steps(
  kind: SignInOutcome['kind'],
  run: (browser: VirtualClient, mark: (step: string) => void) => Promise<{ status: number; sessionId: string | null }>,
  server: FaultServer,
): Promise<SignInOutcome> {
  const browser = freshBrowser(server)
  const start = performance.now()
  let step = 'start'
  try {
    const { status, sessionId } = await run(browser, (name) => {
      step = name
    })
    return {
      kind,
      status,
      step,
      ok: status === 200 && sessionId !== null,
      sessionId,
      start,
      ms: performance.now() - start,
      browser,
    }
  } catch (error) {
    return {
      kind,
      status: 0,
      step,
      ok: false,
      sessionId: null,
      start,
      ms: performance.now() - start,
      browser,
      error: String((error as Error).cause ?? error),
    }
  }
}

const sessionIn = (strings: string[]) => strings.find((value) => value.startsWith('sess_')) ?? null

/** One password sign-in by a new browser. */
export function passwordSignIn(server: FaultServer, email: string, password: string): Promise<SignInOutcome> {
  return steps(
    'password',
    async (browser, mark) => {
      mark('create')
      const answer = await browser.serverFn('$createSignIn', { identifier: email, password })
      return { status: answer.status, sessionId: answer.status === 200 ? sessionIn(answer.strings) : null }
    },
    server,
  )
}

/** One email-code sign-in by a new browser: identifier, send the code, read it, submit it. */
export function emailCodeSignIn(server: FaultServer, email: string): Promise<SignInOutcome> {
  return steps(
    'email_code',
    async (browser, mark) => {
      mark('create')
      const created = await browser.serverFn('$createSignIn', { identifier: email })
      if (created.status !== 200) return { status: created.status, sessionId: null }
      mark('prepare')
      const prepared = await browser.serverFn('$prepareSignInFirstFactor', { strategy: 'email_code' })
      if (prepared.status !== 200) return { status: prepared.status, sessionId: null }
      mark('outbox')
      // Delivery is asynchronous: wait for the message as a person waits for the email (up to 10 s).
      let code: string | null = null
      for (let tries = 0; !code && tries < 50; tries++) {
        code = await latestEmailCode(server, email)
        if (!code) await new Promise((resolve) => setTimeout(resolve, 200))
      }
      if (!code) return { status: -1, sessionId: null }
      mark('attempt')
      const attempt = await browser.serverFn('$attemptSignInFirstFactor', { strategy: 'email_code', code })
      return { status: attempt.status, sessionId: attempt.status === 200 ? sessionIn(attempt.strings) : null }
    },
    server,
  )
}

/** Creates `count` users `<prefix>-<i>@example.com` (a password unless null), `parallel` at a time. */
export async function createUsers(
  server: FaultServer,
  prefix: string,
  count: number,
  password: string | null,
  parallel = 4,
): Promise<string[]> {
  const emails = Array.from({ length: count }, (_, index) => `${prefix}-${index}@example.com`)
  for (let index = 0; index < emails.length; index += parallel) {
    await Promise.all(emails.slice(index, index + parallel).map((email) => server.createUser(email, password)))
  }
  return emails
}
