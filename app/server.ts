/**
 * The server entry: Start's own, behind one guard. A server-function URL whose id is empty
 * (`/_serverFn/`, `/_serverFn//$signOut`) makes Start throw before any middleware runs, which
 * answered 500; it gets the coded 404 that every other unknown function id gets
 * (`e2e/path-variants.spec.ts`).
 *
 * A client that hangs up while its request body is still arriving makes the body read fail with
 * ECONNRESET; Start logged each one as an unhandled error, stack trace and all. It is the client's
 * doing, not a fault: it is logged as such (info) and answered (to nobody) with a bare 400.
 */

import {
  createServerEntry,
  createStartHandler,
  defaultStreamHandler,
  handleStartError,
} from '@tanstack/react-start/server'
import { errorResponse } from './server/http.server.ts'
import { log } from './server/log.server.ts'
import { SERVER_FN_BASE } from './server/server-fn-transport.server.ts'
import { TesseraError } from './session/errors.ts'

/** What `@tanstack/react-start/server-entry` serves, without its catch-all (ours is below). */
const startHandler = createStartHandler(defaultStreamHandler)

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
      return await startHandler(request, opts)
    } catch (error) {
      if (!isClientAbort(error)) return handleStartError(error)
      log.info('request.aborted', { method: request.method, path: pathname })
      return new Response(null, { status: 400 })
    }
  },
})

function isClientAbort(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ECONNRESET' && error.message === 'aborted'
}
