/**
 * Global middleware and serialization. Writing this file turns off Start's automatic CSRF
 * middleware, so ours is registered here explicitly (a test fails if it goes missing).
 */

import { createSerializationAdapter } from '@tanstack/react-router'
import { createStart } from '@tanstack/react-start'
import { csrfMiddleware } from './middleware/csrf.ts'
import { errorMiddleware } from './middleware/errors.ts'
import { securityHeadersMiddleware } from './middleware/security-headers.ts'
import { serverFnTransportMiddleware } from './middleware/server-fn-transport.ts'
import { tabSessionMiddleware } from './middleware/session.ts'
import { type ErrorPayload, TesseraError } from './session/errors.ts'

/** Errors keep their code, status and messages across the server-function boundary. */
const tesseraErrorAdapter = createSerializationAdapter({
  key: 'tessera-error',
  test: (value: unknown): value is TesseraError => value instanceof TesseraError,
  toSerializable: (error: TesseraError): ErrorPayload => error.toPayload(),
  fromSerializable: (payload: ErrorPayload) =>
    new TesseraError(payload.code, { message: payload.message, userMessage: payload.userMessage, meta: payload.meta }),
})

// Start asks for the options on every request: they never change, so they are built once.
const options = {
  requestMiddleware: [securityHeadersMiddleware, csrfMiddleware, serverFnTransportMiddleware],
  functionMiddleware: [errorMiddleware, tabSessionMiddleware],
  serializationAdapters: [tesseraErrorAdapter],
} as const

export const startInstance = createStart(() => options)
