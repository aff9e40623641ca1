/**
 * The server entry: Start's own, behind one guard. A server-function URL whose id is empty
 * (`/_serverFn/`, `/_serverFn//$signOut`) makes Start throw before any middleware runs, which
 * answered 500; it gets the coded 404 that every other unknown function id gets
 * (`e2e/path-variants.spec.ts`).
 */

import handler, { createServerEntry } from '@tanstack/react-start/server-entry'
import { errorResponse } from './server/http.server.ts'
import { SERVER_FN_BASE } from './server/server-fn-transport.server.ts'
import { TesseraError } from './session/errors.ts'

export default createServerEntry({
  fetch(request, opts) {
    const { pathname } = new URL(request.url)
    if (pathname.startsWith(SERVER_FN_BASE) && !pathname.slice(SERVER_FN_BASE.length).split('/')[0]) {
      return errorResponse(new TesseraError('not_found', { message: 'No server function has this id.' }), {
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      })
    }
    return handler.fetch(request, opts)
  },
})
