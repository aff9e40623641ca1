/** `npm run db:migrate`: applies the committed migrations to DATABASE_URL, or to the PGlite folder. */

import { getEnv } from '../app/server/env.server.ts'
import { migrateDatabase, openDatabase } from '../db/client.ts'

const env = getEnv()
const options = { url: env.DATABASE_URL, dataDir: env.PGLITE_DIR }
const handle = await openDatabase(options)
try {
  await migrateDatabase(handle, options)
  console.log(`Migrations applied (${handle.driver}).`)
} finally {
  await handle.close()
}
