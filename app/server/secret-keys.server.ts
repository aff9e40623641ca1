/**
 * Instance secret keys (ADR 027): created, listed and revoked by an admin (the console) or the
 * command line, and checked on every Backend API call. Only the SHA-256 of a key is stored, and a
 * key is shown once, when it is created. A check is one indexed lookup of the presented key's hash
 * among the keys that are not revoked: an unknown key and a revoked one cost the same query and
 * get the same answer (no string comparison of secrets happens in JavaScript at all).
 */

import { randomBytes } from 'node:crypto'
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { secretKeys } from '../../db/schema.ts'
import { TesseraError } from '../session/errors.ts'
import { SECRET_KEY_BYTES, SECRET_KEY_USE_WRITE_THROTTLE_SECONDS } from '../session/policy.ts'
import {
  formatSecretKey,
  SECRET_KEY_PATTERN,
  type SecretKeyEnvironment,
  type SecretKeyJSON,
  secretKeyHint,
} from '../session/secret-keys.ts'
import { newId, sha256Hex } from './crypto.server.ts'
import { appendLedger } from './ledger.server.ts'
import type { RequestMeta } from './request.server.ts'

export type { SecretKeyJSON }

/** Who creates or revokes a key: an admin (their session), or the command line (nobody). */
export interface SecretKeyActor {
  userId: string | null
  sessionId: string | null
  meta: RequestMeta | null
}

/** The key a verified Backend API call was made with. */
export interface SecretKeyCredential {
  id: string
  name: string
}

/** `live` keys for an instance served over https, `test` keys otherwise. */
export function secretKeyEnvironment(appOrigin: string | null): SecretKeyEnvironment {
  return appOrigin?.startsWith('https:') ? 'live' : 'test'
}

type Row = typeof secretKeys.$inferSelect

function toJSON(row: Row): SecretKeyJSON {
  return {
    id: row.id,
    name: row.name,
    hint: row.hint,
    createdBy: row.createdBy,
    createdAt: row.createdAt.getTime(),
    lastUsedAt: row.lastUsedAt?.getTime() ?? null,
    revokedAt: row.revokedAt?.getTime() ?? null,
  }
}

const ledgerActor = (actor: SecretKeyActor) =>
  actor.userId === null
    ? { actor: 'system' as const, actorUserId: null, sessionId: null, meta: null }
    : { actor: 'admin' as const, actorUserId: actor.userId, sessionId: actor.sessionId, meta: actor.meta }

/** Creates a key; returns it whole — the only time it exists outside the caller's hands. */
export async function createSecretKey(
  db: Database,
  input: { name: string; environment: SecretKeyEnvironment; actor: SecretKeyActor; now: Date },
): Promise<{ key: SecretKeyJSON; secret: string }> {
  const secret = formatSecretKey(input.environment, randomBytes(SECRET_KEY_BYTES).toString('base64url'))
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(secretKeys)
      .values({
        id: newId('secretKey'),
        name: input.name,
        keyHash: sha256Hex(secret),
        hint: secretKeyHint(secret),
        createdBy: input.actor.userId,
        createdAt: input.now,
      })
      .returning()
    if (!created) throw new Error('secret key insert returned no row')
    await appendLedger(
      tx,
      [
        {
          type: 'secret_key_created',
          userId: null,
          ...ledgerActor(input.actor),
          secretKeyId: created.id,
          detail: `${created.name} (${created.hint})`,
        },
      ],
      input.now,
    )
    return created
  })
  return { key: toJSON(row), secret }
}

/** Every key, newest first, revoked ones included. */
export async function listSecretKeys(db: Database): Promise<SecretKeyJSON[]> {
  const rows = await db.select().from(secretKeys).orderBy(desc(secretKeys.createdAt), desc(secretKeys.id))
  return rows.map(toJSON)
}

/** Revokes a key at once: the next call made with it is refused. Revoking a revoked key changes nothing. */
export async function revokeSecretKey(
  db: Database,
  input: { id: string; actor: SecretKeyActor; now: Date },
): Promise<SecretKeyJSON> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(secretKeys).where(eq(secretKeys.id, input.id)).for('update')
    if (!row) throw new TesseraError('secret_key_not_found')
    if (row.revokedAt) return toJSON(row)
    const [revoked] = await tx
      .update(secretKeys)
      .set({ revokedAt: input.now })
      .where(eq(secretKeys.id, row.id))
      .returning()
    if (!revoked) throw new Error('secret key update returned no row')
    await appendLedger(
      tx,
      [
        {
          type: 'secret_key_revoked',
          userId: null,
          ...ledgerActor(input.actor),
          secretKeyId: row.id,
          detail: `${row.name} (${row.hint})`,
        },
      ],
      input.now,
    )
    return toJSON(revoked)
  })
}

/**
 * The key `presented` is, when it is a key of this instance that is not revoked; null otherwise
 * (malformed, unknown and revoked alike). Marks the key used, at most once a throttle period.
 */
export async function verifySecretKey(db: Database, presented: string, now: Date): Promise<SecretKeyCredential | null> {
  if (!SECRET_KEY_PATTERN.test(presented)) return null
  const [row] = await db
    .select({ id: secretKeys.id, name: secretKeys.name, lastUsedAt: secretKeys.lastUsedAt })
    .from(secretKeys)
    .where(and(eq(secretKeys.keyHash, sha256Hex(presented)), isNull(secretKeys.revokedAt)))
  if (!row) return null
  const due = new Date(now.getTime() - SECRET_KEY_USE_WRITE_THROTTLE_SECONDS * 1000)
  if (!row.lastUsedAt || row.lastUsedAt < due) {
    await db
      .update(secretKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(secretKeys.id, row.id), or(isNull(secretKeys.lastUsedAt), lt(secretKeys.lastUsedAt, due))))
  }
  return { id: row.id, name: row.name }
}
