/**
 * What TESSERA_SECRET seals in the database, checked and re-sealed at start-up (ADR 025).
 *
 * Every sealed value is opened with the given secrets (secret-box.server.ts), except that a value
 * whose seal names TESSERA_SECRET's key is taken as current unopened (only signing keys are always
 * opened: few, and they are what tells a wrong secret). One sealed under a
 * previous secret (TESSERA_SECRET_PREVIOUS) is sealed again under TESSERA_SECRET and written back
 * only if the row still holds exactly the value that was opened: a compare-and-set, so two
 * instances starting at once write it once, and a value written meanwhile (by an instance on
 * either secret) is never overwritten with a stale seal. Running it again changes nothing.
 *
 * A published signing key (active or retiring) that no given secret opens means this process was
 * given the wrong secret (a typo, a rotation without TESSERA_SECRET_PREVIOUS, a database restored
 * from another deployment): nothing could be signed or published, so start-up is refused with a
 * message naming the cause and the fix. Other values no secret opens (a TOTP secret, a webhook or
 * OIDC client secret) are logged with the same fix, and each answers a coded 503 when used.
 */

import { and, asc, eq, gt, inArray } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Database } from '../../db/client.ts'
import { enterpriseConnections, signingKeys, totpCredentials, webhookEndpoints } from '../../db/schema.ts'
import { TesseraError } from '../session/errors.ts'
import { log } from './log.server.ts'
import { type KeyPurpose, namesCurrentKey, openSealed, SEALED_SECRET_FIX, seal } from './secret-box.server.ts'

const BATCH_ROWS = 500

interface SealedColumn {
  table: PgTable
  /** The row's primary key. */
  key: PgColumn
  column: PgColumn
  /** The column's property name in the schema (what `update().set()` takes). */
  property: string
  purpose: KeyPurpose
}

/** Every sealed column, by table name. */
export const SEALED_COLUMNS = {
  signing_keys: {
    table: signingKeys,
    key: signingKeys.kid,
    column: signingKeys.privateKeyEncrypted,
    property: 'privateKeyEncrypted',
    purpose: 'signing-key-encryption',
  },
  totp_credentials: {
    table: totpCredentials,
    key: totpCredentials.userId,
    column: totpCredentials.secretEncrypted,
    property: 'secretEncrypted',
    purpose: 'totp-secret-encryption',
  },
  webhook_endpoints: {
    table: webhookEndpoints,
    key: webhookEndpoints.id,
    column: webhookEndpoints.secretEncrypted,
    property: 'secretEncrypted',
    purpose: 'webhook-secret-encryption',
  },
  enterprise_connections: {
    table: enterpriseConnections,
    key: enterpriseConnections.id,
    column: enterpriseConnections.clientSecretEncrypted,
    property: 'clientSecretEncrypted',
    purpose: 'oidc-client-secret-encryption',
  },
} as const satisfies Record<string, SealedColumn>

export type SealedTable = keyof typeof SEALED_COLUMNS

export interface ResealReport {
  /** Values found under a previous secret and now sealed under TESSERA_SECRET, by table. */
  resealed: Partial<Record<SealedTable, number>>
  /** Values under a previous secret that another writer changed first (left to it), by table. */
  changedMeanwhile: Partial<Record<SealedTable, number>>
  /** Values no given secret opens, by table. */
  unopenable: Partial<Record<SealedTable, number>>
  /** Of those, published signing keys (active or retiring): without them nothing can be signed. */
  unopenablePublishedKeys: string[]
}

const add = (counts: Partial<Record<SealedTable, number>>, table: SealedTable) => {
  counts[table] = (counts[table] ?? 0) + 1
}

/**
 * One stored value `value` read from row `key` of `table`: left alone when under TESSERA_SECRET,
 * re-sealed under it when under a previous secret — written only if the row still holds `value`
 * (else `changed_meanwhile`: whoever changed it wins) — and reported when no secret opens it.
 */
