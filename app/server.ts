/**
 * The server entry: Start's own, behind one guard. A server-function URL whose id is empty
 * (`/_serverFn/`, `/_serverFn//$signOut`) makes Start throw before any middleware runs, which
 * answered 500; it gets the coded 404 that every other unknown function id gets
 * (`e2e/path-variants.spec.ts`).
 *
 * A client that hangs up mid-request (its body broken off: ECONNRESET; or gone while the handler
 * ran: Start throws the request signal's AbortError) was logged by Start as an unhandled error,
 * stack trace and all. It is the client's doing, not a fault: logged as `request.aborted` and
 * answered, to nobody, with a coded 400.
 *
 * Any other error a server route lets escape was logged by Start as it came (`console.error`), a
 * database error's statement parameters with it (issue 20, finding 2): it is mapped like a server
 * function's (errors.server.ts logs it by code) and answered as a coded problem. Errors that carry
 * an HTTP status of their own are Start's to answer, as before.
 *
 * Every request but liveness passes admission control first (admission.server.ts, ADR 028): past
 * the process's limit it waits briefly in a queue, then is refused with 503 `server_busy`.
 */

import {
  createServerEntry,
  createStartHandler,
  defaultStreamHandler,
  handleStartError,
} from '@tanstack/react-start/server'
import { Admission, DEFAULT_ADMISSION_LIMITS } from './server/admission.server.ts'
import { getEnv } from './server/env.server.ts'
import { isClientAbort, toTesseraError } from './server/errors.server.ts'
import { errorResponse } from './server/http.server.ts'
import { log } from './server/log.server.ts'
import { SERVER_FN_BASE } from './server/server-fn-transport.server.ts'
import { TesseraError } from './session/errors.ts'

/** What `@tanstack/react-start/server-entry` serves, without its catch-all (ours is below). */
const startHandler = createStartHandler(defaultStreamHandler)

const LIVENESS_PATH = '/health/live'
let admission: Admission | undefined

const REFUSALS_LOG_INTERVAL_MS = 10_000
let refusals = { count: 0, loggedAt: 0 }

/** Under a flood, one log line per 10 s with the count, not one per refused request. */
function noteRefusal() {
  refusals.count++
  const now = Date.now()
  if (now - refusals.loggedAt < REFUSALS_LOG_INTERVAL_MS) return
  log.warn('admission.refused', { refused: refusals.count, inFlight: admission?.inFlight, queued: admission?.queued })
  refusals = { count: 0, loggedAt: now }
}

function admissionControl(): Admission {
  if (admission) return admission
  const env = getEnv()
  admission = new Admission({
    ...DEFAULT_ADMISSION_LIMITS,
    maxInFlight: env.TESSERA_MAX_IN_FLIGHT ?? DEFAULT_ADMISSION_LIMITS.maxInFlight,
    queueLength: env.TESSERA_ADMISSION_QUEUE ?? DEFAULT_ADMISSION_LIMITS.queueLength,
  })
  return admission
}

export default createServerEntry({
  async fetch(request, opts) {
    const { pathname } = new URL(request.url)
    if (pathname.startsWith(SERVER_FN_BASE) && !pathname.slice(SERVER_FN_BASE.length).split('/')[0]) {
      return errorResponse(new TesseraError('not_found', { message: 'No server function has this id.' }), {
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      })
    }
    try {
      if (pathname === LIVENESS_PATH) return await startHandler(request, opts)
      return await admissionControl().run(async () => startHandler(request, opts), request.signal)
    } catch (error) {
      if (error instanceof TesseraError && error.code === 'server_busy') {
        noteRefusal()
        return errorResponse(error)
      }
      if (!request.signal.aborted && !isClientAbort(error)) {
        return handleStartError(startAnswers(error) ? error : errorResponse(toTesseraError(error)))
      }
      log.info('request.aborted', { method: request.method, path: pathname })
      return errorResponse(new TesseraError('request_aborted'))
    }
  },
})

/** What Start answers without logging it: a `Response`, or an error naming its HTTP status (not ours). */
function startAnswers(error: unknown): boolean {
  if (error instanceof Response) return true
  return !(error instanceof TesseraError) && typeof (error as { status?: unknown } | null)?.status === 'number'
}
