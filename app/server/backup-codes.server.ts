/**
 * Backup codes: ten single-use recovery codes per set, each stored as its own salted Argon2id hash.
 * Generating a set replaces the previous one; using a code is one conditional UPDATE.
 */

import { randomBytes } from 'node:crypto'
import { and, eq, isNull } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { backupCodes } from '../../db/schema.ts'
import { BACKUP_CODE_BYTES, formatBackupCode, parseBackupCode } from '../session/codes.ts'
import { TesseraError } from '../session/errors.ts'
import { BACKUP_CODE_COUNT } from '../session/policy.ts'
import { hashBackupCode, verifyBackupCodeHash } from './passwords.server.ts'

/** A new set of codes for the user (the old set stops working); the plain codes are returned once. */
export async function replaceBackupCodes(db: Database, userId: string, now: Date): Promise<string[]> {
  const codes = Array.from({ length: BACKUP_CODE_COUNT }, () => formatBackupCode(randomBytes(BACKUP_CODE_BYTES)))
  const hashes = await Promise.all(codes.map(hashBackupCode))
  await db.delete(backupCodes).where(eq(backupCodes.userId, userId))
  await db.insert(backupCodes).values(hashes.map((codeHash) => ({ userId, codeHash, createdAt: now })))
  return codes
}

export async function deleteBackupCodes(db: Database, userId: string): Promise<void> {
  await db.delete(backupCodes).where(eq(backupCodes.userId, userId))
}

export interface MatchedBackupCode {
  consume: (tx: Database) => Promise<boolean>
}

/** Checks a backup code; an already used one is `code_reused`, an unknown one `code_incorrect`. */
export async function checkBackupCode(
  db: Database,
  userId: string,
  input: unknown,
  now: Date,
): Promise<MatchedBackupCode> {
  const code = parseBackupCode(input)
  if (code === null) throw new TesseraError('code_malformed')
  const rows = await db
    .select({ id: backupCodes.id, codeHash: backupCodes.codeHash, usedAt: backupCodes.usedAt })
    .from(backupCodes)
    .where(eq(backupCodes.userId, userId))
  const matches = await Promise.all(rows.map((row) => verifyBackupCodeHash(row.codeHash, code)))
  const match = rows.find((_, index) => matches[index])
  if (!match) throw new TesseraError('code_incorrect')
  if (match.usedAt) throw new TesseraError('code_reused')
  return {
    consume: async (tx) => {
      const spent = await tx
        .update(backupCodes)
        .set({ usedAt: now })
        .where(and(eq(backupCodes.id, match.id), isNull(backupCodes.usedAt)))
        .returning({ id: backupCodes.id })
      return spent.length === 1
    },
  }
}
