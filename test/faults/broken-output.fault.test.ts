/**
 * A server whose output nobody reads any more (its supervisor died, a log pipe closed: every write
 * fails with EPIPE) shuts down gracefully and exits, instead of spinning: each failed write used to
 * become an uncaught exception whose report failed the same way, holding a core at 100 % with the
 * server no longer answering. Found as an e2e server orphaned by an interrupted run.
 */

import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { afterAll, expect, it } from 'vitest'
import { createThrowawayDatabase, dropThrowawayDatabase } from '../../db/throwaway.ts'
import { productionServerEnv, spawnProductionServer } from '../../e2e/support/production-server.ts'
import { ADMIN_URL, freePort, waitFor } from '../support/fault-server.ts'

const DATABASE = `tessera_fault_output_${process.pid}`
const EXIT_WITHIN_MS = 10_000
let child: ChildProcess | undefined

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  await dropThrowawayDatabase(ADMIN_URL, DATABASE)
})

it('exits gracefully once its stdout and stderr are broken, rather than spinning', async () => {
  const port = await freePort()
  const url = await createThrowawayDatabase(ADMIN_URL, DATABASE)
  child = spawnProductionServer(productionServerEnv({ port, extra: { DATABASE_URL: url, LOG_LEVEL: 'info' } }))
  const exited = once(child, 'exit')
  child.stdout?.resume()
  child.stderr?.resume()
  const baseUrl = `http://127.0.0.1:${port}`
  await waitFor('ready', async () => (await fetch(`${baseUrl}/health/ready`)).ok, 30_000)

  // The reading ends go away, as when the parent dies; then something is logged.
  child.stdout?.destroy()
  child.stderr?.destroy()
  const started = performance.now()
  // Refused by the CSRF check, which logs it (a spinning server never answers: hence the timeout).
  await fetch(`${baseUrl}/_serverFn/$signOut`, { method: 'POST', signal: AbortSignal.timeout(5_000) }).catch(() => null)

  const [code, signal] = (await Promise.race([
    exited,
    new Promise((resolve) => setTimeout(() => resolve(['still running', null]), EXIT_WITHIN_MS)),
  ])) as [number | string | null, NodeJS.Signals | null]
  console.info('[broken output]', JSON.stringify({ code, signal, ms: Math.round(performance.now() - started) }))
  expect({ code, signal }).toEqual({ code: 0, signal: null })
})
