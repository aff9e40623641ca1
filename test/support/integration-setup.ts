/**
 * Integration tests run against a throwaway database: a fresh Postgres database on the server named
 * by DATABASE_URL (or the local one) when reachable, else embedded PGlite. Migrations are applied
 * once here; the database is dropped when the run ends.
 */

import type { TestProject } from 'vitest/node'
import { migrateDatabase, openDatabase } from '../../db/client.ts'
import {
  createThrowawayDatabase,
  dropThrowawayDatabase,
  isPostgresReachable,
  LOCAL_POSTGRES_URL,
} from '../../db/throwaway.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway database's URL, or null when tests use PGlite. */
    databaseUrl: string | null
  }
}

export default async function setup(project: TestProject) {
  const adminUrl = process.env.DATABASE_URL ?? LOCAL_POSTGRES_URL
  if (!(await isPostgresReachable(adminUrl))) {
    console.info(`[integration] no Postgres at ${new URL(adminUrl).host}; using PGlite`)
    project.provide('databaseUrl', null)
    return
  }
  const name = `tessera_it_${process.pid}_${Date.now()}`
  const url = await createThrowawayDatabase(adminUrl, name)
  const handle = await openDatabase({ url })
  await migrateDatabase(handle, { url })
  await handle.close()
  console.info(`[integration] Postgres database ${name}`)
  project.provide('databaseUrl', url)
  return async () => {
    await dropThrowawayDatabase(adminUrl, name)
  }
}
