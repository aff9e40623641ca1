/**
 * The testing API's gate. It exists only when TESSERA_TESTING_TOKEN is set (the e2e harness sets it
 * for its own server) and answers only requests bearing that token; otherwise it is a plain 404.
 */

import { TesseraError } from '../session/errors.ts'
import { safeEqual } from './crypto.server.ts'
import { getEnv } from './env.server.ts'
import { errorResponse } from './http.server.ts'

/** A 404 response when the request may not use the testing API, else null. */
export function refuseTestingRequest(request: Request): Response | null {
  const expected = getEnv().TESSERA_TESTING_TOKEN
  const presented = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? ''
  if (!expected || !safeEqual(presented, expected)) return errorResponse(new TesseraError('not_found'))
  return null
}
