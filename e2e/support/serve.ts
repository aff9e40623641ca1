/**
 * The e2e web server: the production build, on a database of its own. With DATABASE_URL it creates
 * a throwaway database on that Postgres server (dropped on exit); without, a fresh PGlite folder.
 * Playwright starts this script and stops it with SIGTERM.
 */

import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createWriteStream, mkdirSync, rmSync } from 'node:fs'
import { createThrowawayDatabase, dropThrowawayDatabase } from '../../db/throwaway.ts'
import { E2E_LOG_FILE, E2E_PORT } from './env.ts'

const port = E2E_PORT
const adminUrl = process.env.DATABASE_URL
const databaseName = `tessera_e2e_${port}`
const pgliteDir = `.data/e2e-${port}`

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'production',
  PORT: String(port),
  HOST: '127.0.0.1',
  APP_URL: `http://localhost:${port}`,
  TESSERA_SECRET: randomBytes(32).toString('base64url'),
  TESSERA_TESTING_TOKEN: process.env.E2E_TESTING_TOKEN,
  // Everything is logged, to a file that logs.spec.ts scans for secrets.
  LOG_LEVEL: 'info',
}
if (adminUrl) {
  env.DATABASE_URL = await createThrowawayDatabase(adminUrl, databaseName)
  console.log(`[e2e] Postgres database ${databaseName}`)
} else {
  delete env.DATABASE_URL
  rmSync(pgliteDir, { recursive: true, force: true })
  env.PGLITE_DIR = pgliteDir
  console.log(`[e2e] PGlite in ${pgliteDir}`)
}

mkdirSync('.data', { recursive: true })
const log = createWriteStream(E2E_LOG_FILE, { flags: 'w' })
const server = spawn(process.execPath, ['.output/server/index.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
server.stdout.pipe(log)
server.stderr.pipe(log)
// Warnings and errors stay visible in the test output too.
server.stderr.pipe(process.stderr)

let stopping = false
async function stop(code: number) {
  if (stopping) return
  stopping = true
  if (server.exitCode === null) {
    server.kill('SIGTERM')
    await new Promise((resolve) => server.once('exit', resolve))
  }
  if (adminUrl)
    await dropThrowawayDatabase(adminUrl, databaseName).catch((error) => console.error('[e2e] drop failed', error))
  process.exit(code)
}

process.on('SIGTERM', () => void stop(0))
process.on('SIGINT', () => void stop(0))
server.on('exit', (code) => void stop(code ?? 1))
