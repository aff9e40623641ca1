import { createServerFn } from '@tanstack/react-start'
import { getDb } from '../server/db.server.ts'
import { recentOutbox } from '../server/delivery.server.ts'
import { getEnv } from '../server/env.server.ts'
import { TesseraError } from '../session/errors.ts'

/**
 * The development outbox: emails and texts that would have been sent, newest first. Outside
 * production only (in production it answers 404, whoever asks); it holds live codes.
 */
export const $listOutbox = createServerFn({ method: 'GET' }).handler(async () => {
  if (getEnv().NODE_ENV === 'production') throw new TesseraError('not_found')
  return recentOutbox(await getDb())
})
