/**
 * The lockout under concurrency, on a real database (issue 20, finding 5). Guards: every attempt
 * takes its slot before its verdict, so of 20 wrong passwords at once exactly 10 are checked, the
 * rest refused; and a right password that arrives once the lock is placed is refused, even while
 * the wrong ones that placed it are still being checked.
 *
 * And the lock email's link (issue 22, finding 8): only its hash is stored, it is spent once
 * however many use it at once, ends the lock, and is refused once that lock is over.
 *
 * `verifyPassword` is wrapped to count the wrong passwords it checks and to hold them at a gate,
 * so the test can send the right one while every wrong one is in flight.
 */

import { eq } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { accountUnlockTokens, sessionEvents, users } from '../../db/schema.ts'
import { authFixtures, later, PASSWORD, rejection, T0 } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import { isTesseraError } from '../session/errors.ts'
import { unlockAccount } from './account-unlock.server.ts'
import { sha256Hex } from './crypto.server.ts'
import { createSignIn } from './sign-in.server.ts'

const gate = vi.hoisted(() => {
  const state = { held: false, arrived: 0, checkedWrong: 0, open: () => {}, opened: Promise.resolve() }
  return {
    state,
    close() {
      state.held = true
      state.arrived = 0
      state.checkedWrong = 0
      state.opened = new Promise<void>((resolve) => {
        state.open = resolve
      })
    },
    release() {
      state.held = false
      state.open()
    },
  }
})

vi.mock('./passwords.server.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('./passwords.server.ts')>()
  return {
    ...original,
    verifyPassword: async (storedHash: string | null, password: string) => {
      const valid = await original.verifyPassword(storedHash, password)
      if (!valid && gate.state.held) {
        gate.state.checkedWrong++
        gate.state.arrived++
        await gate.state.opened
      }
      return valid
    },
  }
})

const { db } = await openTestDatabase()
const { context, createAccount, messagesTo } = authFixtures(db)

/** A one-call password sign-in: 'signed in', or the error code it was refused with. */
const passwordSignIn = (email: string, password: string) =>
  createSignIn(context(T0), { identifier: email, password }, { signIn: null, client: null }).then(
    (created) => (created.signedIn ? 'signed in' : created.signIn.status),
    (error: unknown) => (isTesseraError(error) ? error.code : String(error)),
  )

const tally = (outcomes: string[]) =>
  outcomes.reduce<Record<string, number>>((counts, outcome) => {
    counts[outcome] = (counts[outcome] ?? 0) + 1
    return counts
  }, {})

describe('the lockout under parallel guesses (issue 20, finding 5)', () => {
  it('checks at most 10 of 19 parallel wrong passwords, and refuses the right one sent while they are in flight', async () => {
    const { email, id } = await createAccount()
    gate.close()
    const settled = { count: 0 }
    const wrong = Array.from({ length: 19 }, (_, i) =>
      passwordSignIn(email, `wrong guess number ${i}`).finally(() => {
        settled.count++
      }),
    )
    // Every wrong guess is either held in its password check or already answered.
    await vi.waitFor(() => expect(gate.state.arrived + settled.count).toBe(19), { timeout: 30_000, interval: 20 })
    const right = await passwordSignIn(email, PASSWORD)
    gate.release()
    const outcomes = await Promise.all(wrong)

    expect(right).toBe('user_locked')
    expect(gate.state.checkedWrong).toBe(10)
    expect(tally(outcomes)).toEqual({ invalid_credentials: 9, user_locked: 10 })
    const [user] = await db.select().from(users).where(eq(users.id, id))
    expect(user?.failedVerificationAttempts).toBe(10)
    expect(user?.lockedUntil).not.toBeNull()
  })

  it('lets a right password in when it took one of the slots before the lock', async () => {
    const { email } = await createAccount()
    gate.close()
    const wrong = Array.from({ length: 8 }, (_, i) => passwordSignIn(email, `wrong guess number ${i}`))
    await vi.waitFor(() => expect(gate.state.arrived).toBe(8), { timeout: 30_000, interval: 20 })
    // Eight wrong answers in flight: the right one takes the ninth slot, and signs in.
    expect(await passwordSignIn(email, PASSWORD)).toBe('signed in')
    gate.release()
    expect(tally(await Promise.all(wrong))).toEqual({ invalid_credentials: 8 })
  })
})

describe('the lock email and its unlock link (issue 22, finding 8)', () => {
  /** Locks `email`'s account with ten wrong passwords at `now`; returns the link's secret. */
  async function lock(email: string, now = T0) {
    for (let i = 0; i < 10; i++) {
      await createSignIn(
        context(now),
        { identifier: email, password: 'wrong wrong wrong' },
        { signIn: null, client: null },
      ).catch(() => null)
    }
    const text = messagesTo(email).at(-1)?.text ?? ''
    return /\/unlock#token=([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? ''
  }

  it('keeps only the hash of the link, spends it once however many use it at once, and ends the lock', async () => {
    const { email, id } = await createAccount()
    const token = await lock(email)
    expect(token).toHaveLength(43)
    const stored = await db.select().from(accountUnlockTokens).where(eq(accountUnlockTokens.userId, id))
    expect(stored.map((row) => row.tokenHash)).toEqual([sha256Hex(token)])
    expect(JSON.stringify(stored)).not.toContain(token)

    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        unlockAccount(context(later(60)), token).then(
          () => 'unlocked',
          (error: { code: string }) => error.code,
        ),
      ),
    )
    expect(tally(outcomes)).toEqual({ unlocked: 1, unlock_link_invalid: 19 })
    const [user] = await db.select().from(users).where(eq(users.id, id))
    expect(user).toMatchObject({ failedVerificationAttempts: 0, lockedUntil: null })
    expect(await passwordSignIn(email, PASSWORD)).toBe('signed in')
    const ledger = await db.select({ type: sessionEvents.type }).from(sessionEvents).where(eq(sessionEvents.userId, id))
    expect(ledger.map((row) => row.type)).toEqual(expect.arrayContaining(['account_locked', 'account_unlocked']))
  })

  it('is refused once the lock it was made for has ended, and for a made-up link', async () => {
    const { email } = await createAccount()
    const token = await lock(email)
    expect(await rejection(unlockAccount(context(later(3600)), token))).toBe('unlock_link_invalid')
    expect(await rejection(unlockAccount(context(later(60)), 'A'.repeat(43)))).toBe('unlock_link_invalid')
  })
})
