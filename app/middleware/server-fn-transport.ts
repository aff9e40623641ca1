import { createMiddleware } from '@tanstack/react-start'
import { getEnv } from '../server/env.server.ts'
import { errorResponse } from '../server/http.server.ts'
import { log } from '../server/log.server.ts'
import { checkServerFnRequest, knownServerFunctions } from '../server/server-fn-transport.server.ts'

/** Refuses server-function requests that no client of ours would send, with a coded 4xx (see the server module). */
export const serverFnTransportMiddleware = createMiddleware().server(async ({ request, next, handlerType }) => {
  if (handlerType !== 'serverFn') return next()
  const refusal = await checkServerFnRequest(request, await knownServerFunctions(), {
    allowDevIds: getEnv().NODE_ENV !== 'production',
  })
  if (refusal) {
    log.info('server_fn.refused', { errorCode: refusal.code, path: new URL(request.url).pathname })
    return errorResponse(refusal)
  }
  return next()
})
