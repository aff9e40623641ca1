import * as reference from '@clerk/shared/authorization-errors'
import { isReverificationCancelledError as referenceIsCancelled } from '@clerk/shared/error'
import { describe, expect, it, vi } from 'vitest'
import { TesseraError } from '../session/errors.ts'
import { reverificationError, reverificationErrorResponse } from '../session/reverification.ts'
import { isReverificationCancelledError } from './errors.ts'
import { parseSsoReverificationFragment, withReverification } from './reverification.ts'

const required = () =>
  new TesseraError('reverification_required', { meta: { level: 'multi_factor', afterMinutes: 10 } })

describe('withReverification', () => {
  it('returns the result at once when no verification is needed, asking nothing', async () => {
    const ask = vi.fn()
    const call = withReverification(async (a: number, b: number) => a + b, ask)
    expect(await call(2, 3)).toBe(5)
    expect(ask).not.toHaveBeenCalled()
  })

  it('asks at the level the server named, then retries exactly once with the same arguments', async () => {
    const fetcher = vi.fn(async (value: string) => value).mockRejectedValueOnce(required())
    const ask = vi.fn(async () => 'complete' as const)
    expect(await withReverification(fetcher, ask)('saved')).toBe('saved')
    expect(ask).toHaveBeenCalledWith({ level: 'multi_factor' })
    expect(fetcher.mock.calls).toEqual([['saved'], ['saved']])
  })

  it("returns the retry's answer as it is, even another reverification error, without asking again", async () => {
    const fetcher = vi.fn(async () => 'never').mockRejectedValue(required())
    const ask = vi.fn(async () => 'complete' as const)
    await expect(withReverification(fetcher, ask)()).rejects.toMatchObject({ code: 'reverification_required' })
    expect(ask).toHaveBeenCalledTimes(1)
    expect(fetcher).toHaveBeenCalledTimes(2)
  })

  it('rejects with reverification_cancelled when the person closes the dialog, and does not retry', async () => {
    const fetcher = vi.fn(async () => 'never').mockRejectedValueOnce(required())
    await expect(withReverification(fetcher, async () => 'cancel')()).rejects.toMatchObject({
      code: 'reverification_cancelled',
    })
    expect(fetcher).toHaveBeenCalledTimes(1)
  })

  it("is cancelled with an error both our and the reference's isReverificationCancelledError recognise", async () => {
    const fetcher = vi.fn(async () => 'never').mockRejectedValueOnce(required())
    const error = await withReverification(fetcher, async () => 'cancel')().catch((caught: unknown) => caught)
    expect(isReverificationCancelledError(error)).toBe(true)
    expect(referenceIsCancelled(error)).toBe(true)
    expect(isReverificationCancelledError(new TesseraError('reverification_cancelled'))).toBe(false)
  })

  it.each([
    ['our reverificationError()', () => reverificationError({ level: 'multi_factor', afterMinutes: 10 })],
    [
      "the reference's reverificationError()",
      () => reference.reverificationError({ level: 'multi_factor', afterMinutes: 10 }),
    ],
    ['a 403 Response from our reverificationErrorResponse()', () => reverificationErrorResponse('strict_mfa')],
    ["a 403 Response from the reference's", () => reference.reverificationErrorResponse('strict_mfa')],
  ])('reacts to a returned hint, %s, as to the thrown error', async (_, hint) => {
    let calls = 0
    const fetcher = async (value: string) => (++calls === 1 ? hint() : { saved: value })
    const ask = vi.fn(async () => 'complete' as const)
    expect(await withReverification(fetcher, ask)('x')).toEqual({ saved: 'x' })
    expect(ask).toHaveBeenCalledWith({ level: 'multi_factor' })
    expect(calls).toBe(2)
  })

  it("asks for a second factor when a hint names no requirement, and reads a Response's JSON as the reference does", async () => {
    let calls = 0
    const fetcher = async () => (++calls === 1 ? reference.reverificationError() : Response.json({ ok: true }))
    const ask = vi.fn(async () => 'complete' as const)
    expect(await withReverification(fetcher, ask)()).toEqual({ ok: true })
    expect(ask).toHaveBeenCalledWith({ level: 'second_factor' })
    expect(await withReverification(async () => Response.json([1, 2]), ask)()).toEqual([1, 2])
  })

  it('passes every other error through unchanged', async () => {
    const failure = new TesseraError('rate_limited')
    const ask = vi.fn()
    await expect(withReverification(async () => Promise.reject(failure), ask)()).rejects.toBe(failure)
    expect(ask).not.toHaveBeenCalled()
  })

  it('asks for a second factor when the error names no valid level (the reference default)', async () => {
    const ask = vi.fn(async () => 'cancel' as const)
    const garbled = new TesseraError('reverification_required', { meta: { level: 'everything' } })
    await withReverification(async () => Promise.reject(garbled), ask)().catch(() => null)
    expect(ask).toHaveBeenCalledWith({ level: 'second_factor' })
  })
})

describe('parseSsoReverificationFragment', () => {
  it.each([
    ['#sso_reverification=complete', { kind: 'complete' }],
    ['#sso_reverification=continue', { kind: 'continue' }],
    ['#sso_reverification_error=sso_nonce_mismatch', { kind: 'error', code: 'sso_nonce_mismatch' }],
    ['#sso_reverification_error=<script>', null],
    ['#sso_reverification=yes', null],
    ['', null],
  ])('reads %j as %j', (hash, expected) => {
    expect(parseSsoReverificationFragment(hash)).toEqual(expected)
  })
})
