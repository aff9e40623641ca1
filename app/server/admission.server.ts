/**
 * Admission control (ADR 028, issue 23 item 4). A process works on at most `maxInFlight` requests
 * at once; up to `queueLength` more wait, first come first served, each for at most `queueWaitMs`;
 * anything beyond is refused at once. Without it, 200 concurrent requests on two cores all start,
 * all share the CPU and the database pool, and each one's answer waits behind all the others (12 s
 * seen): refusing early with 503 and `Retry-After` keeps the latency of what is admitted bounded,
 * and tells a client (or a load balancer) when to come back.
 *
 * A place is held from the moment a request is admitted until its handler has answered (the
 * response's headers); streaming the rest of an SSR page is not counted. Liveness (`/health/live`)
 * is never queued: a busy process is not a dead one. A queued request whose client hangs up leaves
 * the queue at once and never runs: no one would read its answer.
 */

import { TesseraError } from '../session/errors.ts'
import {
  ADMISSION_MAX_IN_FLIGHT,
  ADMISSION_QUEUE_LENGTH,
  ADMISSION_QUEUE_WAIT_SECONDS,
  ADMISSION_RETRY_AFTER_SECONDS,
} from '../session/policy.ts'

export interface AdmissionLimits {
  maxInFlight: number
  queueLength: number
  queueWaitMs: number
}

export const DEFAULT_ADMISSION_LIMITS: AdmissionLimits = {
  maxInFlight: ADMISSION_MAX_IN_FLIGHT,
  queueLength: ADMISSION_QUEUE_LENGTH,
  queueWaitMs: ADMISSION_QUEUE_WAIT_SECONDS * 1000,
}

interface Waiter {
  admit: () => void
  timer: ReturnType<typeof setTimeout>
  onAbort: () => void
}

export class Admission {
  #inFlight = 0
  readonly #queue = new Set<Waiter>()

  constructor(readonly limits: AdmissionLimits) {}

  get inFlight(): number {
    return this.#inFlight
  }

  get queued(): number {
    return this.#queue.size
  }

  /**
   * Runs `work` once admitted. Refused (queue full, or no place within `queueWaitMs`): throws
   * `server_busy`, and `work` never runs; `signal` aborted before admission: `request_aborted`.
   */
  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.#enter(signal)
    try {
      return await work()
    } finally {
      this.#leave()
    }
  }

  #enter(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(new TesseraError('request_aborted'))
    if (this.#inFlight < this.limits.maxInFlight && this.#queue.size === 0) {
      this.#inFlight++
      return Promise.resolve()
    }
    if (this.#queue.size >= this.limits.queueLength) return Promise.reject(busy())
    return new Promise((resolve, reject) => {
      const leaveQueue = (error: TesseraError) => {
        this.#queue.delete(waiter)
        clearTimeout(waiter.timer)
        signal?.removeEventListener('abort', waiter.onAbort)
        reject(error)
      }
      const waiter: Waiter = {
        // The place is handed over by #leave, which does not decrement: no one can take it between.
        admit: () => {
          clearTimeout(waiter.timer)
          signal?.removeEventListener('abort', waiter.onAbort)
          resolve()
        },
        timer: setTimeout(() => leaveQueue(busy()), this.limits.queueWaitMs),
        onAbort: () => leaveQueue(new TesseraError('request_aborted')),
      }
      signal?.addEventListener('abort', waiter.onAbort, { once: true })
      this.#queue.add(waiter)
    })
  }

  #leave() {
    // A Set iterates in insertion order: the longest waiter first.
    const next = this.#queue.values().next()
    if (next.done) {
      this.#inFlight--
      return
    }
    this.#queue.delete(next.value)
    next.value.admit()
  }
}

function busy(): TesseraError {
  return new TesseraError('server_busy', { meta: { retryAfterSeconds: ADMISSION_RETRY_AFTER_SECONDS } })
}
