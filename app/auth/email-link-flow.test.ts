import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EMAIL_LINK_POLL_INTERVAL_SECONDS } from '../session/policy.ts'
import { emailLinkFlow } from './email-link-flow.ts'

const INTERVAL_MS = EMAIL_LINK_POLL_INTERVAL_SECONDS * 1000

describe('emailLinkFlow', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('sends the link, then re-reads until settled, and resolves with the settled resource', async () => {
    const states = ['unverified', 'unverified', 'verified']
    const prepare = vi.fn(async () => undefined)
    const reload = vi.fn(async () => ({ status: states.shift() ?? 'verified' }))
    const { startEmailLinkFlow } = emailLinkFlow(prepare, reload, (r) => r.status === 'verified')
    const done = startEmailLinkFlow({ redirectUrl: '/verify' })
    await vi.advanceTimersByTimeAsync(INTERVAL_MS * 3)
    await expect(done).resolves.toEqual({ status: 'verified' })
    expect(prepare).toHaveBeenCalledWith({ redirectUrl: '/verify' })
    expect(reload).toHaveBeenCalledTimes(3)
    await vi.advanceTimersByTimeAsync(INTERVAL_MS * 3)
    expect(reload).toHaveBeenCalledTimes(3)
  })

  it('stops polling when cancelled, and rejects when a re-read fails', async () => {
    const reload = vi.fn(async () => ({ status: 'unverified' }))
    const flow = emailLinkFlow(
      async () => undefined,
      reload,
      () => false,
    )
    void flow.startEmailLinkFlow({})
    await vi.advanceTimersByTimeAsync(INTERVAL_MS)
    flow.cancelEmailLinkFlow()
    await vi.advanceTimersByTimeAsync(INTERVAL_MS * 5)
    expect(reload).toHaveBeenCalledTimes(1)

    const failing = emailLinkFlow(
      async () => undefined,
      async () => Promise.reject(new Error('offline')),
      () => false,
    )
    const done = failing.startEmailLinkFlow({})
    const settled = expect(done).rejects.toThrow('offline')
    await vi.advanceTimersByTimeAsync(INTERVAL_MS)
    await settled
  })

  it('rejects at once, polling nothing, when the link cannot be sent', async () => {
    const reload = vi.fn(async () => ({}))
    const flow = emailLinkFlow(
      async () => Promise.reject(new Error('rate_limited')),
      reload,
      () => true,
    )
    await expect(flow.startEmailLinkFlow({})).rejects.toThrow('rate_limited')
    await vi.advanceTimersByTimeAsync(INTERVAL_MS * 2)
    expect(reload).not.toHaveBeenCalled()
  })
})
