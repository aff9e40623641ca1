/**
 * Signing keys from the command line:
 *   npm run keys -- list            the keys and their status
 *   npm run keys:rotate             a new key signs from now on; the old one keeps verifying for the overlap
 *   npm run keys -- revoke <kid>    emergency: the key is withdrawn at once
 * Running servers pick changes up within SIGNING_KEYS_REFRESH_SECONDS (at once for an unknown kid).
 */

import { desc } from 'drizzle-orm'
import { config } from '../app/server/config.server.ts'
import { getEnv } from '../app/server/env.server.ts'
import { getKeyRing, revokeSigningKey, rotateSigningKey } from '../app/server/signing-keys.server.ts'
import { KEY_RETIREMENT_OVERLAP_SECONDS } from '../app/session/policy.ts'
import { migrateDatabase, openDatabase } from '../db/client.ts'
import { signingKeys } from '../db/schema.ts'

const [command, argument] = process.argv.slice(2)
const env = getEnv()
const options = { url: env.DATABASE_URL, dataDir: env.PGLITE_DIR }
const handle = await openDatabase(options)
const algorithm = config.tokens.algorithm
try {
  await migrateDatabase(handle, options)
  const now = new Date()
  if (command === 'rotate') {
    const { retired, active } = await rotateSigningKey(handle.db, algorithm, now)
    console.log(`Now signing with ${active} (${algorithm}).`)
    if (retired) console.log(`${retired} stops signing and stays published for ${KEY_RETIREMENT_OVERLAP_SECONDS} s.`)
  } else if (command === 'revoke' && argument) {
    await revokeSigningKey(handle.db, argument, algorithm, now)
    console.log(`Revoked ${argument}. Tokens it signed no longer verify.`)
  } else if (command === 'list') {
    await getKeyRing(handle.db, algorithm, now)
    const rows = await handle.db.select().from(signingKeys).orderBy(desc(signingKeys.createdAt))
    for (const row of rows)
      console.log(
        `${row.status.padEnd(8)} ${row.algorithm.padEnd(6)} ${row.kid}  created ${row.createdAt.toISOString()}`,
      )
  } else {
    console.error('Usage: npm run keys -- list | rotate | revoke <kid>')
    process.exitCode = 2
  }
} finally {
  await handle.close()
}
