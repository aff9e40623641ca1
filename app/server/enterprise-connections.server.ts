/**
 * Enterprise connections: the admin console's view of them (the client secret is sealed at rest and
 * never leaves the server), the checks a change must pass (the issuer's discovery document names
 * exactly that issuer; a domain belongs to one connection), and the lookups sign-in makes.
 * Every change is written to the ledger as the admin's action.
 */

import { asc, eq, inArray } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { enterpriseConnectionDomains, enterpriseConnections } from '../../db/schema.ts'
import { issuerProblem, parseDomains, ssoCallbackPath } from '../session/enterprise-sso.ts'
import { TesseraError } from '../session/errors.ts'
import type { AuditEventType } from '../session/events.ts'
import type { EnterpriseConnectionJSON } from '../session/wire.ts'
import { newId } from './crypto.server.ts'
import { isUniqueViolation } from './db-errors.server.ts'
import { appendLedger } from './ledger.server.ts'
import { discover, type OidcClient } from './oidc.server.ts'
import { seal, unseal } from './secret-box.server.ts'
import type { ServiceContext } from './service-context.server.ts'

type ConnectionRow = typeof enterpriseConnections.$inferSelect

/** The admin making a change, and the session they make it from. */
export interface AdminActor {
  id: string
  sessionId: string
}

export interface ConnectionInput {
  name: string
  issuer: string
  clientId: string
  /** Required to create; on an update, null keeps the stored secret. */
  clientSecret: string | null
  domains: string[]
  enabled: boolean
}

const SECRET_PURPOSE = 'oidc-client-secret-encryption'

async function domainsOf(db: Database, ids: readonly string[]): Promise<Map<string, string[]>> {
  const rows =
    ids.length === 0
      ? []
      : await db
          .select()
          .from(enterpriseConnectionDomains)
          .where(inArray(enterpriseConnectionDomains.connectionId, [...ids]))
          .orderBy(asc(enterpriseConnectionDomains.domain))
  const byConnection = new Map<string, string[]>()
  for (const row of rows)
    byConnection.set(row.connectionId, [...(byConnection.get(row.connectionId) ?? []), row.domain])
  return byConnection
}

function toJSON(ctx: Pick<ServiceContext, 'origin'>, row: ConnectionRow, domains: string[]): EnterpriseConnectionJSON {
  return {
    id: row.id,
    name: row.name,
    issuer: row.issuer,
    clientId: row.clientId,
    domains,
    enabled: row.enabled,
    callbackUrl: new URL(ssoCallbackPath(row.id), ctx.origin).href,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  }
}

export async function listConnections(ctx: ServiceContext): Promise<EnterpriseConnectionJSON[]> {
  const rows = await ctx.db.select().from(enterpriseConnections).orderBy(asc(enterpriseConnections.name))
  const domains = await domainsOf(
    ctx.db,
    rows.map((row) => row.id),
  )
  return rows.map((row) => toJSON(ctx, row, domains.get(row.id) ?? []))
}

/** The input in canonical form, or the error naming what is wrong with it. */
function checkInput(input: ConnectionInput): ConnectionInput {
  const problem = issuerProblem(input.issuer)
  if (problem) throw new TesseraError('sso_issuer_invalid', { meta: { reason: problem } })
  const domains = parseDomains(input.domains)
  if (!domains.ok) throw new TesseraError('sso_domain_invalid', { meta: { domain: domains.invalid } })
  return { ...input, name: input.name.trim(), domains: domains.domains }
}

/** Refuses domains another connection owns (the primary key is the last word; this names the domain). */
async function assertDomainsFree(db: Database, domains: readonly string[], connectionId: string | null) {
  const owned = await db
    .select()
    .from(enterpriseConnectionDomains)
    .where(inArray(enterpriseConnectionDomains.domain, [...domains]))
  const taken = owned.find((row) => row.connectionId !== connectionId)
  if (taken) throw new TesseraError('sso_domain_taken', { meta: { domain: taken.domain } })
}

async function replaceDomains(tx: Database, connectionId: string, domains: readonly string[]) {
  await tx.delete(enterpriseConnectionDomains).where(eq(enterpriseConnectionDomains.connectionId, connectionId))
  try {
    await tx.insert(enterpriseConnectionDomains).values(domains.map((domain) => ({ domain, connectionId })))
  } catch (error) {
    if (isUniqueViolation(error)) throw new TesseraError('sso_domain_taken')
    throw error
  }
}

async function audit(ctx: ServiceContext, tx: Database, admin: AdminActor, type: AuditEventType, detail: string) {
  await appendLedger(
    tx,
    [{ type, sessionId: admin.sessionId, userId: null, actor: 'admin', actorUserId: admin.id, detail, meta: ctx.meta }],
    ctx.now,
  )
}

const describe = (input: { name: string; issuer: string; domains: readonly string[]; enabled: boolean }) =>
  `${input.name} (${input.issuer}; ${input.domains.join(', ')}${input.enabled ? '' : '; disabled'})`

