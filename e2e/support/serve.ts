/**
 * An e2e web server: the production build, on a database of its own. With DATABASE_URL it creates
 * a throwaway database on that Postgres server (dropped on exit); without, a fresh PGlite folder.
 * With E2E_TLS=1 it serves HTTPS with a self-signed certificate made for the run; with
 * E2E_STRICT=1 it runs the strict instance settings (session tasks on).
 * Playwright starts this script and stops it with SIGTERM.
 */

import { execFileSync } from 'node:child_process'
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createThrowawayDatabase, dropThrowawayDatabase } from '../../db/throwaway.ts'
import { E2E_LOG_FILE, E2E_PORT, E2E_STRICT_PORT, E2E_TLS_PORT, socialServerSettings } from './env.ts'
import { productionServerEnv, spawnProductionServer } from './production-server.ts'

const tls = process.env.E2E_TLS === '1'
const strict = process.env.E2E_STRICT === '1'
const port = tls ? E2E_TLS_PORT : strict ? E2E_STRICT_PORT : E2E_PORT
const adminUrl = process.env.DATABASE_URL
const databaseName = `tessera_e2e_${port}`
const pgliteDir = `.data/e2e-${port}`

const env = productionServerEnv({
  port,
  scheme: tls ? 'https' : 'http',
  testingToken: process.env.E2E_TESTING_TOKEN,
  // Everything is logged, to a file that logs.spec.ts scans for secrets.
  extra: { LOG_LEVEL: 'info' },
})
mkdirSync('.data', { recursive: true })
if (strict) env.TESSERA_CONFIG = 'e2e/support/strict-instance.json'
else if (!tls) {
  // Social sign-in against the local providers (social-sign-in.spec.ts).
  const social = socialServerSettings()
  const file = `.data/e2e-social-${port}.json`
  writeFileSync(file, JSON.stringify(social.config))
  env.TESSERA_CONFIG = file
  Object.assign(env, social.env)
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
if (tls) {
  const dir = `.data/e2e-tls-${port}`
  mkdirSync(dir, { recursive: true })
  // A one-day certificate for localhost, made for this run; the browser is told to accept it.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
      '-keyout',
      `${dir}/key.pem`,
      '-out',
      `${dir}/cert.pem`,
    ],
    { stdio: 'ignore' },
  )
  env.NITRO_SSL_CERT = `${dir}/cert.pem`
  env.NITRO_SSL_KEY = `${dir}/key.pem`
}
const log = createWriteStream(
  tls ? E2E_LOG_FILE.replace('.log', '-tls.log') : strict ? E2E_LOG_FILE.replace('.log', '-strict.log') : E2E_LOG_FILE,
  { flags: 'w' },
)
const server = spawnProductionServer(env)
server.stdout?.pipe(log)
server.stderr?.pipe(log)
// Warnings and errors stay visible in the test output too.
server.stderr?.pipe(process.stderr)

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
