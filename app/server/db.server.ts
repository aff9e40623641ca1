/**
 * The process-wide database: opened once, migrated before first use, its sealed values checked
 * and re-sealed (sealed-secrets.server.ts, ADR 025), closed on shutdown. A production server given
 * a secret that opens none of the stored signing keys exits (code 1) with a log line saying why;
 * elsewhere (development) every later use answers the same coded 503 without trying again.
 *
 * Kept on `globalThis` because the server's runtime plugins and its request handlers are separate
 * module graphs in the built output; both must see the same connection pool.
 */

import { type Database, type DatabaseHandle, migrateDatabase, openDatabase } from '../../db/client.ts'
import { DB_CONNECT_TIMEOUT_SECONDS, DB_QUERY_TIMEOUT_SECONDS } from '../session/policy.ts'
import { getEnv } from './env.server.ts'
import { log } from './log.server.ts'
import { checkStoredSecrets, SealedSecretsRefusal } from './sealed-secrets.server.ts'

interface DbState {
  ready?: Promise<DatabaseHandle>
  /** Start-up refused for good: the secret does not open the stored signing keys. */
  refused?: SealedSecretsRefusal
}

const holder = globalThis as { __tesseraDb?: DbState }
holder.__tesseraDb ??= {}
const state: DbState = holder.__tesseraDb

async function open(): Promise<DatabaseHandle> {
  const env = getEnv()
  const options = { url: env.DATABASE_URL, dataDir: env.PGLITE_DIR }
  // LOG_LEVEL=debug lists every statement a request sends (the SQL text, never its parameters).
  const onQuery = env.LOG_LEVEL === 'debug' ? (sql: string) => log.debug('db.query', { sql }) : undefined
  const handle = await openDatabase({
    ...options,
    onQuery,
    queryTimeoutMs: DB_QUERY_TIMEOUT_SECONDS * 1000,
    connectTimeoutSeconds: DB_CONNECT_TIMEOUT_SECONDS,
  })
  try {
    if (env.DB_AUTO_MIGRATE === '1') await migrateDatabase(handle, options)
    await checkStoredSecrets(handle.db)
  } catch (error) {
    await handle.close()
    if (error instanceof SealedSecretsRefusal) {
      state.refused = error
      // The reason is logged (secrets.unopenable); a supervisor sees the exit and the operator the line.
      if (env.NODE_ENV === 'production') process.exit(1)
    }
    throw error
  }
  log.info('db.ready', { driver: handle.driver })
  return handle
}

/** The database, once open and migrated. A failed open is not cached, so the next call retries. */
export function getDatabaseHandle(): Promise<DatabaseHandle> {
  if (state.refused) return Promise.reject(state.refused)
  if (!state.ready) {
    state.ready = open()
    state.ready.catch(() => {
      state.ready = undefined
    })
  }
  return state.ready
}

export async function getDb(): Promise<Database> {
  return (await getDatabaseHandle()).db
}

export async function closeDb(): Promise<void> {
  const ready = state.ready
  state.ready = undefined
  if (!ready) return
  const handle = await ready.catch(() => null)
  await handle?.close()
}
