/**
 * Re-sealing after a TESSERA_SECRET rotation (ADR 025), on a real database: values sealed under a
 * previous secret are re-sealed under the current one exactly once even when two instances do it
 * at once, a second run changes nothing, what no given secret opens is reported and left alone, a
 * published signing key no secret opens refuses start-up, and such a value read by a request is a
 * coded 503. The secrets are this file's own (set before the modules read the environment).
 */

import { createHmac, hkdfSync, randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { signingKeys, totpCredentials, webhookEndpoints } from '../../db/schema.ts'
import { openIsolatedDatabase } from '../../test/support/database.ts'
import { newSecret, openWith, sealWith } from '../../test/support/sealed.ts'

const CURRENT = newSecret()
const OLD = newSecret()
process.env.TESSERA_SECRET = CURRENT
process.env.TESSERA_SECRET_PREVIOUS = ` ${newSecret()},${OLD} `

const { checkStoredSecrets, resealStoredSecrets, resealValue, SealedSecretsRefusal } = await import(
  './sealed-secrets.server.ts'
)
const { keyedHash, keyedHashes, seal, unseal } = await import('./secret-box.server.ts')
const { createTestUser } = await import('./testing.server.ts')
const { getKeyRing } = await import('./signing-keys.server.ts')

const { db } = await openIsolatedDatabase('sealed_secrets')
const NOW = new Date('2026-01-01T00:00:00Z')

async function addTotpUser(sealedUnder: string | null) {
  const user = await createTestUser(
    db,
    { email: `${randomUUID()}@example.com`, password: null, firstName: null, lastName: null, totp: true },
    NOW,
  )
  if (sealedUnder) {
    const value = await sealWith(sealedUnder, 'totp-secret-encryption', `TOTP-${user.id}`)
    await db.update(totpCredentials).set({ secretEncrypted: value }).where(eq(totpCredentials.userId, user.id))
  }
  return user.id
}

it('re-seals what a previous secret sealed exactly once, with two instances at it at once', async () => {
  await getKeyRing(db, 'ES256', NOW)
  const stale = await Promise.all([1, 2, 3].map(() => addTotpUser(OLD)))
  const current = await addTotpUser(null)
  await db.insert(webhookEndpoints).values({
    id: `whe_${randomUUID()}`,
    url: 'https://hooks.example.com/in',
    secretEncrypted: await sealWith(OLD, 'webhook-secret-encryption', 'whsec_old'),
    createdAt: NOW,
    updatedAt: NOW,
  })
  // The signing key too: sealed under the old secret, as before a rotation.
  const [key] = await db.select().from(signingKeys)
  const pkcs8 = (await openWith(CURRENT, 'signing-key-encryption', key?.privateKeyEncrypted ?? '')) ?? ''
  await db
    .update(signingKeys)
    .set({ privateKeyEncrypted: await sealWith(OLD, 'signing-key-encryption', pkcs8) })
    .where(eq(signingKeys.kid, key?.kid ?? ''))
  const [before] = await db.select().from(totpCredentials).where(eq(totpCredentials.userId, current))

  const reports = await Promise.all([resealStoredSecrets(db), resealStoredSecrets(db)])
  const written = (table: 'totp_credentials' | 'webhook_endpoints' | 'signing_keys') =>
    reports.reduce((sum, report) => sum + (report.resealed[table] ?? 0), 0)
  expect({
    totp: written('totp_credentials'),
    webhooks: written('webhook_endpoints'),
    keys: written('signing_keys'),
  }).toEqual({ totp: 3, webhooks: 1, keys: 1 })
  for (const report of reports) expect(report.unopenable).toEqual({})

  for (const userId of stale) {
    const [row] = await db.select().from(totpCredentials).where(eq(totpCredentials.userId, userId))
    expect(await openWith(CURRENT, 'totp-secret-encryption', row?.secretEncrypted ?? '')).toBe(`TOTP-${userId}`)
    expect(await openWith(OLD, 'totp-secret-encryption', row?.secretEncrypted ?? '')).toBeNull()
  }
  const [keyAfter] = await db
    .select()
    .from(signingKeys)
    .where(eq(signingKeys.kid, key?.kid ?? ''))
  expect(await openWith(CURRENT, 'signing-key-encryption', keyAfter?.privateKeyEncrypted ?? '')).toBe(pkcs8)
  // A value already under the current secret is not touched.
  const [after] = await db.select().from(totpCredentials).where(eq(totpCredentials.userId, current))
  expect(after?.secretEncrypted).toBe(before?.secretEncrypted)
  // Again: nothing left to do.
  expect(await resealStoredSecrets(db)).toMatchObject({ resealed: {}, changedMeanwhile: {}, unopenable: {} })
})

it('leaves what no given secret opens alone, reports it, and answers a request for it with a coded 503', async () => {
  const foreign = await addTotpUser(newSecret())
  const [row] = await db.select().from(totpCredentials).where(eq(totpCredentials.userId, foreign))
  const report = await checkStoredSecrets(db)
  expect(report.unopenable).toEqual({ totp_credentials: 1 })
  expect(report.unopenablePublishedKeys).toEqual([])
  const [unchanged] = await db.select().from(totpCredentials).where(eq(totpCredentials.userId, foreign))
  expect(unchanged?.secretEncrypted).toBe(row?.secretEncrypted)
  await expect(unseal(row?.secretEncrypted ?? '', 'totp-secret-encryption')).rejects.toMatchObject({
    code: 'sealed_secret_unavailable',
    status: 503,
  })
  // A value sealed now opens, and names the current key.
  expect(await unseal(await seal('x', 'totp-secret-encryption'), 'totp-secret-encryption')).toBe('x')
  await db.delete(totpCredentials).where(eq(totpCredentials.userId, foreign))
})

it('refuses start-up when a published signing key opens with no given secret', async () => {
  const [key] = await db.select().from(signingKeys)
  await db
    .update(signingKeys)
    .set({ privateKeyEncrypted: await sealWith(newSecret(), 'signing-key-encryption', 'pkcs8') })
    .where(eq(signingKeys.kid, key?.kid ?? ''))
  await expect(checkStoredSecrets(db)).rejects.toBeInstanceOf(SealedSecretsRefusal)
  // Once the key is revoked it is never read again: no longer a reason to refuse.
  await db
    .update(signingKeys)
    .set({ status: 'revoked', revokedAt: NOW })
    .where(eq(signingKeys.kid, key?.kid ?? ''))
  await expect(checkStoredSecrets(db)).resolves.toMatchObject({ unopenable: { signing_keys: 1 } })
})

it('checks a one-time code against its hash under the current secret and every previous one', () => {
  const hmacUnder = (secret: string) =>
    createHmac('sha256', new Uint8Array(hkdfSync('sha256', secret, 'tessera', 'one-time-code-hash', 32)))
      .update('id:123456')
      .digest('hex')
  // Made under the current secret only; checked under all three (a code sent before the rotation still works).
  expect(keyedHash('id:123456', 'one-time-code-hash')).toBe(hmacUnder(CURRENT))
  const candidates = keyedHashes('id:123456', 'one-time-code-hash')
  expect(candidates).toHaveLength(3)
  expect(candidates[0]).toBe(hmacUnder(CURRENT))
  expect(candidates).toContain(hmacUnder(OLD))
})

it('never writes a stale seal over a value another writer changed after it was read', async () => {
  const userId = await addTotpUser(OLD)
  const [read] = await db.select().from(totpCredentials).where(eq(totpCredentials.userId, userId))
  // Meanwhile another instance (on the new secret) wrote a new value: a re-enrolment, or its own re-seal.
  const newer = await seal('TOTP-newer', 'totp-secret-encryption')
  await db.update(totpCredentials).set({ secretEncrypted: newer }).where(eq(totpCredentials.userId, userId))
  // This one re-seals what it read: nothing is written.
  expect(await resealValue(db, 'totp_credentials', userId, read?.secretEncrypted ?? '')).toBe('changed_meanwhile')
  const [after] = await db.select().from(totpCredentials).where(eq(totpCredentials.userId, userId))
  expect(after?.secretEncrypted).toBe(newer)
  // And what is current is left alone.
  expect(await resealValue(db, 'totp_credentials', userId, newer)).toBe('current')
  await db.delete(totpCredentials).where(eq(totpCredentials.userId, userId))
})