/**
 * Adds a connection. Its IdP must answer discovery with exactly this issuer now, so a typo or an
 * impostor is caught when the admin saves, not when the first person tries to sign in.
 */
export async function createConnection(
  ctx: ServiceContext,
  admin: AdminActor,
  raw: ConnectionInput,
): Promise<EnterpriseConnectionJSON> {
  const input = checkInput(raw)
  if (!input.clientSecret)
    throw new TesseraError('invalid_input', { meta: { issues: [{ path: 'clientSecret', message: 'Required.' }] } })
  await assertDomainsFree(ctx.db, input.domains, null)
  await discover({ issuer: input.issuer, clientId: input.clientId, clientSecret: input.clientSecret })
  const secret = await seal(input.clientSecret, SECRET_PURPOSE)
  const row = await ctx.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(enterpriseConnections)
      .values({
        id: newId('enterpriseConnection'),
        name: input.name,
        issuer: input.issuer,
        clientId: input.clientId,
        clientSecretEncrypted: secret,
        enabled: input.enabled,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning()
    if (!inserted) throw new Error('insert into enterprise_connections returned no row')
    await replaceDomains(tx, inserted.id, input.domains)
    await audit(ctx, tx, admin, 'enterprise_connection_added', describe(input))
    return inserted
  })
  return toJSON(ctx, row, input.domains)
}

/** Changes a connection; a new issuer, client or secret is checked against the IdP again. */
export async function updateConnection(
  ctx: ServiceContext,
  admin: AdminActor,
  connectionId: string,
  raw: ConnectionInput,
): Promise<EnterpriseConnectionJSON> {
  const input = checkInput(raw)
  const current = await connectionRow(ctx.db, connectionId)
  await assertDomainsFree(ctx.db, input.domains, connectionId)
  const clientSecret = input.clientSecret ?? (await unseal(current.clientSecretEncrypted, SECRET_PURPOSE))
  const talksDifferently =
    input.issuer !== current.issuer || input.clientId !== current.clientId || input.clientSecret !== null
  if (talksDifferently) await discover({ issuer: input.issuer, clientId: input.clientId, clientSecret })
  const row = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(enterpriseConnections)
      .set({
        name: input.name,
        issuer: input.issuer,
        clientId: input.clientId,
        ...(input.clientSecret ? { clientSecretEncrypted: await seal(input.clientSecret, SECRET_PURPOSE) } : {}),
        enabled: input.enabled,
        updatedAt: ctx.now,
      })
      .where(eq(enterpriseConnections.id, connectionId))
      .returning()
    if (!updated) throw new TesseraError('sso_connection_not_found')
    await replaceDomains(tx, connectionId, input.domains)
    await audit(ctx, tx, admin, 'enterprise_connection_changed', describe(input))
    return updated
  })
  return toJSON(ctx, row, input.domains)
}

/** Removes a connection: its links to users go with it, and its users sign in another way. */
export async function deleteConnection(ctx: ServiceContext, admin: AdminActor, connectionId: string): Promise<void> {
  const current = await connectionRow(ctx.db, connectionId)
  const domains = (await domainsOf(ctx.db, [connectionId])).get(connectionId) ?? []
  await ctx.db.transaction(async (tx) => {
    await tx.delete(enterpriseConnections).where(eq(enterpriseConnections.id, connectionId))
    await audit(ctx, tx, admin, 'enterprise_connection_removed', describe({ ...current, domains }))
  })
}

async function connectionRow(db: Database, connectionId: string): Promise<ConnectionRow> {
  const [row] = await db.select().from(enterpriseConnections).where(eq(enterpriseConnections.id, connectionId))
  if (!row) throw new TesseraError('sso_connection_not_found')
  return row
}

// ---------------------------------------------------------------------------------------------
// What sign-in and verification need

export interface Connection extends OidcClient {
  name: string
  enabled: boolean
  domains: string[]
}

/** A connection with its secret unsealed, for talking to its IdP. */
export async function loadConnection(db: Database, connectionId: string): Promise<Connection> {
  const row = await connectionRow(db, connectionId)
  return {
    id: row.id,
    name: row.name,
    issuer: row.issuer,
    clientId: row.clientId,
    clientSecret: await unseal(row.clientSecretEncrypted, SECRET_PURPOSE),
    updatedAt: row.updatedAt,
    enabled: row.enabled,
    domains: (await domainsOf(db, [row.id])).get(row.id) ?? [],
  }
}

/** The enabled connection that owns an email domain, or null. */
export async function enabledConnectionForDomain(
  db: Database,
  domain: string,
): Promise<{ id: string; name: string } | null> {
  const [row] = await db
    .select({ id: enterpriseConnections.id, name: enterpriseConnections.name, enabled: enterpriseConnections.enabled })
    .from(enterpriseConnectionDomains)
    .innerJoin(enterpriseConnections, eq(enterpriseConnections.id, enterpriseConnectionDomains.connectionId))
    .where(eq(enterpriseConnectionDomains.domain, domain))
  return row?.enabled ? { id: row.id, name: row.name } : null
}
