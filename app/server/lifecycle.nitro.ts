/**
 * Server start-up and shutdown (a nitro runtime plugin, run once when the server boots).
 *
 * Start-up validates the instance config and the environment, so a bad value stops the server
 * with a message instead of failing the first request, then opens and migrates the database.
 * While running, it sweeps timed-out sessions every SWEEP_INTERVAL_SECONDS (sooner while a backlog
 * lasts) and sends webhooks
 * (webhooks.server.ts). Shutdown stops both, waiting for webhook requests under way, lets queued
 * emails and texts go out, and closes the database; an open PGlite would otherwise keep the
 * process alive on SIGTERM.
 *
 * SIGTERM (security.md REL-09): the HTTP server (srvx) stops accepting, lets the requests under way
 * finish (at most SERVER_SHUTDOWN_TIMEOUT, 5 s by default, then closes what is left), and then
 * this plugin's `close` hook runs. srvx switches that graceful shutdown off when `CI` or `TEST` is
 * set, which would make SIGTERM kill requests mid-flight in exactly the environments that test it;
 * a production server removes them before the server starts (this plugin runs first). Requests
 * arriving on kept-alive connections after SIGTERM are still served, each answered with
 * `Connection: close`, so the server empties within moments rather than at the end of the grace.
 */

import { definePlugin } from 'nitro'
import { SWEEP_BACKLOG_PAUSE_SECONDS, SWEEP_INTERVAL_SECONDS } from '../session/policy.ts'
import { config } from './config.server.ts'
import { closeDb, getDatabaseHandle, getDb } from './db.server.ts'
import { settleDeliveries } from './delivery.server.ts'
import { getEnv } from './env.server.ts'
import { log } from './log.server.ts'
import { sweep } from './sweeper.server.ts'
import { startWebhookWorker } from './webhooks.server.ts'

let sweeping = false
let stopped = false

/** One run; a run that left a backlog is followed by the next one SWEEP_BACKLOG_PAUSE_SECONDS later. */
async function sweepNow() {
  if (sweeping || stopped) return
  sweeping = true
  let backlog = false
  try {
    const report = await sweep(await getDb(), new Date())
    backlog = report.backlog
    if (report.expired + report.abandoned + report.deleted + report.purged > 0) log.info('sweeper.swept', { ...report })
  } catch (error) {
    log.warn('sweeper.failed', { error })
  } finally {
    sweeping = false
  }
  if (backlog && !stopped) setTimeout(sweepNow, SWEEP_BACKLOG_PAUSE_SECONDS * 1000).unref()
}

/**
 * Nobody reads this process's output any more: its supervisor or log pipe is gone (EPIPE). Left
 * alone, each failed write became an uncaught exception whose report failed the same way, a loop
 * that held a core at 100 % and stopped the server answering (an e2e server orphaned by an
 * interrupted run did exactly that). Instead it shuts down gracefully, once, so a supervisor starts
 * a fresh process with working pipes, and an orphan goes away (`test/faults/broken-output`).
 */
function stopWhenOutputBreaks() {
  let stopping = false
  const onError = () => {
    if (stopping) return
    stopping = true
    process.kill(process.pid, 'SIGTERM')
  }
  process.stdout.on('error', onError)
  process.stderr.on('error', onError)
}

export default definePlugin((nitroApp) => {
  const env = getEnv()
  if (env.NODE_ENV === 'production') {
    stopWhenOutputBreaks()
    delete process.env.CI
    delete process.env.TEST
    // Once SIGTERM has come, every answer says `Connection: close`: a client with a keep-alive
    // connection moves off this process after the request it is making, instead of feeding it new
    // ones until srvx's grace period runs out and cuts them (srvx itself only closes idle ones).
    let draining = false
    process.once('SIGTERM', () => {
      draining = true
    })
    // On the way in (requests arriving after SIGTERM) and on the way out (those already running).
    const closeAfter = (event: { req: unknown }) => {
      if (!draining) return
      const node = (event.req as { runtime?: { node?: { res?: { setHeader(name: string, value: string): void } } } })
        .runtime?.node
      node?.res?.setHeader('connection', 'close')
    }
    nitroApp.hooks.hook('request', closeAfter)
    nitroApp.hooks.hook('response', (_response, event) => closeAfter(event))
  }
  log.info('server.starting', { nodeEnv: env.NODE_ENV, appName: config.appName, sessionMode: config.sessions.mode })
  if (env.TESSERA_TESTING_TOKEN) log.warn('server.testing_api_enabled', { note: 'TESSERA_TESTING_TOKEN is set' })
  if (env.NODE_ENV === 'production' && !env.SMTP_URL) {
    log.warn('delivery.outbox_in_production', { note: 'SMTP_URL is not set: email goes to the outbox table only' })
  }
  getDatabaseHandle()
    .then(sweepNow)
    .catch((error: unknown) => log.error('db.open_failed', { error }))
  const sweeper = setInterval(sweepNow, SWEEP_INTERVAL_SECONDS * 1000)
  sweeper.unref()
  const webhooks = startWebhookWorker(getDb)
  nitroApp.hooks.hook('close', async () => {
    stopped = true
    clearInterval(sweeper)
    await webhooks.stop()
    // Messages already queued (codes, security notices) are sent before the database closes.
    await settleDeliveries()
    await closeDb()
    log.info('server.stopped')
  })
})
