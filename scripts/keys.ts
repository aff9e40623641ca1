/**
 * Signing keys from the command line (security.md §4.1):
 *   npm run keys -- list                 the keys, their status and when each signs
 *   npm run keys:rotate                  a new key is published now and signs SIGNING_KEY_PUBLISH_AHEAD_SECONDS
 *                                        later (the old one signs until then, then keeps verifying for the overlap)
 *   npm run keys:rotate -- --publish-ahead <seconds>
 *                                        the same, waiting longer (verifiers that cache the JWKS longer) or shorter
 *   npm run keys:rotate -- --now         emergency: the new key signs at once (the old one still verifies for the
 *                                        overlap; `revoke` withdraws it)
 *   npm run keys -- revoke <kid>         emergency: the key is withdrawn at once; if it was signing, the next key
 *                                        signs from now
 * Running servers pick changes up within SIGNING_KEYS_REFRESH_SECONDS (and switch to a key published in
 * advance at its time, each by its own clock).
 */

import { parseArgs } from 'node:util'
import { desc } from 'drizzle-orm'
import { config } from '../app/server/config.server.ts'
import { getEnv } from '../app/server/env.server.ts'
import { getKeyRing, revokeSigningKey, rotateSigningKey } from '../app/server/signing-keys.server.ts'
import {
  JWKS_MAX_AGE_SECONDS,
  KEY_RETIREMENT_OVERLAP_SECONDS,
  SIGNING_KEY_PUBLISH_AHEAD_SECONDS,
} from '../app/session/policy.ts'
import { migrateDatabase, openDatabase } from '../db/client.ts'
import { signingKeys } from '../db/schema.ts'

const USAGE =
  'Usage: npm run keys -- list | rotate [--now | --publish-ahead <seconds>] | revoke <kid>\n' +
  `  rotate publishes a new key now; it signs ${SIGNING_KEY_PUBLISH_AHEAD_SECONDS} s later (--now: at once).`

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { now: { type: 'boolean' }, 'publish-ahead': { type: 'string' } },
})
const [command, argument] = positionals
const aheadOption = values['publish-ahead']
const publishAheadSeconds = values.now ? 0 : aheadOption === undefined ? undefined : Number(aheadOption)
if (publishAheadSeconds !== undefined && !(Number.isFinite(publishAheadSeconds) && publishAheadSeconds >= 0)) {
  console.error(USAGE)
  process.exit(2)
}

const env = getEnv()
const options = { url: env.DATABASE_URL, dataDir: env.PGLITE_DIR }
const handle = await openDatabase(options)
const keys = config.tokens
const algorithm = keys.algorithm === 'RS256' ? `RS256, ${keys.rsaModulusBits}-bit` : keys.algorithm
try {
  await migrateDatabase(handle, options)
  const now = new Date()
  if (command === 'rotate') {
    const rotation = await rotateSigningKey(handle.db, keys, now, { publishAheadSeconds })
    const aheadSeconds = Math.round((rotation.signsFrom.getTime() - now.getTime()) / 1000)
    const retiredUntil = new Date(rotation.signsFrom.getTime() + KEY_RETIREMENT_OVERLAP_SECONDS * 1000)
    if (aheadSeconds === 0) {
      console.log(`Now signing with ${rotation.active} (${algorithm}), at once.`)
    } else {
      console.log(`Published ${rotation.active} (${algorithm}).`)
      console.log(`${rotation.active} signs from ${rotation.signsFrom.toISOString()} (in ${aheadSeconds} s).`)
    }
    if (rotation.retired)
      console.log(
        `${rotation.retired} ${aheadSeconds === 0 ? 'stops signing now' : 'signs until then'} and stays published until ${retiredUntil.toISOString()} (${KEY_RETIREMENT_OVERLAP_SECONDS} s more).`,
      )
    if (aheadSeconds < JWKS_MAX_AGE_SECONDS)
      console.log(
        `Warning: the JWKS may be cached for ${JWKS_MAX_AGE_SECONDS} s; verifiers that do not refetch on an unknown kid may refuse new tokens until theirs expires.`,
      )
  } else if (command === 'revoke' && argument) {
    await revokeSigningKey(handle.db, argument, keys, now)
    const ring = await getKeyRing(handle.db, keys, now)
    console.log(`Revoked ${argument}. Tokens it signed no longer verify. Now signing with ${ring.signing.kid}.`)
  } else if (command === 'list') {
    await getKeyRing(handle.db, keys, now)
    const rows = await handle.db.select().from(signingKeys).orderBy(desc(signingKeys.createdAt))
    for (const row of rows) {
      const publishing = row.status === 'active' && row.signsFrom > now
      const status = publishing ? 'publishing' : row.status
      const signs = publishing ? `  signs from ${row.signsFrom.toISOString()}` : ''
      const stops = row.retiredAt ? `  stops signing ${row.retiredAt.toISOString()}` : ''
      console.log(
        `${status.padEnd(10)} ${row.algorithm.padEnd(6)} ${row.kid}  created ${row.createdAt.toISOString()}${signs}${stops}`,
      )
    }
  } else {
    console.error(USAGE)
    process.exitCode = 2
  }
} finally {
  await handle.close()
}
