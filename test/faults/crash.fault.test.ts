/**
 * REL-10 (security.md §6.3): `kill -9` in the middle of a burst of sign-ins (password and email
 * code), then a restart on the same database. Whatever had committed is whole and nothing half-done
 * is left behind: the SQL invariants (test/support/invariants.ts) hold — no signed-in session
 * without its factors or its ledger entry, no code spent without its step, no sign-in pointing at
 * a missing or foreign session, no orphans. Every sign-in a client saw succeed is an `active`
 * session after the restart, and sign-ins work again.
 *
 * Knobs: CRASH_LOOPS (password loops, default 6; half as many email-code loops), CRASH_AFTER_MS
 * (when the kill comes, default 3000, and not before three sign-ins have succeeded).
 */

import { afterAll, beforeAll, expect, it } from 'vitest'
import { type FaultServer, startFaultServer, tally, waitFor } from '../support/fault-server.ts'
import { checkInvariants, rowCounts } from '../support/invariants.ts'
import { createUsers, emailCodeSignIn, passwordSignIn, type SignInOutcome } from '../support/sign-in-load.ts'

const LOOPS = Number(process.env.CRASH_LOOPS ?? 6)
const CODE_LOOPS = Math.max(1, Math.floor(LOOPS / 2))
const KILL_AFTER_MS = Number(process.env.CRASH_AFTER_MS ?? 3_000)
const PASSWORD = 'crash test dummy horse battery'

let server: FaultServer
let passwordUsers: string[] = []
let codeUsers: string[] = []

beforeAll(async () => {
  server = await startFaultServer('crash')
  passwordUsers = await createUsers(server, 'crash-pw', LOOPS * 4, PASSWORD)
  codeUsers = await createUsers(server, 'crash-code', CODE_LOOPS * 8, null)
})

afterAll(async () => {
  await server?.stop()
})

it('leaves the invariants true when killed mid sign-in, and signs in again after a restart', async () => {
  const outcomes: SignInOutcome[] = []
  let killed = false
  const loop = async (users: string[], signIn: (email: string) => Promise<SignInOutcome>) => {
    for (let round = 0; !killed; round++) {
      const outcome = await signIn(users[round % users.length] ?? '')
      outcomes.push(outcome)
      if (outcome.status === 0) return // the server is gone
    }
  }
  const loops = [
    ...Array.from({ length: LOOPS }, (_, index) =>
      loop(
        passwordUsers.filter((_, user) => user % LOOPS === index),
        (email) => passwordSignIn(server, email, PASSWORD),
      ),
    ),
    ...Array.from({ length: CODE_LOOPS }, (_, index) =>
      loop(
        codeUsers.filter((_, user) => user % CODE_LOOPS === index),
        (email) => emailCodeSignIn(server, email),
      ),
    ),
  ]
  // Mid-burst: once a few sign-ins have gone through (however slow the box), and CRASH_AFTER_MS in.
  await new Promise((resolve) => setTimeout(resolve, KILL_AFTER_MS))
  await waitFor('sign-ins before the kill', async () => outcomes.filter((outcome) => outcome.ok).length >= 3, 60_000)
  const { signal } = await server.kill('SIGKILL')
  killed = true
  await Promise.all(loops)

  // Straight after the crash, before anything else touches the database.
  const brokenAfterCrash = await checkInvariants(server.sql)
  const rowsAfterCrash = await rowCounts(server.sql)
  const restartStarted = performance.now()
  await server.restart()
  const restartMs = performance.now() - restartStarted
  const brokenAfterRestart = await checkInvariants(server.sql)

  const succeeded = outcomes.filter((outcome) => outcome.ok)
  const ids = succeeded.map((outcome) => outcome.sessionId ?? '')
  const active = ids.length
    ? await server.sql`select id from sessions where id in ${server.sql(ids)} and status = 'active'`
    : []
  const after = [
    await passwordSignIn(server, passwordUsers[0] ?? '', PASSWORD),
    await emailCodeSignIn(server, codeUsers[0] ?? ''),
  ]
  console.info(
    `[REL-10] ${LOOPS} password + ${CODE_LOOPS} email-code loops, SIGKILL at ${KILL_AFTER_MS} ms:`,
    JSON.stringify({
      signIns: outcomes.length,
      byKind: tally(
        outcomes.map((outcome) => `${outcome.kind}:${outcome.ok ? 'ok' : `${outcome.status}@${outcome.step}`}`),
      ),
      rowsAfterCrash,
      restartMs: Math.round(restartMs),
      invariantsBroken: Object.keys(brokenAfterCrash).length + Object.keys(brokenAfterRestart).length,
    }),
  )

  expect(signal).toBe('SIGKILL')
  // The kill landed mid-burst: sign-ins had succeeded and others were cut off.
  expect(succeeded.length).toBeGreaterThan(0)
  expect(outcomes.some((outcome) => outcome.status === 0)).toBe(true)
  // Only successes or cut connections: no sign-in failed for any other reason.
  for (const outcome of outcomes)
    expect([0, 200], `${outcome.kind} ${outcome.step} ${outcome.status}`).toContain(outcome.status)
  expect(brokenAfterCrash).toEqual({})
  expect(brokenAfterRestart).toEqual({})
  expect(active).toHaveLength(succeeded.length)
  expect(after.map((outcome) => outcome.ok)).toEqual([true, true])
})
