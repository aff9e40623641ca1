/**
 * CSRF protection for every server function, registered explicitly in `app/start.ts` (Start only
 * installs its own when there is no start file, and its check trusts Sec-Fetch-Site alone).
 */

import { createMiddleware } from '@tanstack/react-start'
import { checkCsrf } from '../server/csrf.server.ts'
import { errorResponse } from '../server/http.server.ts'
import { log } from '../server/log.server.ts'
import { appOrigin } from '../server/request.server.ts'
import { TesseraError } from '../session/errors.ts'

export const csrfMiddleware = createMiddleware().server(async ({ request, next, handlerType }) => {
  if (handlerType !== 'serverFn') return next()
  const verdict = checkCsrf({ method: request.method, headers: request.headers, allowedOrigin: appOrigin() })
  if (!verdict.allowed) {
    log.warn('csrf.rejected', { reason: verdict.reason, method: request.method, path: new URL(request.url).pathname })
    return errorResponse(new TesseraError('cross_origin_request'))
  }
  return next()
})
