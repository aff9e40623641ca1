/**
 * Instance secret keys (the Backend API's credentials, ADR 027) from the command line:
 *   npm run secret-keys -- create <name>   creates a key; it is printed once, alone on the last line
 *   npm run secret-keys -- list            every key: id, hint, name, created, last used, revoked
 *   npm run secret-keys -- revoke <id>     the key is refused from its next call on
 * Only a hash of a key is stored: a key that is lost is revoked and replaced, never recovered.
 */

import { secretKeyIdSchema, secretKeyNameSchema } from '../app/functions/schemas.ts'
import { getEnv } from '../app/server/env.server.ts'
import {
  createSecretKey,
  listSecretKeys,
  revokeSecretKey,
  secretKeyEnvironment,
} from '../app/server/secret-keys.server.ts'
import { isTesseraError } from '../app/session/errors.ts'
import { migrateDatabase, openDatabase } from '../db/client.ts'

const USAGE = 'Usage: npm run secret-keys -- create <name> | list | revoke <id>'
const [command, ...rest] = process.argv.slice(2)
const argument = rest.join(' ')
const cli = { userId: null, sessionId: null, meta: null }
const at = (time: number | null) => (time === null ? '—' : new Date(time).toISOString())

const env = getEnv()
const options = { url: env.DATABASE_URL, dataDir: env.PGLITE_DIR }
const handle = await openDatabase(options)
try {
  await migrateDatabase(handle, options)
  const now = new Date()
  if (command === 'create' && argument) {
    const name = secretKeyNameSchema.safeParse(argument)
    if (!name.success) {
      console.error(`The name is refused: ${name.error.issues[0]?.message ?? 'invalid'}`)
      process.exitCode = 2
    } else {
      const environment = secretKeyEnvironment(env.appOrigin ?? null)
      const { key, secret } = await createSecretKey(handle.db, { name: name.data, environment, actor: cli, now })
      console.log(`Created ${key.id} (${key.name}). Store the key now: it is not shown again.`)
      console.log(secret)
    }
  } else if (command === 'list') {
    const keys = await listSecretKeys(handle.db)
    if (keys.length === 0) console.log('No secret keys.')
    for (const key of keys) {
      const status = key.revokedAt === null ? 'active' : 'revoked'
      console.log(
        `${status.padEnd(8)} ${key.id}  ${key.hint}  ${JSON.stringify(key.name)}  created ${at(key.createdAt)}  last used ${at(key.lastUsedAt)}${key.revokedAt === null ? '' : `  revoked ${at(key.revokedAt)}`}`,
      )
    }
  } else if (command === 'revoke' && argument && secretKeyIdSchema.safeParse(argument).success) {
    const key = await revokeSecretKey(handle.db, { id: argument, actor: cli, now })
    console.log(`Revoked ${key.id} (${key.name}). Calls made with it are refused from now on.`)
  } else {
    console.error(USAGE)
    process.exitCode = 2
  }
} catch (error) {
  if (!isTesseraError(error, 'secret_key_not_found')) throw error
  console.error(`No secret key has the id ${argument}.`)
  process.exitCode = 1
} finally {
  await handle.close()
}
