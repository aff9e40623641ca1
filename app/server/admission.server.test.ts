import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TesseraError } from '../session/errors.ts'
import { Admission } from './admission.server.ts'

/** A unit of work that finishes when the test says so. */
function gate() {
  let open!: () => void
  const done = new Promise<void>((resolve) => {
    open = resolve
  })
  return { open, work: () => done }
}

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof TesseraError ? error.code : 'other'),
  )

describe('admission control', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('admits up to the limit at once, queues the next ones in order, and refuses past the queue', async () => {
    const admission = new Admission({ maxInFlight: 2, queueLength: 2, queueWaitMs: 1000 })
    const gates = Array.from({ length: 5 }, gate)
    const order: number[] = []
    const runs = gates.map((g, index) =>
      code(
        admission.run(async () => {
          order.push(index)
          await g.work()
        }),
      ),
    )
    await vi.advanceTimersByTimeAsync(0)
    expect(order).toEqual([0, 1])
    expect([admission.inFlight, admission.queued]).toEqual([2, 2])
    expect(await runs[4]).toBe('server_busy')

    const [first, second] = gates
    second?.open()
    await vi.advanceTimersByTimeAsync(0)
    expect(order).toEqual([0, 1, 2])
    first?.open()
    await vi.advanceTimersByTimeAsync(0)
    expect(order).toEqual([0, 1, 2, 3])
    for (const g of gates) g.open()
    expect(await Promise.all(runs.slice(0, 4))).toEqual(['ok', 'ok', 'ok', 'ok'])
    expect([admission.inFlight, admission.queued]).toEqual([0, 0])
  })

  it('refuses a queued request whose wait runs out, with the retry delay, and never runs it', async () => {
    const admission = new Admission({ maxInFlight: 1, queueLength: 5, queueWaitMs: 1000 })
    const first = gate()
    const running = admission.run(first.work)
    const ran = vi.fn(async () => undefined)
    const waiting = admission.run(ran).catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(999)
    expect(admission.queued).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    const error = await waiting
    expect(error).toBeInstanceOf(TesseraError)
    expect((error as TesseraError).code).toBe('server_busy')
    expect((error as TesseraError).meta?.retryAfterSeconds).toBeGreaterThan(0)
    expect(admission.queued).toBe(0)
    first.open()
    await running
    expect(ran).not.toHaveBeenCalled()
    expect(admission.inFlight).toBe(0)
  })

  it('frees the place of work that fails, and hands a freed place to the longest waiter', async () => {
    const admission = new Admission({ maxInFlight: 1, queueLength: 2, queueWaitMs: 1000 })
    await expect(
      admission.run(async () => {
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(admission.inFlight).toBe(0)

    const first = gate()
    const order: string[] = []
    const a = admission.run(async () => {
      order.push('a')
      await first.work()
    })
    const b = admission.run(async () => void order.push('b'))
    await vi.advanceTimersByTimeAsync(0)
    first.open()
    await a
    // The place went straight to `b`: one arriving now waits behind it, it cannot take it.
    expect([admission.inFlight, admission.queued]).toEqual([1, 0])
    const c = admission.run(async () => void order.push('c'))
    await Promise.all([b, c])
    expect(order).toEqual(['a', 'b', 'c'])
    expect(admission.inFlight).toBe(0)
  })

  it('drops a queued request whose client has gone, never runs it, and keeps the place for the next', async () => {
    const admission = new Admission({ maxInFlight: 1, queueLength: 5, queueWaitMs: 1000 })
    const first = gate()
    const running = admission.run(first.work)
    const gone = new AbortController()
    const abandoned = vi.fn(async () => undefined)
    const dropped = code(admission.run(abandoned, gone.signal))
    const next = vi.fn(async () => undefined)
    const waiting = admission.run(next)
    await vi.advanceTimersByTimeAsync(0)
    expect(admission.queued).toBe(2)
    gone.abort()
    expect(await dropped).toBe('request_aborted')
    expect(admission.queued).toBe(1)
    first.open()
    await Promise.all([running, waiting])
    expect(abandoned).not.toHaveBeenCalled()
    expect(next).toHaveBeenCalledOnce()
    expect([admission.inFlight, admission.queued]).toEqual([0, 0])
    // A client already gone is not queued at all.
    expect(await code(admission.run(abandoned, AbortSignal.abort()))).toBe('request_aborted')
    expect(abandoned).not.toHaveBeenCalled()
  })
})
