/**
 * Server start-up and shutdown (a nitro runtime plugin, run once when the server boots).
 *
 * Start-up validates the instance config and the environment, so a bad value stops the server
 * with a message instead of failing the first request, then opens and migrates the database.
 * Shutdown closes the database; an open PGlite would otherwise keep the process alive on SIGTERM.
 */

import { definePlugin } from 'nitro'
import { config } from '../config/index.ts'
import { closeDb, getDatabaseHandle } from './db.server.ts'
import { getEnv } from './env.server.ts'
import { log } from './log.server.ts'

export default definePlugin((nitroApp) => {
  const env = getEnv()
  log.info('server.starting', { nodeEnv: env.NODE_ENV, appName: config.appName, sessionMode: config.sessions.mode })
  if (env.TESSERA_TESTING_TOKEN) log.warn('server.testing_api_enabled', { note: 'TESSERA_TESTING_TOKEN is set' })
  getDatabaseHandle().catch((error: unknown) => log.error('db.open_failed', { error }))
  nitroApp.hooks.hook('close', async () => {
    await closeDb()
    log.info('server.stopped')
  })
})