export async function resealValue(
  db: Database,
  table: SealedTable,
  key: string,
  value: string,
): Promise<'current' | 'resealed' | 'changed_meanwhile' | 'unopenable'> {
  const sealed: SealedColumn = SEALED_COLUMNS[table]
  // Signing keys are opened, always: they are few, and they are what tells a wrong secret.
  if (table !== 'signing_keys' && namesCurrentKey(value, sealed.purpose)) return 'current'
  const opened = await openSealed(value, sealed.purpose)
  if (!opened) return 'unopenable'
  if (opened.current) return 'current'
  const written = await db
    .update(sealed.table)
    .set({ [sealed.property]: await seal(opened.plaintext, sealed.purpose) })
    // Only if the row still holds what was opened: never over a newer value.
    .where(and(eq(sealed.key, key), eq(sealed.column, value)))
    .returning({ key: sealed.key })
  return written.length > 0 ? 'resealed' : 'changed_meanwhile'
}

/** Opens every sealed value and re-seals those under a previous secret (see the module comment). */
export async function resealStoredSecrets(db: Database): Promise<ResealReport> {
  const report: ResealReport = { resealed: {}, changedMeanwhile: {}, unopenable: {}, unopenablePublishedKeys: [] }
  for (const [table, sealed] of Object.entries(SEALED_COLUMNS) as [SealedTable, SealedColumn][]) {
    let after: string | null = null
    for (;;) {
      const rows = (await db
        .select({ key: sealed.key, value: sealed.column })
        .from(sealed.table)
        .where(after === null ? undefined : gt(sealed.key, after))
        .orderBy(asc(sealed.key))
        .limit(BATCH_ROWS)) as { key: string; value: string }[]
      for (const row of rows) {
        const outcome = await resealValue(db, table, row.key, row.value)
        if (outcome === 'resealed') add(report.resealed, table)
        else if (outcome === 'changed_meanwhile') add(report.changedMeanwhile, table)
        else if (outcome === 'unopenable') {
          add(report.unopenable, table)
          if (table === 'signing_keys') report.unopenablePublishedKeys.push(row.key)
        }
      }
      const last = rows.at(-1)
      if (!last || rows.length < BATCH_ROWS) break
      after = last.key
    }
  }
  if (report.unopenablePublishedKeys.length > 0) {
    // Only the published ones matter for signing; a revoked or retired key is never read again.
    const published = await db
      .select({ kid: signingKeys.kid })
      .from(signingKeys)
      .where(
        and(
          inArray(signingKeys.kid, report.unopenablePublishedKeys),
          inArray(signingKeys.status, ['active', 'retiring']),
        ),
      )
    report.unopenablePublishedKeys = published.map((row) => row.kid)
  }
  return report
}

/** Start-up refused: the stored signing keys do not open with any given secret. */
export class SealedSecretsRefusal extends TesseraError {
  constructor() {
    super('sealed_secret_unavailable', {
      message:
        'The stored signing keys do not open with TESSERA_SECRET or any TESSERA_SECRET_PREVIOUS: this server was given another secret than the one they were sealed with.',
    })
  }
}

/**
 * The start-up check: re-seals, logs what it did (`secrets.resealed`) and what no secret opens
 * (`secrets.unopenable`, with the cause and the fix, never a secret), and throws
 * `SealedSecretsRefusal` when a published signing key is among those.
 */
export async function checkStoredSecrets(db: Database): Promise<ResealReport> {
  const report = await resealStoredSecrets(db)
  const resealedCount = Object.values(report.resealed).reduce((sum, count) => sum + count, 0)
  if (resealedCount > 0 || Object.keys(report.changedMeanwhile).length > 0) {
    log.info('secrets.resealed', { resealed: report.resealed, changedMeanwhile: report.changedMeanwhile })
  }
  const refused = report.unopenablePublishedKeys.length > 0
  if (Object.keys(report.unopenable).length > 0) {
    log.error('secrets.unopenable', {
      unopenable: report.unopenable,
      cause: refused
        ? 'The stored signing keys do not open with TESSERA_SECRET or any TESSERA_SECRET_PREVIOUS: this server was given another secret than the one they were sealed with (a typo, a rotation without TESSERA_SECRET_PREVIOUS, a database restored from another deployment). Refusing to start.'
        : 'Some stored values do not open with TESSERA_SECRET or any TESSERA_SECRET_PREVIOUS; each answers 503 sealed_secret_unavailable when used.',
      fix: SEALED_SECRET_FIX,
    })
  }
  if (refused) throw new SealedSecretsRefusal()
  return report
}
